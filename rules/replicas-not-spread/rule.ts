import { defineRule } from '../../src/engine/index.js';
import { getPath, isObject } from '../../src/k8s/object.js';
import { hpaOf, replicasOf } from '../../src/k8s/workload.js';

const KINDS = new Set(['Deployment', 'StatefulSet']);

// https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#cluster-level-default-constraints
export const rule = defineRule({
  id: 'replicas-not-spread',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: false,
    description: 'A multi-replica workload has no pod anti-affinity or topology spread constraint',
  },
  check(doc, ctx) {
    const { kind, name } = ctx.resource;
    if (!KINDS.has(kind)) return;
    const pod = ctx.podSpec();
    if (!pod) return;
    const hpa = hpaOf(ctx, doc);
    const count = hpa ? hpa.maxReplicas : replicasOf(doc)?.count;
    if (count === undefined || count < 2) return;
    const antiAffinity = getPath(pod.spec, ['affinity', 'podAntiAffinity']);
    const spread = pod.spec.topologySpreadConstraints;
    if (isObject(antiAffinity) || (Array.isArray(spread) && spread.length > 0)) return;
    ctx.report({
      path: [...pod.path],
      key: true,
      message: `${kind} "${name ?? ''}" ${hpa ? `may be scaled to ${count}` : `runs ${count}`} replicas with no podAntiAffinity or topologySpreadConstraints: only the scheduler's default soft spreading (ScheduleAnyway) keeps them apart, so several or all of them can land on one node or zone and go down together`,
    });
  },
});
