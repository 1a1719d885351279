import { defineRule } from '../../src/engine/index.js';
import { getPath } from '../../src/k8s/object.js';
import { hpaOf, replicasOf } from '../../src/k8s/workload.js';

const KINDS = new Set(['Deployment', 'StatefulSet']);

// https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#replicas
export const rule = defineRule({
  id: 'single-replica',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: false,
    description: 'A Deployment or StatefulSet runs a single replica',
  },
  check(doc, ctx) {
    const { kind, name } = ctx.resource;
    if (!KINDS.has(kind)) return;
    const replicas = replicasOf(doc);
    if (replicas?.count !== 1 || hpaOf(ctx, doc)) return;
    const why = replicas.explicit ? 'spec.replicas is 1' : 'spec.replicas is not set and defaults to 1';
    const rollout =
      kind === 'StatefulSet'
        ? 'every rollout (the controller deletes the pod before it creates the replacement), '
        : getPath(doc.object, ['spec', 'strategy', 'type']) === 'Recreate'
          ? 'every rollout (strategy Recreate), '
          : '';
    ctx.report({
      path: replicas.explicit ? ['spec', 'replicas'] : ['spec'],
      key: !replicas.explicit,
      message: `${kind} "${name ?? ''}" runs one pod (${why}): ${rollout}a node drain, an eviction or a crash leaves it with no pod serving until a replacement is scheduled and ready`,
    });
  },
});
