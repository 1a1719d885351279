import { defineRule } from '../../src/engine/index.js';
import { reportFacts } from '../../src/lifecycle/rules.js';

// Init containers run one at a time and each must exit 0 before the next starts:
// https://kubernetes.io/docs/concepts/workloads/pods/init-containers/
export const rule = defineRule({
  id: 'init-container-never-completes',
  meta: {
    category: 'lifecycle',
    severity: 'error',
    recommended: true,
    description: 'An init container never exits successfully, so the pod never starts its app containers',
  },
  check(_doc, ctx) {
    reportFacts(ctx, 'init-container-never-completes');
  },
});
