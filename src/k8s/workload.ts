import type { JsonPath, ManifestDoc } from '../load/types.js';
import { getPath, isObject } from './object.js';
import type { ContainerRef, PodSpecRef } from './pod.js';
import {
  matchesLabels,
  stringLabels,
  parseLabelSelector,
  type Labels,
  type Requirement,
  type RunContext,
} from './selector.js';

/** An intstr.IntOrString used as a count or a percentage (maxUnavailable, minAvailable, …). */
export type IntOrPercent =
  | { type: 'int'; value: number }
  | { type: 'percent'; value: number }
  /** A string that is not `<digits>%`, which the API server rejects. */
  | { type: 'invalid'; text: string };

/** undefined when the field is absent or null (defaulted), or not an int or string at all (a schema error). */
export function parseIntOrPercent(value: unknown): IntOrPercent | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'int', value } : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^([0-9]+)%$/.exec(value);
  return m ? { type: 'percent', value: Number(m[1]) } : { type: 'invalid', text: value };
}

/** How the API server's getIntOrPercentValue reads a value: the number, or the percentage's number. */
export function intOrPercentValue(v: IntOrPercent): number {
  if (v.type === 'invalid') return /^-?[0-9]+$/.test(v.text) ? Number(v.text) : 0;
  return v.value;
}

export function formatIntOrPercent(v: IntOrPercent): string {
  return v.type === 'int' ? String(v.value) : v.type === 'percent' ? `"${v.value}%"` : JSON.stringify(v.text);
}

/** Kinds whose `spec.replicas` says how many pods run (defaulted to 1 when absent). */
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

export interface Replicas {
  count: number;
  /** False when spec.replicas is absent and the API server defaults it to 1. */
  explicit: boolean;
}

/** The replica count of a replicated workload; undefined for other kinds or a non-integer value. */
export function replicasOf(doc: ManifestDoc): Replicas | undefined {
  if (!REPLICATED.has(doc.resource?.kind ?? '')) return undefined;
  const value = getPath(doc.object, ['spec', 'replicas']);
  if (value === undefined || value === null) return { count: 1, explicit: false };
  return typeof value === 'number' && Number.isInteger(value) ? { count: value, explicit: true } : undefined;
}

const LONG_RUNNING = new Set([...REPLICATED, 'DaemonSet']);

/**
 * Whether the pod's app containers are meant to run until stopped: the pods of Deployments,
 * StatefulSets, DaemonSets, ReplicaSets and ReplicationControllers, and bare Pods whose
 * restartPolicy is Always (the default). Jobs, CronJobs and run-once Pods finish.
 */
export function isLongRunning(doc: ManifestDoc, pod: PodSpecRef | undefined): boolean {
  const kind = doc.resource?.kind ?? '';
  if (LONG_RUNNING.has(kind)) return true;
  if (kind !== 'Pod' || !pod) return false;
  const policy = pod.spec.restartPolicy;
  return policy === undefined || policy === null || policy === 'Always';
}

/** Where a finding about a whole container points: its name, or the container when it has none. */
export function containerAnchor(c: ContainerRef): JsonPath {
  return c.name === undefined ? c.path : [...c.path, 'name'];
}

const keyOf = (...parts: string[]): string => parts.join('\u0000');

export interface HpaTarget {
  hpa: ManifestDoc;
  minReplicas: number | undefined;
  maxReplicas: number | undefined;
}

