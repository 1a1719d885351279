import { defineRule } from '../../src/engine/index.js';
import { formatPath } from '../../src/k8s/object.js';
import type { ContainerRef } from '../../src/k8s/pod.js';

const ROLE_WORDS: Record<ContainerRef['role'], string> = {
  init: 'init container',
  sidecar: 'sidecar container',
  app: 'container',
  ephemeral: 'ephemeral container',
};

// Container names are unique across initContainers, containers and ephemeralContainers. The API
// server validates app containers first, then init containers against those, then ephemeral
// containers against all (validateContainers, validateInitContainers, validateEphemeralContainers),
// and rejects the pod with `Duplicate value` on the colliding one: visit them in that order.
const VALIDATION_ORDER: ContainerRef['role'][] = ['app', 'init', 'sidecar', 'ephemeral'];
export const rule = defineRule({
  id: 'duplicate-container-name',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description: 'Two containers of one pod share a name, which the API server rejects',
  },
  check(_doc, ctx) {
    const first = new Map<string, ContainerRef>();
    const ordered = [...ctx.containers()].sort(
      (a, b) => VALIDATION_ORDER.indexOf(a.role) - VALIDATION_ORDER.indexOf(b.role),
    );
    for (const c of ordered) {
      if (c.name === undefined) continue;
      const earlier = first.get(c.name);
      if (!earlier) {
        first.set(c.name, c);
        continue;
      }
      ctx.report({
        path: [...c.path, 'name'],
        message: `${ROLE_WORDS[c.role]} ${formatPath(c.path)} is named "${c.name}" like ${ROLE_WORDS[earlier.role]} ${formatPath(earlier.path)}; names must be unique across init, app and ephemeral containers, so the API server rejects the pod (Duplicate value)`,
        related: [{ message: `"${c.name}" first used here`, path: [...earlier.path, 'name'] }],
      });
    }
  },
});
