import { defineRule } from '../../src/engine/index.js';
import { reportFacts } from '../../src/lifecycle/rules.js';

// An init container looping on `nslookup`/`nc -z`/`wget` keeps the pod in Init:N/M until the name
// resolves: https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#init-containers-in-use
export const rule = defineRule({
  id: 'init-waits-for-missing-service',
  meta: {
    category: 'lifecycle',
    severity: 'warning',
    recommended: true,
    description: 'An init container waits for a Service that is not in the input',
  },
  check(_doc, ctx) {
    reportFacts(ctx, 'init-waits-for-missing-service');
  },
});