/** HorizontalPodAutoscalers of the input by the namespace, kind and name of their scale target. */
function hpaTargets(ctx: RunContext): Map<string, HpaTarget> {
  return ctx.memo(
    'k8s:hpa-targets',
    () => {
      const out = new Map<string, HpaTarget>();
      for (const d of ctx.index) {
        if (d.resource?.kind !== 'HorizontalPodAutoscaler') continue;
        const ref = getPath(d.object, ['spec', 'scaleTargetRef']);
        if (!isObject(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string') continue;
        const int = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
        const spec = getPath(d.object, ['spec']);
        const min = isObject(spec) ? int(spec.minReplicas) : undefined;
        const max = isObject(spec) ? int(spec.maxReplicas) : undefined;
        out.set(keyOf(ctx.namespaceOf(d), ref.kind, ref.name), {
          hpa: d,
          minReplicas: min ?? 1,
          maxReplicas: max,
        });
      }
      return out;
    },
    'run',
  );
}

/** The HPA of the input that scales this workload, if any (its replicas then vary). */
export function hpaOf(ctx: RunContext, doc: ManifestDoc): HpaTarget | undefined {
  const { kind, name } = doc.resource ?? {};
  if (kind === undefined || name === undefined) return undefined;
  return hpaTargets(ctx).get(keyOf(ctx.namespaceOf(doc), kind, name));
}

export type ResourceName = 'cpu' | 'memory';

export interface ContainerDefaults {
  /** Resources whose request a LimitRange of the namespace defaults. */
  requests: ReadonlySet<ResourceName>;
  /** Resources whose limit a LimitRange of the namespace defaults. */
  limits: ReadonlySet<ResourceName>;
  /** The LimitRange that sets them, for related locations. */
  source?: ManifestDoc;
}

const NO_DEFAULTS: ContainerDefaults = { requests: new Set(), limits: new Set() };

/**
 * What the LimitRanges (type Container) of the input default for containers of a namespace. The
 * LimitRanger admission plugin fills a missing limit from `default` (itself defaulted from `max`) and
 * a missing request from `defaultRequest` (defaulted from `default`, then `max`).
 * https://kubernetes.io/docs/concepts/policy/limit-range/
 */
export function limitRangeDefaults(ctx: RunContext, namespace: string): ContainerDefaults {
  const byNamespace = ctx.memo(
    'k8s:limit-range-defaults',
    () => {
      const out = new Map<
        string,
        { requests: Set<ResourceName>; limits: Set<ResourceName>; source: ManifestDoc }
      >();
      for (const d of ctx.index) {
        if (d.resource?.kind !== 'LimitRange') continue;
        const limits = getPath(d.object, ['spec', 'limits']);
        if (!Array.isArray(limits)) continue;
        const ns = ctx.namespaceOf(d);
        let entry = out.get(ns);
        if (!entry) out.set(ns, (entry = { requests: new Set(), limits: new Set(), source: d }));
        for (const item of limits) {
          if (!isObject(item) || item.type !== 'Container') continue;
          for (const r of ['cpu', 'memory'] as const) {
            const has = (field: string): boolean => isObject(item[field]) && item[field][r] !== undefined;
            if (has('default') || has('max')) entry.limits.add(r);
            if (has('defaultRequest') || has('default') || has('max')) entry.requests.add(r);
          }
        }
      }
      return out;
    },
    'run',
  );
  return byNamespace.get(namespace) ?? NO_DEFAULTS;
}

/** The quantity a container (or the pod, for pod-level resources) sets under resources.<kind>.<name>. */
export function resourceSet(
  owner: Record<string, unknown>,
  kind: 'requests' | 'limits',
  name: ResourceName,
): boolean {
  const v = getPath(owner, ['resources', kind, name]);
  return v !== undefined && v !== null && v !== '';
}

export interface Budget {
  doc: ManifestDoc;
  /** The selector's requirements; undefined when the selector selects no pods (null, or empty in v1beta1). */
  selector: readonly Requirement[] | undefined;
}

/** A PodDisruptionBudget of an apiVersion whose selector semantics are known (policy/v1, v1beta1). */
export function isDisruptionBudget(resource: { kind: string; apiVersion: string }): boolean {
  return (
    resource.kind === 'PodDisruptionBudget' &&
    (resource.apiVersion === 'policy/v1' || resource.apiVersion === 'policy/v1beta1')
  );
}

/**
 * The requirements of a PodDisruptionBudget's selector; undefined when it selects no pods (null or
 * malformed, or empty in policy/v1beta1; an empty policy/v1 selector selects every pod of the namespace).
 */
export function budgetSelectorOf(pdb: ManifestDoc): Requirement[] | undefined {
  const reqs = parseLabelSelector(getPath(pdb.object, ['spec', 'selector']));
  return reqs?.length === 0 && pdb.resource?.apiVersion === 'policy/v1beta1' ? undefined : reqs;
}

/** The PodDisruptionBudgets of the input by namespace, with their selectors parsed. */
export function budgetsByNamespace(ctx: RunContext): ReadonlyMap<string, readonly Budget[]> {
  return ctx.memo(
    'k8s:pdbs',
    () => {
      const out = new Map<string, Budget[]>();
      for (const d of ctx.index) {
        if (d.resource?.kind !== 'PodDisruptionBudget') continue;
        const ns = ctx.namespaceOf(d);
        const list = out.get(ns) ?? [];
        list.push({ doc: d, selector: budgetSelectorOf(d) });
        out.set(ns, list);
      }
      return out;
    },
    'run',
  );
}

/** The string-valued labels of a workload's pod template. */
export function templateLabelsOf(doc: ManifestDoc): Labels {
  return stringLabels(getPath(doc.object, ['spec', 'template', 'metadata', 'labels']));
}

/** `budget` selects pods with these labels. */
export function budgetSelects(budget: Budget, labels: Labels): boolean {
  return budget.selector !== undefined && matchesLabels(budget.selector, labels);
}
