import { defineRule } from '../../src/engine/index.js';
import { getPath } from '../../src/k8s/object.js';

// Controllers that keep pods running only accept restartPolicy Always in their pod template
// (ValidatePodTemplateSpecForReplicaSet, ValidateStatefulSetSpec, ValidateDaemonSetSpec,
// ValidateReplicationControllerSpec); an unset policy is defaulted to Always. Values outside
// Always/OnFailure/Never are the schema pass's.
const KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController']);

export const rule = defineRule({
  id: 'restart-policy-not-always',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'A Deployment, StatefulSet, DaemonSet, ReplicaSet or ReplicationController pod template sets restartPolicy OnFailure or Never, which the API server rejects',
  },
  check(doc, ctx) {
    const { kind } = ctx.resource;
    if (!KINDS.has(kind)) return;
    const path = ['spec', 'template', 'spec', 'restartPolicy'];
    const policy = getPath(doc.object, path);
    if (policy !== 'OnFailure' && policy !== 'Never') return;
    ctx.report({
      path,
      message: `a ${kind} keeps its pods running, so its pod template must use restartPolicy Always; the API server rejects ${policy} (spec.template.spec.restartPolicy: Unsupported value: "${policy}": supported values: "Always"). Use a Job for run-to-completion work`,
    });
  },
});
