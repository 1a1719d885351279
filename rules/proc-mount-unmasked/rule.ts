import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { containerField, inUserNamespace, pssMessage } from '../../src/k8s/security.js';

// PSS baseline "/proc Mount Type" (check_procMount_baseline.go, policy 1.35): procMount must be unset
// or Default in every container, unless the pod runs in its own user namespace (hostUsers: false),
// where an unmasked /proc exposes nothing of the node; proc-mount-unmasked-user-namespace (restricted)
// covers that case.
export const rule = defineRule({
  id: 'proc-mount-unmasked',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: true,
    pss: 'baseline',
    description: "A container unmasks /proc, exposing the node's kernel interfaces",
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod || inUserNamespace(pod)) return;
    for (const c of ctx.containers()) {
      const f = containerField(c, 'procMount');
      if (typeof f.value !== 'string' || f.value === 'Default') continue;
      ctx.report({
        path: f.path,
        message: `${pssMessage('baseline', 'procMount', `${containerLabel(c)} must not set securityContext.procMount to "${f.value}"`)}: without the default masks the container can read and write kernel settings under /proc that affect the whole node`,
      });
    }
  },
});
