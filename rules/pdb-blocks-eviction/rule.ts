import { defineRule } from '../../src/engine/index.js';
import { getPath } from '../../src/k8s/object.js';
import { formatSelector, templateIndexOf, templateRequirements } from '../../src/k8s/selector.js';
import {
  budgetSelectorOf,
  formatIntOrPercent,
  hpaOf,
  isDisruptionBudget,
  parseIntOrPercent,
  replicasOf,
} from '../../src/k8s/workload.js';

const DRAIN = 'kubectl drain (and every node upgrade) waits forever on a node running one of them';

// The disruption controller allows an eviction only while currentHealthy > desiredHealthy, where
// desiredHealthy is minAvailable (a percentage of the expected pods, rounded up) or the expected
// pods minus maxUnavailable (a percentage rounded up):
// https://kubernetes.io/docs/tasks/run-application/configure-pdb/#rounding-logic-when-specifying-percentages
export const rule = defineRule({
  id: 'pdb-blocks-eviction',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: true,
    description: 'A PodDisruptionBudget allows no voluntary eviction at all, so node drains never finish',
  },
  check(doc, ctx) {
    if (!isDisruptionBudget(ctx.resource)) return;
    const spec = getPath(doc.object, ['spec']);
    const maxUnavailable = parseIntOrPercent(getPath(spec, ['maxUnavailable']));
    const minAvailable = parseIntOrPercent(getPath(spec, ['minAvailable']));
    if (maxUnavailable && minAvailable) return; // both set: the API server rejects the budget
    if (maxUnavailable) {
      if (maxUnavailable.type !== 'invalid' && maxUnavailable.value === 0)
        ctx.report({
          path: ['spec', 'maxUnavailable'],
          message: `maxUnavailable ${formatIntOrPercent(maxUnavailable)} allows no voluntary eviction of the pods this budget selects: ${DRAIN}`,
        });
      return;
    }
    if (!minAvailable || minAvailable.type === 'invalid') return;
    if (minAvailable.type === 'percent' && minAvailable.value >= 100) {
      ctx.report({
        path: ['spec', 'minAvailable'],
        message: `minAvailable ${formatIntOrPercent(minAvailable)} keeps every selected pod available, so no voluntary eviction is allowed: ${DRAIN}`,
      });
      return;
    }
    // Compare with the replicas of the workloads it selects, when the input tells them all.
    const selector = budgetSelectorOf(doc);
    if (!selector) return;
    const templates = templateIndexOf(ctx).matching(templateRequirements(selector), ctx.namespaceOf(doc));
    let expected = 0;
    for (const t of templates) {
      if (t.kind === 'Pod') {
        expected += 1;
        continue;
      }
      const replicas = replicasOf(t.doc);
      if (!replicas || hpaOf(ctx, t.doc)) return; // DaemonSets, Jobs, autoscaled: the count is not known here
      expected += replicas.count;
    }
    if (expected === 0) return;
    const desired =
      minAvailable.type === 'int' ? minAvailable.value : Math.ceil((minAvailable.value * expected) / 100);
    if (desired < expected) return;
    const workloads = templates.map((t) => `${t.kind} "${t.name ?? ''}"`).join(', ');
    const rounded = minAvailable.type === 'percent' ? ` (${desired} of ${expected}, rounded up)` : '';
    ctx.report({
      path: ['spec', 'minAvailable'],
      message: `minAvailable ${formatIntOrPercent(minAvailable)}${rounded} is not less than the ${expected} pod${expected === 1 ? '' : 's'} selected by "${formatSelector(selector)}" (${workloads}), so no voluntary eviction is allowed: ${DRAIN}`,
      related: templates.slice(0, 5).map((t) => ({
        message: `${t.kind} "${t.name ?? ''}" selected by the budget`,
        path: ['metadata', 'name'],
        doc: t.doc,
      })),
    });
  },
});
