import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { getPath, isObject } from '../../src/k8s/object.js';
import { podField, podMetadataPath, pssMessage, containerField } from '../../src/k8s/security.js';

// PSS baseline "AppArmor" (check_appArmorProfile.go): the appArmorProfile.type field of the pod and
// of every container may only be RuntimeDefault or Localhost, and the deprecated annotations
// container.apparmor.security.beta.kubernetes.io/<container> only runtime/default or localhost/<name>
// (or empty). Both channels are checked at every policy version.
const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const ALLOWED_TYPES = new Set(['RuntimeDefault', 'Localhost']);

function allowedAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

export const rule = defineRule({
  id: 'apparmor-profile-disallowed',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: true,
    pss: 'baseline',
    description: 'A pod or container overrides the default AppArmor profile with an unconfined one',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod) return;
    const why = 'the container runs without the AppArmor confinement the runtime applies by default';
    const podType = podField(pod, 'appArmorProfile', 'type');
    if (typeof podType.value === 'string' && !ALLOWED_TYPES.has(podType.value))
      ctx.report({
        path: podType.path,
        message: `${pssMessage('baseline', 'forbidden AppArmor profile', `pod must not set securityContext.appArmorProfile.type to "${podType.value}"`)}: ${why}`,
      });
    for (const c of ctx.containers()) {
      const t = containerField(c, 'appArmorProfile', 'type');
      if (typeof t.value === 'string' && !ALLOWED_TYPES.has(t.value))
        ctx.report({
          path: t.path,
          message: `${pssMessage('baseline', 'forbidden AppArmor profile', `${containerLabel(c)} must not set securityContext.appArmorProfile.type to "${t.value}"`)}: ${why}`,
        });
    }
    const annotationsPath = [...podMetadataPath(pod), 'annotations'];
    const annotations = getPath(ctx.doc.object, annotationsPath);
    if (!isObject(annotations)) return;
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(ANNOTATION_PREFIX) || typeof value !== 'string' || allowedAnnotation(value))
        continue;
      ctx.report({
        path: [...annotationsPath, key],
        message: `${pssMessage('baseline', 'forbidden AppArmor profile', `${key}="${value}"`)}: ${why}`,
      });
    }
  },
});
