import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { containerAnchor, isLongRunning } from '../../src/k8s/workload.js';

// Without a liveness probe kubelet restarts a container only when its process exits:
// https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#when-should-you-use-a-liveness-probe
export const rule = defineRule({
  id: 'missing-liveness-probe',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: false,
    description: 'A long-running container has no liveness probe',
  },
  check(doc, ctx) {
    const pod = ctx.podSpec();
    if (!isLongRunning(doc, pod)) return;
    for (const c of ctx.containers()) {
      if (c.role !== 'app' || c.container.livenessProbe !== undefined) continue;
      ctx.report({
        path: containerAnchor(c),
        message: `${containerLabel(c, { role: true })} has no livenessProbe, so kubelet restarts it only when its process exits: a hung process (deadlock, stuck event loop) keeps running and stays in the pod`,
      });
    }
  },
});
