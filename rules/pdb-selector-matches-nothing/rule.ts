import { defineRule } from '../../src/engine/index.js';
import { getPath, isObject } from '../../src/k8s/object.js';
import {
  formatSelector,
  noMatchHint,
  parseLabelSelector,
  templateIndexOf,
  templateRequirements,
} from '../../src/k8s/selector.js';
import { isDisruptionBudget } from '../../src/k8s/workload.js';

const CONSEQUENCE = 'so the budget protects no pods: drains and other evictions are not limited by it';

// The disruption controller counts the pods the selector matches in the PDB's namespace.
// policy/v1: a null selector matches no pods, an empty one ({}) every pod of the namespace;
// policy/v1beta1: null and empty both match no pods.
// https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/pod-disruption-budget-v1/
export const rule = defineRule({
  id: 'pdb-selector-matches-nothing',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: true,
    description: 'A PodDisruptionBudget selector matches the pod template labels of no workload in the input',
  },
  check(doc, ctx) {
    if (!isDisruptionBudget(ctx.resource)) return;
    const { apiVersion } = ctx.resource;
    const spec = getPath(doc.object, ['spec']);
    if (!isObject(spec)) return;
    const path = ['spec', 'selector'];
    if (spec.selector === undefined || spec.selector === null) {
      ctx.report({
        path,
        message: `the budget has no selector (a null selector matches no pods), ${CONSEQUENCE}`,
      });
      return;
    }
    const selector = parseLabelSelector(spec.selector);
    if (!selector) return; // malformed: the API server rejects it
    if (selector.length === 0) {
      if (apiVersion === 'policy/v1beta1')
        ctx.report({ path, message: `an empty selector matches no pods in policy/v1beta1, ${CONSEQUENCE}` });
      return; // policy/v1: every pod of the namespace, whatever its labels
    }
    const reqs = templateRequirements(selector);
    if (reqs.length === 0) return;
    const ns = ctx.namespaceOf(doc);
    const templates = templateIndexOf(ctx);
    if (templates.matching(reqs, ns).length > 0) return;
    const hint = noMatchHint(reqs, ns, templates, 'a budget');
    ctx.report({
      path,
      message: `selector "${formatSelector(selector)}" matches no pod template in the input in namespace "${ns}", ${CONSEQUENCE}${hint.text}`,
      related: hint.related,
    });
  },
});
