import { defineRule } from '../../src/engine/index.js';
import { timeZoneErrors } from '../../src/k8s/cron.js';
import { getPath, isObject } from '../../src/k8s/object.js';

// ValidateCronJobCreate / validateCronJobSpec: the name leaves room for the 11-character suffix of
// the Jobs the controller creates (63 - 11 = 52); timeZone is an IANA name Go's tzdata knows
// (validateTimeZone); deadlines and history limits are non-negative; concurrencyPolicy is one of
// three values (an unset one is defaulted to Allow).
const CONCURRENCY = ['Allow', 'Forbid', 'Replace'];
const MAX_NAME = 52;

export const rule = defineRule({
  id: 'invalid-cronjob-spec',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'A CronJob name is over 52 characters, its timeZone is unknown, or a deadline, history limit or concurrencyPolicy is invalid, which the API server rejects',
  },
  check(doc, ctx) {
    if (ctx.resource.kind !== 'CronJob') return;
    const root = doc.object;
    const name = getPath(root, ['metadata', 'name']);
    if (typeof name === 'string' && name.length > MAX_NAME)
      ctx.report({
        path: ['metadata', 'name'],
        message: `CronJob name "${name}" has ${name.length} characters; the Jobs it creates append an 11-character suffix to it, so the API server rejects names over ${MAX_NAME} on creation (metadata.name: Invalid value: ${JSON.stringify(name)}: must be no more than 52 characters)`,
      });
    const spec = getPath(root, ['spec']);
    if (!isObject(spec)) return;
    const tz = spec.timeZone;
    if (typeof tz === 'string')
      for (const err of timeZoneErrors(tz))
        ctx.report({
          path: ['spec', 'timeZone'],
          message: `timeZone ${JSON.stringify(tz)} is not a time zone the API server knows, so it rejects the CronJob (spec.timeZone: Invalid value: ${JSON.stringify(tz)}: ${err})`,
        });
    for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
      const v = spec[field];
      if (typeof v === 'number' && v < 0)
        ctx.report({
          path: ['spec', field],
          message: `${field} is ${v}, so the API server rejects the CronJob (spec.${field}: Invalid value: ${v}: must be greater than or equal to 0)`,
        });
    }
    const policy = spec.concurrencyPolicy;
    if (typeof policy === 'string' && policy !== '' && !CONCURRENCY.includes(policy))
      ctx.report({
        path: ['spec', 'concurrencyPolicy'],
        message: `concurrencyPolicy "${policy}" is not one of Allow, Forbid, Replace, so the API server rejects the CronJob (spec.concurrencyPolicy: Unsupported value: "${policy}": supported values: "Allow", "Forbid", "Replace")`,
      });
  },
});
