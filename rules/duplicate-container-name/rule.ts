import { defineRule, setValue, type FixSpec } from '../../src/engine/index.js';
import { formatPath, getPath, isObject } from '../../src/k8s/object.js';
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

/**
 * Does anything in the pod's object name this container? The default-container annotations
 * (`kubectl.kubernetes.io/default-container`), per-container annotations whose key ends in the
 * name (AppArmor, seccomp), an ephemeral container's targetContainerName. Renaming a container
 * that is referred to would silently change what the reference means, so no fix is offered.
 */
function isReferenced(name: string, containers: readonly ContainerRef[], annotations: unknown[]): boolean {
  for (const a of annotations) {
    if (!isObject(a)) continue;
    for (const [key, value] of Object.entries(a)) if (value === name || key.endsWith(`/${name}`)) return true;
  }
  return containers.some((c) => c.container.targetContainerName === name);
}

/** `<name>-2`, `<name>-3`, …: the first name no container of the pod uses (nor an earlier fix). */
function freshName(name: string, used: Set<string>): string | undefined {
  for (let n = 2; n < 100; n++) {
    const candidate = `${name}-${n}`;
    // A container name is a DNS label: at most 63 characters.
    if (candidate.length > 63) return undefined;
    if (!used.has(candidate)) return candidate;
  }
  return undefined;
}
export const rule = defineRule({
  id: 'duplicate-container-name',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    fixable: true,
    description: 'Two containers of one pod share a name, which the API server rejects',
  },
  check(doc, ctx) {
    const first = new Map<string, ContainerRef>();
    const pod = ctx.podSpec();
    const containers = ctx.containers();
    const used = new Set(containers.flatMap((c) => (c.name === undefined ? [] : [c.name])));
    // The pod's own metadata (a Pod's, or the template's), and the resource's for workloads.
    const annotations = [
      getPath(doc.object, ['metadata', 'annotations']),
      pod && getPath(doc.object, [...pod.path.slice(0, -1), 'metadata', 'annotations']),
    ];
    const ordered = [...containers].sort(
      (a, b) => VALIDATION_ORDER.indexOf(a.role) - VALIDATION_ORDER.indexOf(b.role),
    );
    for (const c of ordered) {
      if (c.name === undefined) continue;
      const earlier = first.get(c.name);
      if (!earlier) {
        first.set(c.name, c);
        continue;
      }
      const renamed = isReferenced(c.name, containers, annotations) ? undefined : freshName(c.name, used);
      let fix: FixSpec | undefined;
      if (renamed) {
        used.add(renamed);
        fix = {
          description: `Rename the container to "${renamed}"`,
          changes: [setValue([...c.path, 'name'], renamed)],
        };
      }
      ctx.report({
        path: [...c.path, 'name'],
        ...(fix ? { fix } : {}),
        message: `${ROLE_WORDS[c.role]} ${formatPath(c.path)} is named "${c.name}" like ${ROLE_WORDS[earlier.role]} ${formatPath(earlier.path)}; names must be unique across init, app and ephemeral containers, so the API server rejects the pod (Duplicate value)`,
        related: [{ message: `"${c.name}" first used here`, path: [...earlier.path, 'name'] }],
      });
    }
  },
});
