import { defineRule } from '../../src/engine/index.js';
import { cronScheduleError, scheduleHasTimeZone } from '../../src/k8s/cron.js';
import { getPath } from '../../src/k8s/object.js';

// validateScheduleFormat: the schedule must parse with robfig/cron's ParseStandard (five fields
// with ranges, steps, lists and month/day names, or @yearly … @hourly and @every <duration>), and
// on create may not contain "TZ" (a CRON_TZ=/TZ= prefix): the timeZone field replaced it in 1.27.
export const rule = defineRule({
  id: 'invalid-cron-schedule',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'A CronJob schedule is not valid cron syntax, or carries a TZ/CRON_TZ prefix, which the API server rejects',
  },
  check(doc, ctx) {
    if (ctx.resource.kind !== 'CronJob') return;
    const path = ['spec', 'schedule'];
    const schedule = getPath(doc.object, path);
    if (typeof schedule !== 'string') return;
    if (schedule === '') {
      ctx.report({
        path,
        message:
          'the schedule is empty, so the API server rejects the CronJob (spec.schedule: Required value)',
      });
      return;
    }
    const err = cronScheduleError(schedule);
    if (err)
      ctx.report({
        path,
        message: `schedule ${JSON.stringify(schedule)} is not a valid cron schedule (${err}), so the API server rejects the CronJob (spec.schedule: Invalid value: ${JSON.stringify(schedule)}: ${err})`,
      });
    if (scheduleHasTimeZone(schedule))
      ctx.report({
        path,
        message: `schedule ${JSON.stringify(schedule)} names a time zone, so the API server rejects the CronJob (spec.schedule: Invalid value: ${JSON.stringify(schedule)}: cannot use TZ or CRON_TZ in schedule, use timeZone field instead)`,
      });
  },
});
