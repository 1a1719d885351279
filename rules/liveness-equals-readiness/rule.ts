import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { canonicalJson, isObject, type JsonObject } from '../../src/k8s/object.js';

// The API server's defaults for a probe's timing fields (SetDefaults_Probe).
const TIMING: readonly [string, number][] = [
  ['initialDelaySeconds', 0],
  ['timeoutSeconds', 1],
  ['periodSeconds', 10],
  ['failureThreshold', 3],
];
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

/** The handler and timing of a probe after defaulting: what decides when it fails. */
function behaviour(probe: JsonObject): string {
  const handler = HANDLERS.map((h) => [h, probe[h]] as const).filter(([, v]) => v !== undefined);
  const timing = TIMING.map(([field, dflt]) => [field, probe[field] ?? dflt] as const);
  return canonicalJson([Object.fromEntries(handler), Object.fromEntries(timing)]);
}

// https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
export const rule = defineRule({
  id: 'liveness-equals-readiness',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: true,
    description: 'A container’s liveness probe is the same check as its readiness probe',
  },
  check(_doc, ctx) {
    for (const c of ctx.containers()) {
      if (c.role !== 'app' && c.role !== 'sidecar') continue;
      const { livenessProbe: liveness, readinessProbe: readiness } = c.container;
      if (!isObject(liveness) || !isObject(readiness)) continue;
      if (!HANDLERS.some((h) => liveness[h] !== undefined)) continue;
      if (behaviour(liveness) !== behaviour(readiness)) continue;
      ctx.report({
        path: [...c.path, 'livenessProbe'],
        key: true,
        message: `the livenessProbe of ${containerLabel(c, { role: true })} is the same check with the same timing as its readinessProbe, so they fail together: when the container is only busy or a dependency is down, kubelet kills it at the moment it is taken out of the Service instead of letting it recover, and restarts can cascade across replicas`,
        related: [
          { message: 'the identical readinessProbe', path: [...c.path, 'readinessProbe'], key: true },
        ],
      });
    }
  },
});
