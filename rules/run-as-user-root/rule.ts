import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { containerField, inUserNamespace, podField, pssMessage } from '../../src/k8s/security.js';

// PSS restricted "Running as Non-root user" (check_runAsUser.go, policy 1.35): runAsUser must not be
// 0 at pod level or in any container; unset is allowed (runAsNonRoot then guards it). Pods in their
// own user namespace (hostUsers: false) are exempt: UID 0 there maps to an unprivileged host UID.
export const rule = defineRule({
  id: 'run-as-user-root',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: false,
    pss: 'restricted',
    description: 'A pod or container sets runAsUser to 0 (root)',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod || inUserNamespace(pod)) return;
    const podLevel = podField(pod, 'runAsUser');
    if (podLevel.value === 0)
      ctx.report({
        path: podLevel.path,
        message: `${pssMessage('restricted', 'runAsUser=0', 'pod must not set runAsUser=0')}: every container without a runAsUser of its own runs as root`,
      });
    for (const c of ctx.containers()) {
      const f = containerField(c, 'runAsUser');
      if (f.value === 0)
        ctx.report({
          path: f.path,
          message: `${pssMessage('restricted', 'runAsUser=0', `${containerLabel(c)} must not set runAsUser=0`)}: it runs as root`,
        });
    }
  },
});
