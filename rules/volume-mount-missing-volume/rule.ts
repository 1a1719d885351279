import { defineRule } from '../../src/engine/index.js';
import { formatPath, isObject } from '../../src/k8s/object.js';
import { quotedNames } from '../../src/k8s/ports.js';
import { mountableVolumeNames } from '../../src/k8s/volumes.js';

// Every volumeMount and volumeDevice names a volume of the pod (ValidateVolumeMounts and
// ValidateVolumeDevices: `Not found`), for every kind of container, ephemeral ones included.
const LISTS = [
  ['volumeMounts', 'volumeMount'],
  ['volumeDevices', 'volumeDevice'],
] as const;

export const rule = defineRule({
  id: 'volume-mount-missing-volume',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description: 'A volumeMount or volumeDevice names no volume of the pod, which the API server rejects',
  },
  check(doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod) return;
    const volumes = mountableVolumeNames(ctx.resource.kind, doc.object, pod);
    const known = volumes.size === 0 ? 'the pod has no volumes' : `its volumes are ${quotedNames(volumes)}`;
    for (const c of ctx.containers()) {
      for (const [field, word] of LISTS) {
        const mounts = c.container[field];
        if (!Array.isArray(mounts)) continue;
        mounts.forEach((m: unknown, i) => {
          if (!isObject(m) || typeof m.name !== 'string' || m.name === '' || volumes.has(m.name)) return;
          const path = [...c.path, field, i, 'name'];
          ctx.report({
            path,
            message: `${word} "${m.name}" of container "${c.name ?? '?'}" names no volume of the pod (${known}), so the API server rejects the pod (${formatPath(path)}: Not found: "${m.name}")`,
          });
        });
      }
    }
  },
});
