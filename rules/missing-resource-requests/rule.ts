import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { isObject } from '../../src/k8s/object.js';
import {
  containerAnchor,
  limitRangeDefaults,
  resourceSet,
  type ResourceName,
} from '../../src/k8s/workload.js';

// A missing request defaults to the limit when one is set, else to a LimitRange default, else to 0:
// https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits
export const rule = defineRule({
  id: 'missing-resource-requests',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: false,
    description: 'A container sets no CPU or memory request',
  },
  check(doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod) return;
    const defaults = limitRangeDefaults(ctx, ctx.namespaceOf(doc));
    for (const c of ctx.containers()) {
      if (c.role === 'ephemeral') continue; // ephemeral containers may not set resources
      const missing = (['cpu', 'memory'] as const).filter(
        (r: ResourceName) =>
          !resourceSet(c.container, 'requests', r) &&
          !resourceSet(c.container, 'limits', r) &&
          !resourceSet(pod.spec, 'requests', r) &&
          !resourceSet(pod.spec, 'limits', r) &&
          !defaults.requests.has(r),
      );
      if (missing.length === 0) continue;
      ctx.report({
        path: isObject(c.container.resources) ? [...c.path, 'resources'] : containerAnchor(c),
        key: isObject(c.container.resources),
        message: `${containerLabel(c, { role: true })} requests no ${missing.join(' and ')} (and sets no limit it would default to, and no LimitRange in the input defaults it), so the scheduler counts it as needing none: pods get packed onto nodes that cannot run them, and under memory pressure they are evicted first (BestEffort/Burstable)`,
      });
    }
  },
});
