import { defineRule } from '../../src/engine/index.js';
import { removedIn, replacementText } from '../../src/k8s/api-lifecycle.js';

// The API server stops serving a deprecated apiVersion in a later release: `kubectl apply` then fails
// with `no matches for kind "Deployment" in version "extensions/v1beta1"`. The releases and the
// replacements are schemas/deprecations.json, from the Deprecated API Migration Guide:
// https://kubernetes.io/docs/reference/using-api/deprecation-guide/
export const rule = defineRule({
  id: 'removed-api-version',
  meta: {
    category: 'deprecation',
    severity: 'error',
    recommended: true,
    description: 'The apiVersion of a resource is no longer served by the target Kubernetes version',
  },
  check(_doc, ctx) {
    const { apiVersion, kind } = ctx.resource;
    const target = ctx.kubernetesVersion;
    const api = removedIn(target, apiVersion, kind);
    if (!api?.removed) return;
    ctx.report({
      path: ['apiVersion'],
      message: `${apiVersion} ${kind} was removed in Kubernetes ${api.removed}; ${replacementText(api)} (target is ${target})`,
    });
  },
});
