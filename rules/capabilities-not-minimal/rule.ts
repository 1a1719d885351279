import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import {
  BASELINE_CAPABILITIES,
  containerField,
  isWindowsPod,
  pssMessage,
  stringsOf,
} from '../../src/k8s/security.js';

// PSS restricted "Capabilities" (check_capabilities_restricted.go, policy 1.25): every container must
// drop ALL and may add back only NET_BIND_SERVICE. Adding a capability beyond the runtime's default
// set is capability-beyond-baseline's (baseline), so this rule reports the ones baseline lets
// through (CHOWN, SETUID, …): together they report each forbidden entry once. Windows pods are exempt
// since 1.25.
export const rule = defineRule({
  id: 'capabilities-not-minimal',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: false,
    pss: 'restricted',
    description: 'A container does not drop ALL capabilities, or adds one other than NET_BIND_SERVICE',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod || isWindowsPod(pod)) return;
    for (const c of ctx.containers()) {
      const drop = containerField(c, 'capabilities', 'drop');
      if (!stringsOf(drop.value).some((d) => d.value === 'ALL'))
        ctx.report({
          path: drop.path,
          key: true,
          message: `${pssMessage('restricted', 'unrestricted capabilities', `${containerLabel(c)} must set securityContext.capabilities.drop=["ALL"]`)}: it keeps the container runtime's default capabilities (CHOWN, DAC_OVERRIDE, SETUID, …)`,
        });
      const add = containerField(c, 'capabilities', 'add');
      for (const { value, index } of stringsOf(add.value)) {
        if (value === 'NET_BIND_SERVICE' || !BASELINE_CAPABILITIES.has(value)) continue;
        ctx.report({
          path: [...add.path, index],
          message: pssMessage(
            'restricted',
            'unrestricted capabilities',
            `${containerLabel(c)} must not include "${value}" in securityContext.capabilities.add`,
          ),
        });
      }
    }
  },
});
