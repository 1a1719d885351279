import { defineRule } from '../../src/engine/index.js';
import { duplicateValues } from '../../src/k8s/duplicates.js';
import { formatPath } from '../../src/k8s/object.js';

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
      for (const d of duplicateValues(c.container.ports, [...c.path, 'ports'], 'name')) {
        ctx.report({
          path: d.path,
          message: `container "${c.name ?? '?'}" declares two ports named "${d.value}", so the API server rejects the pod (${formatPath(d.path)}: Duplicate value: "${d.value}")`,
          related: [{ message: `"${d.value}" first used here`, path: d.first }],
        });
      }
    }
  },
});
