import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { isObject } from '../../src/k8s/object.js';
import { podSecurityContext, pssMessage, securityContextOf } from '../../src/k8s/security.js';

// PSS baseline "SELinux" (check_seLinuxOptions.go, policy 1.31+): seLinuxOptions.type may only be
// empty or one of the container types below, and seLinuxOptions.user and .role must be empty, at
// pod level and in every container. A custom type such as spc_t ("super privileged container")
// lifts SELinux confinement.
const ALLOWED_TYPES = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);

export const rule = defineRule({
  id: 'selinux-options-disallowed',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: true,
    pss: 'baseline',
    description: 'A pod or container sets a custom SELinux type, user or role',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod) return;
    const check = (sc: unknown, path: (string | number)[], setter: string): void => {
      const opts = isObject(sc) ? sc.seLinuxOptions : undefined;
      if (!isObject(opts)) return;
      const base = [...path, 'securityContext', 'seLinuxOptions'];
      const report = (field: string, detail: string): void =>
        ctx.report({
          path: [...base, field],
          message: pssMessage(
            'baseline',
            'seLinuxOptions',
            `${setter} set forbidden securityContext.seLinuxOptions: ${detail}`,
          ),
        });
      if (typeof opts.type === 'string' && !ALLOWED_TYPES.has(opts.type))
        report('type', `type "${opts.type}"`);
      if (typeof opts.user === 'string' && opts.user !== '') report('user', 'user may not be set');
      if (typeof opts.role === 'string' && opts.role !== '') report('role', 'role may not be set');
    };
    check(podSecurityContext(pod), pod.path, 'pod');
    for (const c of ctx.containers()) check(securityContextOf(c), c.path, containerLabel(c));
  },
});
