import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { containerField, podField, pssMessage } from '../../src/k8s/security.js';

// PSS baseline "HostProcess" (check_windowsHostProcess.go): windowsOptions.hostProcess must be unset
// or false at pod level and in every container; a HostProcess container runs as a process on the
// Windows node, outside any container isolation.
export const rule = defineRule({
  id: 'host-process-container',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: true,
    pss: 'baseline',
    description: 'A Windows HostProcess pod or container runs directly on the node',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod) return;
    const reason = 'hostProcess';
    const podLevel = podField(pod, 'windowsOptions', 'hostProcess');
    if (podLevel.value === true)
      ctx.report({
        path: podLevel.path,
        message: pssMessage(
          'baseline',
          reason,
          'pod must not set securityContext.windowsOptions.hostProcess=true',
        ),
      });
    for (const c of ctx.containers()) {
      const f = containerField(c, 'windowsOptions', 'hostProcess');
      if (f.value === true)
        ctx.report({
          path: f.path,
          message: pssMessage(
            'baseline',
            reason,
            `${containerLabel(c)} must not set securityContext.windowsOptions.hostProcess=true`,
          ),
        });
    }
  },
});
