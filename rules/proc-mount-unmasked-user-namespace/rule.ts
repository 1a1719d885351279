import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { containerField, inUserNamespace, pssMessage } from '../../src/k8s/security.js';

// PSS restricted "/proc Mount Type" (check_procMount_restricted.go, policy 1.35): procMount must be
// unset or Default in every container even when the pod runs in its own user namespace
// (hostUsers: false), which the baseline level relaxes. Pods sharing the host's user namespace are
// proc-mount-unmasked's (baseline), so each container is reported once.
export const rule = defineRule({
  id: 'proc-mount-unmasked-user-namespace',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: false,
    pss: 'restricted',
    description: 'A container of a user-namespaced pod unmasks /proc',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod || !inUserNamespace(pod)) return;
    for (const c of ctx.containers()) {
      const f = containerField(c, 'procMount');
      if (typeof f.value !== 'string' || f.value === 'Default') continue;
      ctx.report({
        path: f.path,
        message: `${pssMessage('restricted', 'procMount', `${containerLabel(c)} must not set securityContext.procMount to "${f.value}"`)}: the restricted level requires the default /proc masks even in a user namespace (hostUsers: false)`,
      });
    }
  },
});
