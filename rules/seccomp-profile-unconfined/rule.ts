import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { containerField, podField, pssMessage } from '../../src/k8s/security.js';

// PSS baseline "Seccomp" (check_seccompProfile_baseline.go, policy 1.19+): seccompProfile.type may be
// unset, RuntimeDefault or Localhost at pod level and in every container; Unconfined (or anything
// else) is forbidden. The restricted level also requires it to be set: seccomp-profile-not-set.
const ALLOWED = new Set(['RuntimeDefault', 'Localhost']);

export const rule = defineRule({
  id: 'seccomp-profile-unconfined',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: true,
    pss: 'baseline',
    description: 'A pod or container explicitly disables seccomp syscall filtering',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod) return;
    const why = 'every system call of the kernel is open to the container';
    const podType = podField(pod, 'seccompProfile', 'type');
    if (typeof podType.value === 'string' && !ALLOWED.has(podType.value))
      ctx.report({
        path: podType.path,
        message: `${pssMessage('baseline', 'seccompProfile', `pod must not set securityContext.seccompProfile.type to "${podType.value}"`)}: ${why}, in every container that sets no profile of its own`,
      });
    for (const c of ctx.containers()) {
      const t = containerField(c, 'seccompProfile', 'type');
      if (typeof t.value !== 'string' || ALLOWED.has(t.value)) continue;
      ctx.report({
        path: t.path,
        message: `${pssMessage('baseline', 'seccompProfile', `${containerLabel(c)} must not set securityContext.seccompProfile.type to "${t.value}"`)}: ${why}`,
      });
    }
  },
});
