import { defineRule } from '../../src/engine/index.js';
import { isObject, type JsonObject } from '../../src/k8s/object.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

type ProbeField = (typeof PROBES)[number];

// What kubelet does when a named port cannot be resolved (pkg/probe/util.go ResolveContainerPort):
// the probe errors, and the worker throws errored results away, so the probe never succeeds and
// never counts a failure.
const NAMED_CONSEQUENCE: Record<ProbeField, string> = {
  readinessProbe: 'the container never becomes Ready',
  livenessProbe: 'the liveness probe never succeeds or fails and never restarts a hung container',
  startupProbe: 'the startup probe never succeeds, so the container never becomes Ready',
};

function declaredPorts(container: JsonObject): { names: Set<string>; numbers: Set<number> } {
  const names = new Set<string>();
  const numbers = new Set<number>();
  for (const p of Array.isArray(container.ports) ? container.ports : []) {
    if (!isObject(p)) continue;
    if (typeof p.name === 'string') names.add(p.name);
    if (typeof p.containerPort === 'number') numbers.add(p.containerPort);
  }
  return { names, numbers };
}

// Probes reach the pod's IP, so a numeric port works when any container of the pod listens on it;
// containerPort is informational, so a container that declares no ports is not flagged.
// https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#use-a-named-port
export const rule = defineRule({
  id: 'probe-port-not-exposed',
  meta: {
    category: 'reliability',
    severity: 'error',
    recommended: true,
    description: "A probe's port matches no port the container declares",
  },
  check(_doc, ctx) {
    const containers = ctx.containers();
    // Only containers running while probes run can be listening: app containers and sidecars.
    const running = containers.filter((c) => c.role === 'app' || c.role === 'sidecar');
    const podNumbers = new Set(running.flatMap((c) => [...declaredPorts(c.container).numbers]));
    for (const c of containers) {
      const own = declaredPorts(c.container);
      for (const probeField of PROBES) {
        const probe = c.container[probeField];
        if (!isObject(probe)) continue;
        for (const handler of HANDLERS) {
          const action = probe[handler];
          if (!isObject(action) || !Object.hasOwn(action, 'port')) continue;
          const path = [...c.path, probeField, handler, 'port'];
          const name = c.name ?? '?';
          // kubelet reads a numeric string as that number (ResolveContainerPort's Atoi fallback).
          const port =
            typeof action.port === 'string' && /^\d+$/.test(action.port) ? Number(action.port) : action.port;
          // grpc.port is an int32: a name there is a schema error, not a resolution problem.
          if (typeof port === 'string' && handler !== 'grpc' && !own.names.has(port)) {
            const known = own.names.size
              ? `it declares ${[...own.names].map((n) => `"${n}"`).join(', ')}`
              : 'it declares no named ports';
            ctx.report({
              path,
              severity: 'error',
              message: `${probeField} uses port "${port}", but container "${name}" has no port named "${port}" (${known}), so kubelet cannot resolve it: ${NAMED_CONSEQUENCE[probeField]}`,
            });
          } else if (
            typeof port === 'number' &&
            own.numbers.size > 0 &&
            !podNumbers.has(port) &&
            // A probe with its own host checks another machine, not this pod.
            action.host === undefined
          ) {
            ctx.report({
              path,
              severity: 'warning',
              message: `${probeField} checks port ${port}, but container "${name}" declares containerPort ${[...own.numbers].join(', ')} and no container of the pod declares ${port}; if nothing listens on ${port} the probe always fails`,
            });
          }
        }
      }
    }
  },
});
