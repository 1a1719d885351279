import { defineRule } from '../../src/engine/index.js';
import { reportFacts } from '../../src/lifecycle/rules.js';

// The grace period covers the preStop hook and the SIGTERM shutdown together:
// https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
export const rule = defineRule({
  id: 'prestop-exceeds-grace-period',
  meta: {
    category: 'lifecycle',
    severity: 'warning',
    recommended: true,
    description:
      'A preStop hook runs longer than terminationGracePeriodSeconds, so the container is killed mid-shutdown',
  },
  check(_doc, ctx) {
    reportFacts(ctx, 'prestop-exceeds-grace-period');
  },
});
