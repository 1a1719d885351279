import { defineRule } from '../../src/engine/index.js';
import { duplicateValues } from '../../src/k8s/duplicates.js';
import { formatPath } from '../../src/k8s/object.js';

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
      for (const d of duplicateValues(c.container.volumeMounts, [...c.path, 'volumeMounts'], 'mountPath')) {
        ctx.report({
          path: d.path,
          message: `container "${c.name ?? '?'}" mounts two volumes at "${d.value}", so the API server rejects the pod (${formatPath(d.path)}: Invalid value: "${d.value}": must be unique)`,
          related: [{ message: `"${d.value}" first mounted here`, path: d.first }],
        });
      }
    }
  },
});
