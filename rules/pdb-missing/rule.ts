import { defineRule } from '../../src/engine/index.js';
import {
  budgetSelects,
  budgetsByNamespace,
  hpaOf,
  replicasOf,
  templateLabelsOf,
} from '../../src/k8s/workload.js';

const KINDS = new Set(['Deployment', 'StatefulSet']);

// https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-budgets
export const rule = defineRule({
  id: 'pdb-missing',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: false,
    description: 'A multi-replica Deployment or StatefulSet has no PodDisruptionBudget in the input',
  },
  check(doc, ctx) {
    const { kind, name } = ctx.resource;
    if (!KINDS.has(kind)) return;
    const replicas = replicasOf(doc);
    const hpa = hpaOf(ctx, doc);
    const count = hpa ? hpa.maxReplicas : replicas?.count;
    if (count === undefined || count < 2) return;
    const ns = ctx.namespaceOf(doc);
    const labels = templateLabelsOf(doc);
    if ((budgetsByNamespace(ctx).get(ns) ?? []).some((b) => budgetSelects(b, labels))) return;
    const runs = hpa
      ? `is scaled up to ${count} replicas by a HorizontalPodAutoscaler`
      : `runs ${count} replicas`;
    ctx.report({
      path: ['metadata', 'name'],
      message: `${kind} "${name ?? ''}" ${runs}, but no PodDisruptionBudget in the input selects its pods in namespace "${ns}": a node drain or cluster upgrade may evict all of them at once`,
    });
  },
});
