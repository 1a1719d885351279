import { defineRule, type Report } from '../../src/engine/index.js';
import { formatPath } from '../../src/k8s/object.js';
import { volumesOf } from '../../src/k8s/volumes.js';

type JsonPath = Report['path'];

// volumeMounts refer to volumes by name, so names are unique within a pod (ValidateVolumes).
export const rule = defineRule({
  id: 'duplicate-volume-name',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description: 'Two volumes of one pod share a name, which the API server rejects',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod) return;
    const first = new Map<string, JsonPath>();
    for (const v of volumesOf(pod)) {
      if (v.name === '') continue;
      const path = [...v.path, 'name'];
      const earlier = first.get(v.name);
      if (!earlier) {
        first.set(v.name, path);
        continue;
      }
      ctx.report({
        path,
        message: `the pod declares two volumes named "${v.name}", so the API server rejects it (${formatPath(path)}: Duplicate value: "${v.name}")`,
        related: [{ message: `"${v.name}" first used here`, path: earlier }],
      });
    }
  },
});
