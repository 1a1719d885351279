import { defineRule } from '../../src/engine/index.js';
import { reportFacts } from '../../src/lifecycle/rules.js';

// A Job completes when its pods exit 0; failures are retried up to backoffLimit, and
// activeDeadlineSeconds bounds the whole run: https://kubernetes.io/docs/concepts/workloads/controllers/job/
export const rule = defineRule({
  id: 'job-never-completes',
  meta: {
    category: 'lifecycle',
    severity: 'error',
    recommended: true,
    description: 'A Job or CronJob pod can never succeed, so the Job never completes',
  },
  check(_doc, ctx) {
    reportFacts(ctx, 'job-never-completes');
  },
});
