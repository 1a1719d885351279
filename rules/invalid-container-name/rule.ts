import { defineRule } from '../../src/engine/index.js';
import { dns1123LabelErrors } from '../../src/k8s/names.js';
import { formatPath } from '../../src/k8s/object.js';

// validateContainers / validateInitContainers / validateEphemeralContainers: every container name
// is required and a DNS-1123 label (it becomes part of DNS-style identifiers such as the
// container's cgroup and log paths, and is what `kubectl logs -c` takes).
export const rule = defineRule({
  id: 'invalid-container-name',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description: 'A container name is empty or not a DNS-1123 label, which the API server rejects',
  },
  check(_doc, ctx) {
    for (const c of ctx.containers()) {
      const name = c.container.name;
      if (typeof name !== 'string') continue;
      const path = [...c.path, 'name'];
      const where = formatPath(path);
      if (name === '') {
        ctx.report({
          path,
          message: `${formatPath(c.path)} has an empty name, so the API server rejects the pod (${where}: Required value)`,
        });
        continue;
      }
      const errs = dns1123LabelErrors(name);
      if (errs.length)
        ctx.report({
          path,
          message: `container name "${name}" is not a DNS-1123 label (at most 63 lower-case letters, digits and '-'), so the API server rejects the pod (${where}: Invalid value: ${JSON.stringify(name)}: ${errs.join(', ')})`,
        });
    }
  },
});
