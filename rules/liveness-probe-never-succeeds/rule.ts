import { defineRule } from '../../src/engine/index.js';
import { reportFacts } from '../../src/lifecycle/rules.js';

// A failing liveness probe makes kubelet kill the container after failureThreshold failures:
// https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes
export const rule = defineRule({
  id: 'liveness-probe-never-succeeds',
  meta: {
    category: 'lifecycle',
    severity: 'error',
    recommended: true,
    description: 'A liveness probe can never succeed, so kubelet kills and restarts the container forever',
  },
  check(_doc, ctx) {
    reportFacts(ctx, 'liveness-probe-never-succeeds');
  },
});
