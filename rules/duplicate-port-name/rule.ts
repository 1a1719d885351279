import { defineRule, type Report } from '../../src/engine/index.js';
import { formatPath, isObject } from '../../src/k8s/object.js';

type JsonPath = Report['path'];

// Port names are unique per container (validateContainerPorts keeps one set per container), since a
// probe or a Service's targetPort resolves a name to one port. Two containers may reuse a name.
export const rule = defineRule({
  id: 'duplicate-port-name',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description: 'Two ports of one container share a name, which the API server rejects',
  },
  check(_doc, ctx) {
    for (const c of ctx.containers()) {
      const ports = c.container.ports;
      if (!Array.isArray(ports)) continue;
      const first = new Map<string, JsonPath>();
      ports.forEach((p: unknown, i) => {
        if (!isObject(p) || typeof p.name !== 'string' || p.name === '') return;
        const path: JsonPath = [...c.path, 'ports', i, 'name'];
        const earlier = first.get(p.name);
        if (!earlier) {
          first.set(p.name, path);
          return;
        }
        ctx.report({
          path,
          message: `container "${c.name ?? '?'}" declares two ports named "${p.name}", so the API server rejects the pod (${formatPath(path)}: Duplicate value: "${p.name}")`,
          related: [{ message: `"${p.name}" first used here`, path: earlier }],
        });
      });
    }
  },
});
