import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { containerField, inUserNamespace, podField, pssMessage } from '../../src/k8s/security.js';

// PSS restricted "Running as Non-root" (check_runAsNonRoot.go, policy 1.35): runAsNonRoot must be
// true in every container, either set there or inherited from the pod (a container's own value wins);
// false is forbidden at either level. Pods in their own user namespace (hostUsers: false) are exempt.
export const rule = defineRule({
  id: 'run-as-non-root-not-required',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: false,
    pss: 'restricted',
    description: 'A container may run as root: runAsNonRoot is not true',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod || inUserNamespace(pod)) return;
    const podLevel = podField(pod, 'runAsNonRoot');
    if (podLevel.value === false)
      ctx.report({
        path: podLevel.path,
        message: pssMessage(
          'restricted',
          'runAsNonRoot != true',
          'pod must not set securityContext.runAsNonRoot=false',
        ),
      });
    const why = 'kubelet starts the container even when the image runs as root (UID 0)';
    for (const c of ctx.containers()) {
      const f = containerField(c, 'runAsNonRoot');
      if (f.value === false)
        ctx.report({
          path: f.path,
          message: `${pssMessage('restricted', 'runAsNonRoot != true', `${containerLabel(c)} must not set securityContext.runAsNonRoot=false`)}: ${why}`,
        });
      else if (f.value !== true && podLevel.value !== true && podLevel.value !== false)
        ctx.report({
          path: f.path,
          key: true,
          message: `${pssMessage('restricted', 'runAsNonRoot != true', `pod or ${containerLabel(c)} must set securityContext.runAsNonRoot=true`)}: ${why}`,
        });
    }
  },
});
