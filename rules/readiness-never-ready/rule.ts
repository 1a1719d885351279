import { defineRule } from '../../src/engine/index.js';
import { reportFacts } from '../../src/lifecycle/rules.js';

// Until its readiness probe succeeds a pod is not Ready and is left out of Service endpoints:
// https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes
export const rule = defineRule({
  id: 'readiness-never-ready',
  meta: {
    category: 'lifecycle',
    severity: 'warning',
    recommended: true,
    description: 'A readiness probe can never succeed, so the pod never becomes Ready',
  },
  check(_doc, ctx) {
    reportFacts(ctx, 'readiness-never-ready');
  },
});
