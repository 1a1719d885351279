import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { isObject } from '../../src/k8s/object.js';
import { containerAnchor, limitRangeDefaults, resourceSet } from '../../src/k8s/workload.js';

// https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#if-you-do-not-specify-a-memory-limit
export const rule = defineRule({
  id: 'missing-memory-limit',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: false,
    description: 'A container sets no memory limit',
  },
  check(doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod) return;
    if (resourceSet(pod.spec, 'limits', 'memory')) return; // a pod-level limit caps every container
    if (limitRangeDefaults(ctx, ctx.namespaceOf(doc)).limits.has('memory')) return;
    for (const c of ctx.containers()) {
      if (c.role === 'ephemeral' || resourceSet(c.container, 'limits', 'memory')) continue;
      ctx.report({
        path: isObject(c.container.resources) ? [...c.path, 'resources'] : containerAnchor(c),
        key: isObject(c.container.resources),
        message: `${containerLabel(c, { role: true })} has no memory limit (and no LimitRange in the input defaults one): a leak can use all of the node's memory until the kernel's OOM killer or kubelet's eviction hits other pods on the node too`,
      });
    }
  },
});
