import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { containerField, isWindowsPod } from '../../src/k8s/security.js';

// readOnlyRootFilesystem: true makes the container's image layers read-only, so an intruder cannot
// drop tools or change binaries; writable paths are given explicitly as emptyDir volumes. Windows
// pods are skipped: the API server forbids the field there.
// https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
export const rule = defineRule({
  id: 'root-filesystem-writable',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: false,
    description: 'A container can write to its root filesystem (readOnlyRootFilesystem is not true)',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod || isWindowsPod(pod)) return;
    for (const c of ctx.containers()) {
      const f = containerField(c, 'readOnlyRootFilesystem');
      if (f.value === true) continue;
      const state =
        f.value === false
          ? 'sets readOnlyRootFilesystem: false'
          : 'does not set readOnlyRootFilesystem: true';
      ctx.report({
        path: f.path,
        key: f.value !== false,
        message: `${containerLabel(c)} ${state}, so a process in it can modify the image's files (drop tools, replace binaries) for as long as the container lives`,
      });
    }
  },
});
