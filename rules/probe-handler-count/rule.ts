import { defineRule } from '../../src/engine/index.js';
import { formatPath } from '../../src/k8s/object.js';
import { handlerHoldersOf, handlersSet } from '../../src/k8s/probes.js';

// A probe or lifecycle hook has exactly one handler (validateHandler): none is `Required value:
// must specify a handler type`; every handler after the first, in the API server's order (exec,
// httpGet, tcpSocket, grpc, sleep), is `Forbidden: may not specify more than 1 handler type`.
// https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
export const rule = defineRule({
  id: 'probe-handler-count',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description: 'A probe or lifecycle hook has no handler or more than one, which the API server rejects',
  },
  check(_doc, ctx) {
    for (const h of handlerHoldersOf(ctx.containers())) {
      const set = handlersSet(h);
      const who = `${h.field} of container "${h.container.name ?? '?'}"`;
      if (set.length === 0) {
        ctx.report({
          path: h.path,
          key: true,
          message: `${who} has no handler (one of ${h.handlerTypes.join(', ')}), so the API server rejects the pod (${formatPath(h.path)}: Required value: must specify a handler type)`,
        });
        continue;
      }
      for (const extra of set.slice(1)) {
        const path = [...h.path, extra];
        ctx.report({
          path,
          key: true,
          message: `${who} has both ${set[0]} and ${extra}; a probe or hook runs exactly one handler, so the API server rejects the pod (${formatPath(path)}: Forbidden: may not specify more than 1 handler type)`,
          related: [{ message: `${set[0]} set here`, path: [...h.path, set[0] ?? ''], key: true }],
        });
      }
    }
  },
});
