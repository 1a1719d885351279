import { defineRule, replaceScalar, type FixSpec, type Report } from '../../src/engine/index.js';
import { formatPath } from '../../src/k8s/object.js';
import { handlerHoldersOf } from '../../src/k8s/probes.js';

type JsonPath = Report['path'];

// validateProbe: timings and thresholds are non-negative (ValidateNonnegativeField); zero is not an
// error because SetDefaults_Probe replaces 0 with the default (timeout 1, period 10, success 1,
// failure 3) before validation. Liveness and startup probes need successThreshold 1 (after that
// defaulting), and a probe-level terminationGracePeriodSeconds must be positive and is not allowed
// on readiness probes. https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#configure-probes
const NON_NEGATIVE = [
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
] as const;

export const rule = defineRule({
  id: 'probe-threshold-invalid',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    fixable: true,
    description:
      'A probe has a negative timing or threshold, or a successThreshold other than 1 on a liveness or startup probe, which the API server rejects',
  },
  check(_doc, ctx) {
    for (const h of handlerHoldersOf(ctx.containers())) {
      if (h.field === 'postStart' || h.field === 'preStop') continue;
      const who = `${h.field} of container "${h.container.name ?? '?'}"`;
      const report = (field: string, value: unknown, detail: string, what: string, fix?: FixSpec): void => {
        const path: JsonPath = [...h.path, field];
        ctx.report({
          ...(fix ? { fix } : {}),
          path,
          message: `${who} ${what}, so the API server rejects the pod (${formatPath(path)}: Invalid value: ${String(value)}: ${detail})`,
        });
      };
      for (const field of NON_NEGATIVE) {
        const v = h.object[field];
        if (typeof v === 'number' && v < 0)
          report(field, v, 'must be greater than or equal to 0', `has ${field} ${v}`);
      }
      const success = h.object.successThreshold;
      if (h.field !== 'readinessProbe' && typeof success === 'number' && success > 1)
        report(
          'successThreshold',
          success,
          'must be 1',
          `has successThreshold ${success}; only a readiness probe may require several successes`,
          // 1 is the only value the API server accepts here, and what an unset field defaults to.
          {
            description: 'Set successThreshold: 1',
            changes: [replaceScalar([...h.path, 'successThreshold'], 1)],
          },
        );
      const grace = h.object.terminationGracePeriodSeconds;
      if (typeof grace !== 'number') continue;
      if (h.field === 'readinessProbe')
        report(
          'terminationGracePeriodSeconds',
          grace,
          'must not be set for readinessProbes',
          'sets terminationGracePeriodSeconds, which only applies to probes that kill the container',
        );
      else if (grace <= 0)
        report(
          'terminationGracePeriodSeconds',
          grace,
          'must be greater than 0',
          `has terminationGracePeriodSeconds ${grace}`,
        );
    }
  },
});
