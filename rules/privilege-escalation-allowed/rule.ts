import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { containerField, isWindowsPod, pssMessage } from '../../src/k8s/security.js';

// PSS restricted "Privilege Escalation" (check_allowPrivilegeEscalation.go, policy 1.25): every
// container must set allowPrivilegeEscalation: false (unset means true: no_new_privs is not set, so
// setuid binaries can gain privileges). Windows pods are exempt since 1.25.
export const rule = defineRule({
  id: 'privilege-escalation-allowed',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: false,
    pss: 'restricted',
    description: 'A container does not set allowPrivilegeEscalation to false',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod || isWindowsPod(pod)) return;
    for (const c of ctx.containers()) {
      const f = containerField(c, 'allowPrivilegeEscalation');
      if (f.value === false) continue;
      const state = f.value === true ? 'is true' : 'is unset, so it defaults to true';
      ctx.report({
        path: f.path,
        key: f.value !== true,
        message: `${pssMessage('restricted', 'allowPrivilegeEscalation != false', `${containerLabel(c)} must set securityContext.allowPrivilegeEscalation=false`)}: it ${state}, so a setuid binary in the image can gain more privileges than its parent process`,
      });
    }
  },
});
