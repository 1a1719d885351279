import { defineRule } from '../../src/engine/index.js';
import { dns1123LabelErrors } from '../../src/k8s/names.js';
import { formatPath, isObject } from '../../src/k8s/object.js';

// validateVolumes: every volume name is required and a DNS-1123 label (kubelet makes it a
// directory name under the pod's volumes directory, and volumeMounts refer to it).
export const rule = defineRule({
  id: 'invalid-volume-name',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description: 'A volume name is empty or not a DNS-1123 label, which the API server rejects',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    const volumes = pod?.spec.volumes;
    if (!pod || !Array.isArray(volumes)) return;
    volumes.forEach((v: unknown, i) => {
      if (!isObject(v) || typeof v.name !== 'string') return;
      const path = [...pod.path, 'volumes', i, 'name'];
      const where = formatPath(path);
      if (v.name === '') {
        ctx.report({
          path,
          message: `volume ${i} has an empty name, so the API server rejects the pod (${where}: Required value)`,
        });
        return;
      }
      const errs = dns1123LabelErrors(v.name);
      if (errs.length)
        ctx.report({
          path,
          message: `volume name "${v.name}" is not a DNS-1123 label (at most 63 lower-case letters, digits and '-'), so the API server rejects the pod (${where}: Invalid value: ${JSON.stringify(v.name)}: ${errs.join(', ')})`,
        });
    });
  },
});
