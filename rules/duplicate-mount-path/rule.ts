import { defineRule, type Report } from '../../src/engine/index.js';
import { formatPath, isObject } from '../../src/k8s/object.js';

type JsonPath = Report['path'];

// Two mounts at one path of one container would shadow each other, so ValidateVolumeMounts
// requires each mountPath to be unique in a container (compared as written: "/data" and "/data/"
// differ for the API server). Different containers may mount at the same path.
export const rule = defineRule({
  id: 'duplicate-mount-path',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description: 'Two volumeMounts of one container share a mountPath, which the API server rejects',
  },
  check(_doc, ctx) {
    for (const c of ctx.containers()) {
      const mounts = c.container.volumeMounts;
      if (!Array.isArray(mounts)) continue;
      const first = new Map<string, JsonPath>();
      mounts.forEach((m: unknown, i) => {
        if (!isObject(m) || typeof m.mountPath !== 'string' || m.mountPath === '') return;
        const path: JsonPath = [...c.path, 'volumeMounts', i, 'mountPath'];
        const earlier = first.get(m.mountPath);
        if (!earlier) {
          first.set(m.mountPath, path);
          return;
        }
        ctx.report({
          path,
          message: `container "${c.name ?? '?'}" mounts two volumes at "${m.mountPath}", so the API server rejects the pod (${formatPath(path)}: Invalid value: "${m.mountPath}": must be unique)`,
          related: [{ message: `"${m.mountPath}" first mounted here`, path: earlier }],
        });
      });
    }
  },
});
