import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { BASELINE_CAPABILITIES, containerField, pssMessage, stringsOf } from '../../src/k8s/security.js';

// PSS baseline "Capabilities" (check_capabilities_baseline.go): capabilities.add may only hold the
// container runtime's default set (BASELINE_CAPABILITIES). NET_RAW is not in it, and neither is ALL.
export const rule = defineRule({
  id: 'capability-beyond-baseline',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: true,
    pss: 'baseline',
    description: "A container adds a capability beyond the container runtime's default set",
  },
  check(_doc, ctx) {
    for (const c of ctx.containers()) {
      const add = containerField(c, 'capabilities', 'add');
      for (const { value, index } of stringsOf(add.value)) {
        if (BASELINE_CAPABILITIES.has(value)) continue;
        ctx.report({
          path: [...add.path, index],
          message: pssMessage(
            'baseline',
            'non-default capabilities',
            `${containerLabel(c)} must not include "${value}" in securityContext.capabilities.add`,
          ),
        });
      }
    }
  },
});
