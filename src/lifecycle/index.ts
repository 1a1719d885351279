import type { ManifestDoc } from '../load/types.js';
import { POD_NAMESPACE } from './command.js';
import { podModelOf } from './model.js';
import { simulatePod, type HostVerdict, type PodTrace } from './simulate.js';

export { simulatePod, formatSeconds, backoffDelay, restartTimes } from './simulate.js';
export type {
  Fact,
  FactId,
  PodTrace,
  PodOutcome,
  PodPhase,
  TimelineEvent,
  HostLookup,
  HostVerdict,
} from './simulate.js';
export { podModelOf } from './model.js';
export type { PodModel, ContainerModel, ProbeModel } from './model.js';
export { commandBehaviour, scriptBehaviour, type Behaviour } from './command.js';

/** Services every cluster has, whatever the input: the API server's and cluster DNS's. */
const BUILT_IN_SERVICES: [string, string][] = [
  ['default', 'kubernetes'],
  ['kube-system', 'kube-dns'],
];

/** Services of the input by namespace, for resolving the DNS names init containers wait for. */
export class ServiceIndex {
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly namespaces = new Set<string>();

  constructor(docs: readonly ManifestDoc[], namespaceOf: (d: ManifestDoc) => string) {
    for (const d of docs) {
      if (!d.resource) continue;
      const ns = namespaceOf(d);
      this.namespaces.add(ns);
      if (d.resource.kind === 'Namespace' && d.resource.name) this.namespaces.add(d.resource.name);
      if (d.resource.kind === 'Service' && d.resource.name) this.add(ns, d.resource.name);
    }
  }

  private add(ns: string, name: string): void {
    const names = this.byNamespace.get(ns) ?? new Set<string>();
    names.add(name);
    this.byNamespace.set(ns, names);
  }

  private has(ns: string, name: string): boolean {
    return (
      (this.byNamespace.get(ns)?.has(name) ?? false) ||
      BUILT_IN_SERVICES.some(([n, s]) => n === ns && s === name)
    );
  }

  private verdict(namespace: string, service: string): HostVerdict {
    if (this.has(namespace, service)) return { verdict: 'found', namespace, service };
    return { verdict: this.byNamespace.get(namespace)?.size ? 'missing' : 'partial', namespace, service };
  }

  /**
   * Resolve a host the way cluster DNS would for a pod in `podNamespace`: `svc`, `svc.ns`,
   * `svc.ns.svc[.cluster.local]`, and StatefulSet pod names `pod.svc[.ns.svc…]`. Names that are not
   * clearly cluster names (other domains) are external: no claim is made about them.
   */
  lookup(host: string, podNamespace: string): HostVerdict {
    const external: HostVerdict = { verdict: 'external' };
    const name = host.replaceAll(POD_NAMESPACE, podNamespace).toLowerCase().replace(/\.$/, '');
    if (/^[\d.]+$/.test(name) || name === 'localhost') return external;
    let labels = name.split('.');
    let clusterSuffix = false;
    if (labels.slice(-3).join('.') === 'svc.cluster.local') {
      labels = labels.slice(0, -3);
      clusterSuffix = true;
    } else if (labels[labels.length - 1] === 'svc') {
      labels = labels.slice(0, -1);
      clusterSuffix = true;
    }
    const [a, b, c] = labels;
    if (labels.length === 1 && a && !clusterSuffix) return this.verdict(podNamespace, a);
    if (labels.length === 2 && a && b) {
      if (clusterSuffix) return this.verdict(b, a);
      if (this.has(b, a)) return { verdict: 'found', namespace: b, service: a };
      if (this.has(podNamespace, b)) return { verdict: 'found', namespace: podNamespace, service: b };
      return this.namespaces.has(b) || BUILT_IN_SERVICES.some(([n]) => n === b)
        ? this.verdict(b, a)
        : external;
    }
    if (labels.length === 3 && b && c && clusterSuffix) return this.verdict(c, b);
    return external;
  }
}

export interface SimulateDocOptions {
  services: ServiceIndex;
  namespace: string;
  horizon?: number;
}

/** The lifecycle trace of a workload document, or undefined when it has no pod template. */
export function simulateDoc(doc: ManifestDoc, options: SimulateDocOptions): PodTrace | undefined {
  if (!doc.resource) return undefined;
  const model = podModelOf(doc.resource, doc.object);
  if (!model) return undefined;
  return simulatePod(model, {
    horizon: options.horizon,
    namespace: options.namespace,
    lookupHost: (host) => options.services.lookup(host, options.namespace),
  });
}
