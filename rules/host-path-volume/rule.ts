import { defineRule } from '../../src/engine/index.js';
import { isObject } from '../../src/k8s/object.js';
import { pssMessage } from '../../src/k8s/security.js';

// PSS baseline "HostPath Volumes" (check_hostPathVolumes.go): spec.volumes[*].hostPath must be unset.
// The restricted level's volume allow-list excludes hostPath too; volume-type-disallowed leaves it to
// this rule so a hostPath volume is reported once.
export const rule = defineRule({
  id: 'host-path-volume',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: false,
    pss: 'baseline',
    description: "A pod mounts a directory or file of the node's filesystem (hostPath volume)",
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    const volumes = pod?.spec.volumes;
    if (!pod || !Array.isArray(volumes)) return;
    volumes.forEach((v: unknown, i) => {
      if (!isObject(v) || !isObject(v.hostPath)) return;
      const name = typeof v.name === 'string' ? `volume "${v.name}"` : `volume ${i}`;
      const where = typeof v.hostPath.path === 'string' ? ` mounts "${v.hostPath.path}" of the node` : '';
      ctx.report({
        path: [...pod.path, 'volumes', i, 'hostPath'],
        key: true,
        message: `${pssMessage('baseline', 'hostPath volumes', `${name}${where}`)}: the pod can read (and unless read-only, write) the node's files, which is a common escape to the node`,
      });
    });
  },
});
