import { defineRule } from '../../src/engine/index.js';
import { reportFacts } from '../../src/lifecycle/rules.js';

// kubelet restarts containers of restartPolicy Always pods whenever they exit, with a back-off
// of 10s doubling to 5m: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts
export const rule = defineRule({
  id: 'crashloop-exits-immediately',
  meta: {
    category: 'lifecycle',
    severity: 'error',
    recommended: true,
    description:
      'A container exits by itself under restartPolicy Always, so the pod ends in CrashLoopBackOff',
  },
  check(_doc, ctx) {
    reportFacts(ctx, 'crashloop-exits-immediately');
  },
});
