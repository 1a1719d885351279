import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { containerField, isWindowsPod, podField, pssMessage } from '../../src/k8s/security.js';

// PSS restricted "Seccomp" (check_seccompProfile_restricted.go, policy 1.25): every container must
// run with seccompProfile.type RuntimeDefault or Localhost, set on the container or inherited from
// the pod. A profile that is set but disallowed (Unconfined) is seccomp-profile-unconfined's
// (baseline); like pod-security-admission, this rule then says nothing about the containers that
// inherit it. Windows pods are exempt since 1.25.
export const rule = defineRule({
  id: 'seccomp-profile-not-set',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: false,
    pss: 'restricted',
    description: 'A container runs without an explicit RuntimeDefault or Localhost seccomp profile',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod || isWindowsPod(pod)) return;
    const podLevel = podField(pod, 'seccompProfile').value;
    if (podLevel !== undefined && podLevel !== null) return;
    for (const c of ctx.containers()) {
      const f = containerField(c, 'seccompProfile');
      if (f.value !== undefined && f.value !== null) continue;
      ctx.report({
        path: f.path,
        key: true,
        message: `${pssMessage('restricted', 'seccompProfile', `pod or ${containerLabel(c)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`)}: unless the node defaults to it (kubelet --seccomp-default), the container runs Unconfined, with every system call open`,
      });
    }
  },
});
