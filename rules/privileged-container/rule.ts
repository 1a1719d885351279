import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { containerField, pssMessage } from '../../src/k8s/security.js';

// PSS baseline "Privileged Containers" (check_privileged.go): securityContext.privileged must be
// unset or false in every container (init, app and ephemeral).
export const rule = defineRule({
  id: 'privileged-container',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: true,
    pss: 'baseline',
    description: "A privileged container has all capabilities and the node's devices",
  },
  check(_doc, ctx) {
    for (const c of ctx.containers()) {
      const f = containerField(c, 'privileged');
      if (f.value !== true) continue;
      ctx.report({
        path: f.path,
        message: `${pssMessage('baseline', 'privileged', `${containerLabel(c)} must not set securityContext.privileged=true`)}: it runs with every capability and access to the node's devices, so a compromise of it is a compromise of the node`,
      });
    }
  },
});
