import { defineRule } from '../../src/engine/index.js';
import { getPath } from '../../src/k8s/object.js';

// https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
export const rule = defineRule({
  id: 'default-namespace',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: false,
    description: 'A resource is placed in the "default" namespace explicitly',
  },
  check(doc, ctx) {
    if (getPath(doc.object, ['metadata', 'namespace']) !== 'default') return;
    ctx.report({
      path: ['metadata', 'namespace'],
      message: `${ctx.resource.kind} "${ctx.resource.name ?? ''}" is placed in the "default" namespace, which every user and tool falls back to: RBAC, ResourceQuotas and NetworkPolicies scoped to it apply to everything that lands there by accident; give the application its own namespace`,
    });
  },
});
