import { defineRule, type Report } from '../../src/engine/index.js';
import { dns1123LabelErrors } from '../../src/k8s/names.js';
import { formatPath, getPath, isObject } from '../../src/k8s/object.js';

type JsonPath = Report['path'];

// validateJobSpec (pkg/apis/batch/validation): counts and durations are non-negative; the
// completion mode is NonIndexed or Indexed; Indexed Jobs need completions and cap parallelism and
// failed indexes; per-index backoff, maxFailedIndexes and successPolicy need Indexed; a
// podFailurePolicy needs restartPolicy Never. ValidateJob also checks that an Indexed Job's last
// pod hostname (`<name>-<completions-1>`) is a DNS-1123 label. CronJobs' job templates get the
// same spec checks (ValidateJobTemplateSpec).
const NON_NEGATIVE = [
  'parallelism',
  'completions',
  'activeDeadlineSeconds',
  'backoffLimit',
  'ttlSecondsAfterFinished',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
] as const;
const MAX_PARALLELISM_INDEXED = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_HIGH_COMPLETIONS = 10_000;

const isSet = (v: unknown): boolean => v !== undefined && v !== null;

export const rule = defineRule({
  id: 'invalid-job-spec',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'A Job (or CronJob job template) has a negative count, an unknown completionMode, or Indexed-only settings without Indexed completion, which the API server rejects',
  },
  check(doc, ctx) {
    const { kind } = ctx.resource;
    if (kind !== 'Job' && kind !== 'CronJob') return;
    const specPath: JsonPath = kind === 'Job' ? ['spec'] : ['spec', 'jobTemplate', 'spec'];
    const spec = getPath(doc.object, specPath);
    if (!isObject(spec)) return;
    /** Report at `field`; the API server's error names `shown` (default: the same field). */
    const report = (
      field: string,
      what: string,
      detail: string,
      key = false,
      shown: JsonPath = [field],
    ): void => {
      ctx.report({
        path: [...specPath, field],
        key,
        message: `${what}, so the API server rejects the ${kind} (${formatPath([...specPath, ...shown])}: ${detail})`,
      });
    };
    const num = (field: string): number | undefined => {
      const v = spec[field];
      return typeof v === 'number' ? v : undefined;
    };
    for (const field of NON_NEGATIVE) {
      const v = num(field);
      if (v !== undefined && v < 0)
        report(field, `${field} is ${v}`, `Invalid value: ${v}: must be greater than or equal to 0`);
    }
    const mode = spec.completionMode;
    if (typeof mode === 'string' && mode !== 'NonIndexed' && mode !== 'Indexed')
      report(
        'completionMode',
        `completionMode "${mode}" is neither NonIndexed nor Indexed`,
        `Unsupported value: "${mode}": supported values: "NonIndexed", "Indexed"`,
      );
    const completions = num('completions');
    const parallelism = num('parallelism');
    const maxFailed = num('maxFailedIndexes');
    if (mode === 'Indexed') {
      if (!isSet(spec.completions))
        report(
          'completionMode',
          'an Indexed Job needs completions (the number of indexes)',
          'Required value: when completion mode is Indexed',
          true,
          ['completions'],
        );
      if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED)
        report(
          'parallelism',
          `parallelism ${parallelism} is over ${MAX_PARALLELISM_INDEXED}`,
          `Invalid value: ${parallelism}: must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`,
        );
      if (completions !== undefined && maxFailed !== undefined && maxFailed > completions)
        report(
          'maxFailedIndexes',
          `maxFailedIndexes ${maxFailed} is more than completions ${completions}`,
          `Invalid value: ${maxFailed}: must be less than or equal to completions`,
        );
      if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES)
        report(
          'maxFailedIndexes',
          `maxFailedIndexes ${maxFailed} is over ${MAX_FAILED_INDEXES}`,
          `Invalid value: ${maxFailed}: must be less than or equal to ${MAX_FAILED_INDEXES}`,
        );
      if (
        completions !== undefined &&
        completions > COMPLETIONS_SOFT_LIMIT &&
        isSet(spec.backoffLimitPerIndex)
      ) {
        if (!isSet(spec.maxFailedIndexes))
          report(
            'backoffLimitPerIndex',
            `with more than ${COMPLETIONS_SOFT_LIMIT} completions and backoffLimitPerIndex, maxFailedIndexes is required`,
            `Required value: must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`,
            true,
            ['maxFailedIndexes'],
          );
        if (parallelism !== undefined && parallelism > PARALLELISM_HIGH_COMPLETIONS)
          report(
            'parallelism',
            `parallelism ${parallelism} is over ${PARALLELISM_HIGH_COMPLETIONS} with more than ${COMPLETIONS_SOFT_LIMIT} completions and backoffLimitPerIndex`,
            `Invalid value: ${parallelism}: must be less than or equal to ${PARALLELISM_HIGH_COMPLETIONS} when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`,
          );
        if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES_HIGH_COMPLETIONS)
          report(
            'maxFailedIndexes',
            `maxFailedIndexes ${maxFailed} is over ${MAX_FAILED_INDEXES_HIGH_COMPLETIONS} with more than ${COMPLETIONS_SOFT_LIMIT} completions and backoffLimitPerIndex`,
            `Invalid value: ${maxFailed}: must be less than or equal to ${MAX_FAILED_INDEXES_HIGH_COMPLETIONS} when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`,
          );
      }
      const name = getPath(doc.object, ['metadata', 'name']);
      if (kind === 'Job' && typeof name === 'string' && completions !== undefined && completions > 0) {
        const hostname = `${name}-${completions - 1}`;
        if (dns1123LabelErrors(hostname).length)
          ctx.report({
            path: ['metadata', 'name'],
            message: `the last pod of this Indexed Job would be named "${hostname}", which is not a DNS-1123 label (at most 63 characters), so the API server rejects the Job (metadata.name: Invalid value: "${name}": will not able to create pod with invalid DNS label: ${hostname})`,
          });
      }
    } else {
      for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes', 'successPolicy'])
        if (isSet(spec[field]))
          report(
            field,
            `${field} only applies to Indexed Jobs`,
            `Invalid value: requires indexed completion mode`,
            true,
          );
    }
    if (isSet(spec.maxFailedIndexes) && !isSet(spec.backoffLimitPerIndex))
      report(
        'maxFailedIndexes',
        'maxFailedIndexes is set without backoffLimitPerIndex',
        'Required value: when maxFailedIndexes is specified',
        true,
        ['backoffLimitPerIndex'],
      );
    const restartPolicy = getPath(spec, ['template', 'spec', 'restartPolicy']);
    if (isSet(spec.podFailurePolicy) && restartPolicy === 'OnFailure')
      report(
        'podFailurePolicy',
        'a podFailurePolicy needs restartPolicy Never (with OnFailure kubelet restarts the containers, so the policy never sees a failed pod)',
        'Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
        true,
        ['template', 'spec', 'restartPolicy'],
      );
  },
});
