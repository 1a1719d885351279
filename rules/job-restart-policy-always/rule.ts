import { defineRule, setValue, type FixSpec } from '../../src/engine/index.js';
import { isJobKind } from '../../src/k8s/pod.js';

// A Job's pods must finish, so their restartPolicy must be OnFailure or Never. The API server first
// defaults an unset restartPolicy to Always (as for every pod template), then rejects it:
// `spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"`.
// https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-template
export const rule = defineRule({
  id: 'job-restart-policy-always',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    fixable: true,
    description:
      'A Job or CronJob pod template has restartPolicy Always, explicitly or by default, which the API server rejects',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod || !isJobKind(ctx.resource.kind)) return;
    const policy = pod.spec.restartPolicy;
    const path = [...pod.path, 'restartPolicy'];
    // Never is valid for every Job (OnFailure is not with a podFailurePolicy), and keeps failed pods
    // for `kubectl logs`; the Job controller still retries up to backoffLimit.
    const fix: FixSpec = { description: 'Set restartPolicy: Never', changes: [setValue(path, 'Never')] };
    // An empty or null value is defaulted like a missing one.
    if (policy === undefined || policy === null || policy === '') {
      ctx.report({
        path,
        message: `${ctx.resource.kind} pod template sets no restartPolicy, so it defaults to Always, which the API server rejects for Jobs (valid values: "OnFailure", "Never")`,
        fix,
      });
    } else if (policy === 'Always') {
      ctx.report({
        path,
        message: `${ctx.resource.kind} pod template has restartPolicy "Always", which the API server rejects for Jobs (valid values: "OnFailure", "Never")`,
        fix,
      });
    }
  },
});
