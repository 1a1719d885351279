import { defineRule } from '../../src/engine/index.js';
import { formatSelector, noMatchHint, serviceSelectorOf, templateIndexOf } from '../../src/k8s/selector.js';

// A Service's selector is matched against pod labels in the Service's own namespace; with no
// matching pods the EndpointSlice controller publishes no endpoints, and connections to the
// Service fail. https://kubernetes.io/docs/concepts/services-networking/service/#services-in-kubernetes
export const rule = defineRule({
  id: 'service-selector-matches-nothing',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: true,
    description: 'A Service selector matches the pod template labels of no workload in the input',
  },
  check(doc, ctx) {
    const service = serviceSelectorOf(doc);
    if (!service) return;
    const { selector, reqs } = service;
    const ns = ctx.namespaceOf(doc);
    const templates = templateIndexOf(ctx);
    if (templates.matching(reqs, ns).length > 0) return;

    const message = `selector "${formatSelector(selector)}" matches no pod template in the input in namespace "${ns}", so the Service gets no endpoints and connections to it fail`;
    const hint = noMatchHint(reqs, ns, templates, 'a Service');
    ctx.report({ path: ['spec', 'selector'], message: message + hint.text, related: hint.related });
  },
});
