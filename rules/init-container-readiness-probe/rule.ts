import { defineRule } from '../../src/engine/index.js';

// Regular init containers run to completion one after another, so "ready" and "alive" mean nothing
// for them: the API server forbids these fields unless the init container is a sidecar
// (restartPolicy: Always). https://kubernetes.io/docs/concepts/workloads/pods/init-containers/
const FORBIDDEN_ON_INIT = ['readinessProbe', 'livenessProbe', 'startupProbe', 'lifecycle'] as const;

export const rule = defineRule({
  id: 'init-container-readiness-probe',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'An init container that is not a sidecar has a probe or lifecycle hook, which the API server rejects',
  },
  check(_doc, ctx) {
    for (const c of ctx.containers()) {
      if (c.role !== 'init') continue;
      for (const field of FORBIDDEN_ON_INIT) {
        if (!Object.hasOwn(c.container, field)) continue;
        ctx.report({
          path: [...c.path, field],
          key: true,
          message: `init container "${c.name ?? '?'}" sets ${field}, which may not be set for init containers without restartPolicy=Always, so the API server rejects the pod`,
        });
      }
    }
  },
});
