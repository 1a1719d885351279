import { defineRule } from '../../src/engine/index.js';
import { isObject } from '../../src/k8s/object.js';
import { pssMessage } from '../../src/k8s/security.js';

// PSS restricted "Volume Types" (check_restrictedVolumes.go): only these volume sources are allowed;
// everything else (nfs, iscsi, rbd, gitRepo, flexVolume, cloud disks, …) must be reached through a
// PersistentVolumeClaim. `image` has been allowed since Kubernetes 1.33. A volume with no source is
// defaulted to emptyDir by the API server, so it passes. hostPath is left to host-path-volume
// (baseline), so a hostPath volume is reported once.
const ALLOWED = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];
const NOT_SOURCES = new Set(['name', 'hostPath', ...ALLOWED]);

export const rule = defineRule({
  id: 'volume-type-disallowed',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: false,
    pss: 'restricted',
    description: 'A pod uses a volume type outside the restricted allow-list',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    const volumes = pod?.spec.volumes;
    if (!pod || !Array.isArray(volumes)) return;
    volumes.forEach((v: unknown, i) => {
      if (!isObject(v) || 'hostPath' in v) return;
      for (const type of Object.keys(v)) {
        if (NOT_SOURCES.has(type) || v[type] === null || v[type] === undefined) continue;
        const name = typeof v.name === 'string' ? `"${v.name}"` : `${i}`;
        ctx.report({
          path: [...pod.path, 'volumes', i, type],
          key: true,
          message: `${pssMessage('restricted', 'restricted volume types', `volume ${name} has the restricted type ${type}`)}: only ${ALLOWED.join(', ')} and hostPath-free PersistentVolumeClaims are allowed`,
        });
      }
    });
  },
});
