import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { containerAnchor, isLongRunning } from '../../src/k8s/workload.js';

// Without a readiness probe a container counts as ready once it has started:
// https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#when-should-you-use-a-readiness-probe
export const rule = defineRule({
  id: 'missing-readiness-probe',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: false,
    description: 'A long-running container has no readiness probe',
  },
  check(doc, ctx) {
    const pod = ctx.podSpec();
    if (!isLongRunning(doc, pod)) return;
    for (const c of ctx.containers()) {
      if (c.role !== 'app' || c.container.readinessProbe !== undefined) continue;
      ctx.report({
        path: containerAnchor(c),
        message: `${containerLabel(c, { role: true })} has no readinessProbe, so it counts as Ready as soon as it starts: Services send it traffic and a rolling update moves on before it can serve`,
      });
    }
  },
});
