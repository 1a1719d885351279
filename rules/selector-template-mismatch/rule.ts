import { defineRule, type Report } from '../../src/engine/index.js';
import { getPath, isObject } from '../../src/k8s/object.js';
import {
  formatSelector,
  matchesLabels,
  parseLabelSelector,
  parseMapSelector,
  type Labels,
  type Requirement,
} from '../../src/k8s/selector.js';

type JsonPath = Report['path'];

const MISMATCH = '`selector` does not match template `labels`';

// What each kind's validation says about an empty selector (ValidateDeploymentSpec,
// ValidateReplicaSetSpec, ValidateDaemonSetSpec, ValidateStatefulSetSpec).
const EMPTY_MSG: Record<string, string> = {
  Deployment: 'empty selector is invalid for deployment',
  ReplicaSet: 'empty selector is invalid for deployment',
  DaemonSet: 'empty selector is invalid for daemonset',
  StatefulSet: 'empty selector is not valid for statefulset.',
};

function stringLabels(value: unknown): Labels {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

function countSelectorTerms(selector: Record<string, unknown>): number {
  const ml = selector.matchLabels;
  const me = selector.matchExpressions;
  return (isObject(ml) ? Object.keys(ml).length : 0) + (Array.isArray(me) ? me.length : 0);
}

// The workload's selector must select the pods its template makes, or the controller could never
// count them: the API server checks it (ValidatePodTemplateSpecForReplicaSet, …ForStatefulSet,
// ValidateDaemonSetSpec, ValidatePodTemplateSpecForReplicationController, ValidateJobSpec). A Job
// picks its own selector unless manualSelector is true (validateGeneratedSelector), and a CronJob's
// job template may not set one (ValidateJobTemplateSpec).
export const rule = defineRule({
  id: 'selector-template-mismatch',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'A workload selector is empty or does not match its pod template labels, or a Job sets a selector it may not, which the API server rejects',
  },
  check(doc, ctx) {
    const { kind } = ctx.resource;
    const root = doc.object;
    const labelsPath: JsonPath = ['spec', 'template', 'metadata', 'labels'];
    const templateLabels = (): Labels => stringLabels(getPath(root, labelsPath));
    const mismatch = (reqs: Requirement[], selectorPath: JsonPath): void => {
      const labels = templateLabels();
      if (matchesLabels(reqs, labels)) return;
      const shown = Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      ctx.report({
        path: labelsPath,
        key: true,
        message: `the selector "${formatSelector(reqs)}" does not match the pod template's labels (${shown || 'none'}), so the API server rejects the ${kind} (spec.template.metadata.labels: Invalid value: ${MISMATCH})`,
        related: [{ message: 'selector', path: selectorPath }],
      });
    };
    const selector = getPath(root, ['spec', 'selector']);
    switch (kind) {
      case 'Deployment':
      case 'ReplicaSet':
      case 'DaemonSet':
      case 'StatefulSet': {
        if (!isObject(selector)) return;
        const reqs = parseLabelSelector(selector);
        if (!reqs) return;
        if (countSelectorTerms(selector) === 0) {
          ctx.report({
            path: ['spec', 'selector'],
            key: true,
            message: `the selector is empty, so the API server rejects the ${kind} (spec.selector: Invalid value: ${EMPTY_MSG[kind] ?? ''})`,
          });
          return;
        }
        mismatch(reqs, ['spec', 'selector']);
        return;
      }
      case 'ReplicationController': {
        // An empty selector is defaulted from the template's labels.
        const reqs = parseMapSelector(selector);
        if (reqs?.length) mismatch(reqs, ['spec', 'selector']);
        return;
      }
      case 'Job': {
        if (!isObject(selector)) return;
        const reqs = parseLabelSelector(selector);
        if (!reqs) return;
        if (getPath(root, ['spec', 'manualSelector']) === true) {
          mismatch(reqs, ['spec', 'selector']);
          return;
        }
        // Without manualSelector the API server adds controller-uid=<uid> and checks the selector
        // still matches the labels it generates: the Job's UID (unknown before creation) and name.
        const name = getPath(root, ['metadata', 'name']);
        if (typeof name !== 'string') return;
        const uid = '\u0000uid-assigned-at-creation';
        const expected: Labels = {
          'controller-uid': uid,
          'batch.kubernetes.io/controller-uid': uid,
          'job-name': name,
          'batch.kubernetes.io/job-name': name,
        };
        if (!matchesLabels(reqs, expected))
          ctx.report({
            path: ['spec', 'selector'],
            key: true,
            message: `the Job sets its own selector without manualSelector: true, so the API server rejects it (spec.selector: Invalid value: \`selector\` not auto-generated)`,
          });
        return;
      }
      case 'CronJob': {
        const jobSpec = getPath(root, ['spec', 'jobTemplate', 'spec']);
        if (!isObject(jobSpec)) return;
        if (jobSpec.selector !== undefined && jobSpec.selector !== null)
          ctx.report({
            path: ['spec', 'jobTemplate', 'spec', 'selector'],
            key: true,
            message: `a CronJob's job template may not set a selector, so the API server rejects the CronJob (spec.jobTemplate.spec.selector: Invalid value: \`selector\` will be auto-generated)`,
          });
        if (jobSpec.manualSelector === true)
          ctx.report({
            path: ['spec', 'jobTemplate', 'spec', 'manualSelector'],
            message: `a CronJob's job template may not set manualSelector: true, so the API server rejects the CronJob (spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false")`,
          });
        return;
      }
    }
  },
});
