import { defineRule } from '../../src/engine/index.js';
import { deprecatedIn, replacementText } from '../../src/k8s/api-lifecycle.js';

// A deprecated apiVersion is still served, with a warning on every request (`Warning: … is
// deprecated in v1.35+, unavailable in v1.38+`), until the release that removes it. The releases
// (the APIs' lifecycles) and the replacements are schemas/deprecations.json, see
// schemas/DEPRECATIONS.md and https://kubernetes.io/docs/reference/using-api/deprecation-guide/
export const rule = defineRule({
  id: 'deprecated-api-version',
  meta: {
    category: 'deprecation',
    severity: 'warning',
    recommended: true,
    description: 'The apiVersion of a resource is deprecated in the target Kubernetes version',
  },
  check(_doc, ctx) {
    const { apiVersion, kind } = ctx.resource;
    const target = ctx.kubernetesVersion;
    const api = deprecatedIn(target, apiVersion, kind);
    if (!api?.deprecated) return;
    const removal = api.removed
      ? ` and ${api.scheduled ? 'is scheduled for removal' : 'will be removed'} in ${api.removed}`
      : '';
    ctx.report({
      path: ['apiVersion'],
      message: `${apiVersion} ${kind} is deprecated since Kubernetes ${api.deprecated}${removal}; ${replacementText(api)} (target is ${target})`,
    });
  },
});
