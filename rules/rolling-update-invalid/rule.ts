import { defineRule, type Report, type RuleContext } from '../../src/engine/index.js';
import { getPath, isObject } from '../../src/k8s/object.js';
import {
  formatIntOrPercent,
  intOrPercentValue,
  parseIntOrPercent,
  type IntOrPercent,
} from '../../src/k8s/workload.js';

const PERCENT_MESSAGE =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

type JsonPath = Report['path'];

interface Field {
  name: 'maxUnavailable' | 'maxSurge';
  path: JsonPath;
  /** As written; undefined when absent (then `value` is the API server's default). */
  written: IntOrPercent | undefined;
  value: IntOrPercent;
}

function fieldOf(rollingUpdate: unknown, base: JsonPath, name: Field['name'], dflt: IntOrPercent): Field {
  const written = parseIntOrPercent(getPath(rollingUpdate, [name]));
  return { name, path: [...base, name], written, value: written ?? dflt };
}

/** ValidatePositiveIntOrPercent and IsNotMoreThan100Percent: true when the field is well-formed. */
function checkValue(ctx: RuleContext, f: Field, maxHundred: boolean): boolean {
  const v = f.written;
  if (!v) return true;
  const shown = `${f.name}: Invalid value: ${formatIntOrPercent(v)}`;
  if (v.type === 'invalid') ctx.report({ path: f.path, message: `${shown}: ${PERCENT_MESSAGE}` });
  else if (v.type === 'int' && v.value < 0)
    ctx.report({ path: f.path, message: `${shown}: must be greater than or equal to 0` });
  else if (maxHundred && v.type === 'percent' && v.value > 100)
    ctx.report({ path: f.path, message: `${shown}: must not be greater than 100%` });
  else return true;
  return false;
}

const describe = (f: Field): string =>
  f.written
    ? `${f.name} ${formatIntOrPercent(f.value)}`
    : `${f.name} (not set, defaults to ${formatIntOrPercent(f.value)})`;

function checkDeployment(ctx: RuleContext): void {
  const strategy = getPath(ctx.doc.object, ['spec', 'strategy']);
  if (!isObject(strategy)) return;
  const base = ['spec', 'strategy', 'rollingUpdate'];
  if (strategy.type === 'Recreate') {
    if (strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null)
      ctx.report({
        path: base,
        key: true,
        message: "rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
      });
    return;
  }
  if (strategy.type !== undefined && strategy.type !== 'RollingUpdate') return; // an enum error
  if (!isObject(strategy.rollingUpdate)) return; // defaulted to 25% / 25%
  // apps/v1 SetDefaults_Deployment: each missing field defaults to 25%.
  const quarter: IntOrPercent = { type: 'percent', value: 25 };
  const unavailable = fieldOf(strategy.rollingUpdate, base, 'maxUnavailable', quarter);
  const surge = fieldOf(strategy.rollingUpdate, base, 'maxSurge', quarter);
  const ok = [checkValue(ctx, unavailable, true), checkValue(ctx, surge, false)].every(Boolean);
  if (ok && intOrPercentValue(unavailable.value) === 0 && intOrPercentValue(surge.value) === 0)
    ctx.report({
      path: unavailable.path,
      message: `maxUnavailable: Invalid value: ${formatIntOrPercent(unavailable.value)}: may not be 0 when \`maxSurge\` is 0 — with ${describe(unavailable)} and ${describe(surge)} a rollout could neither take an old pod down nor add a new one, so the API server rejects the Deployment`,
    });
}

function checkDaemonSet(ctx: RuleContext): void {
  const strategy = getPath(ctx.doc.object, ['spec', 'updateStrategy']);
  if (!isObject(strategy) || (strategy.type !== undefined && strategy.type !== 'RollingUpdate')) return;
  if (!isObject(strategy.rollingUpdate)) return; // defaulted to maxUnavailable 1, maxSurge 0
  const base = ['spec', 'updateStrategy', 'rollingUpdate'];
  // apps/v1 SetDefaults_DaemonSet: maxUnavailable defaults to 1, maxSurge to 0.
  const unavailable = fieldOf(strategy.rollingUpdate, base, 'maxUnavailable', { type: 'int', value: 1 });
  const surge = fieldOf(strategy.rollingUpdate, base, 'maxSurge', { type: 'int', value: 0 });
  const ok = [checkValue(ctx, unavailable, true), checkValue(ctx, surge, true)].every(Boolean);
  if (!ok) return;
  const hasUnavailable = intOrPercentValue(unavailable.value) !== 0;
  const hasSurge = intOrPercentValue(surge.value) !== 0;
  if (hasUnavailable && hasSurge)
    ctx.report({
      path: surge.path,
      message: `maxSurge: Invalid value: ${formatIntOrPercent(surge.value)}: may not be set when maxUnavailable is non-zero (${describe(unavailable)}): a DaemonSet rolls either by surging or by taking pods down, not both`,
    });
  else if (!hasUnavailable && !hasSurge)
    ctx.report({
      path: unavailable.written ? unavailable.path : base,
      key: !unavailable.written,
      message: `maxUnavailable: Required value: cannot be 0 when maxSurge is 0 (${describe(unavailable)}, ${describe(surge)}): the rollout could never replace a pod`,
    });
}

// pkg/apis/apps/validation: ValidateRollingUpdateDeployment, ValidateRollingUpdateDaemonSet,
// ValidateDeploymentStrategy.
export const rule = defineRule({
  id: 'rolling-update-invalid',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'A Deployment or DaemonSet rolling update the API server rejects (e.g. maxUnavailable and maxSurge both 0)',
  },
  check(_doc, ctx) {
    const { kind, apiVersion } = ctx.resource;
    if (apiVersion !== 'apps/v1') return; // older groups have other defaults (and are removed)
    if (kind === 'Deployment') checkDeployment(ctx);
    else if (kind === 'DaemonSet') checkDaemonSet(ctx);
  },
});
