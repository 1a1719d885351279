import type { JsonPath } from '../../load/types.js';
import { eachSchemaNode, eachValue, isObject, type SchemaNode } from '../crd-walk.js';
import { display, type SchemaProblem } from '../messages.js';
import type { StructuralProblem } from '../structural.js';
import { compileRule, type CompiledRule } from './env.js';
import { toCel } from './values.js';

// x-kubernetes-validations: CEL rules a CustomResourceDefinition attaches to schema nodes. The API
// server evaluates each rule with `self` bound to the node's value (when the value is set) and
// rejects the object when a rule is false or fails to evaluate. kubelint does the same for every
// rule it can evaluate exactly (env.ts says which); transition rules (oldSelf) only apply to updates.
// https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation-rules

interface Rule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
}

/** A rule kubelint does not evaluate, for the one info finding per CustomResourceDefinition. */
export interface UncheckedRule {
  path: JsonPath;
  reason: string;
}

export interface RuleReport {
  /** Rules the API server refuses: crd-schema-invalid. */
  problems: StructuralProblem[];
  unchecked: UncheckedRule[];
  total: number;
}

/** The error types a rule may report as (`reason`), as the API server allows them. */
const REASONS = ['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate'];

const rulesOf = (node: SchemaNode): unknown[] =>
  Array.isArray(node['x-kubernetes-validations']) ? (node['x-kubernetes-validations'] as unknown[]) : [];

/** The rules of a CRD schema: those the API server refuses, and those kubelint does not evaluate. */
export function ruleReport(root: unknown, at: JsonPath): RuleReport {
  const report: RuleReport = { problems: [], unchecked: [], total: 0 };
  eachSchemaNode(root, at, (node, path) => {
    rulesOf(node).forEach((entry, i) => {
      if (!isObject(entry)) return;
      const here = [...path, 'x-kubernetes-validations', i];
      const problem = (key: string, message: string): void => {
        report.problems.push({ path: [...here, key], message });
      };
      const { rule, message, messageExpression, reason } = entry;
      if (typeof reason === 'string' && !REASONS.includes(reason))
        problem('reason', `must be one of ${REASONS.map((r) => `"${r}"`).join(', ')}`);
      if (typeof rule !== 'string') return; // ill-typed: the CRD's own schema validation says so
      report.total++;
      // The API server's checks of a rule's text (apiextensions validation).
      const trimmed = typeof message === 'string' ? message.trim() : '';
      if (!rule.trim()) return problem('rule', 'must not be empty (rule is not specified)');
      if (typeof message === 'string' && message.length > 0 && !trimmed)
        return problem('message', 'must be non-empty if specified');
      if (/[\n\r]/.test(trimmed)) return problem('message', 'must not contain line breaks');
      if (/[\n\r]/.test(rule.trim()) && !trimmed && typeof messageExpression !== 'string')
        return problem('message', 'must be specified if rule contains line breaks');
      for (const [key, text] of [
        ['rule', rule],
        ['messageExpression', messageExpression],
      ] as const) {
        if (typeof text !== 'string') continue;
        const compiled = compileRule(text);
        if (compiled.status === 'invalid') problem(key, `is not valid CEL: ${compiled.message}`);
        else if (compiled.status === 'unsupported' && key === 'rule')
          report.unchecked.push({ path: [...here, key], reason: compiled.reason });
      }
    });
  });
  return report;
}

/** Evaluation stops for a document after this much time: a bound on hostile input, never reached by real rules. */
const DOCUMENT_BUDGET_MS = 2_000;
/** Estimated steps (tree size × data size ^ (comprehension nesting + 1)) a rule may take. */
const RULE_BUDGET = 50_000_000;
/** Evaluation errors that cel-go raises alike, so the API server rejects the object. */
const REAL_ERRORS = /^(no such key: index out of bounds|division by zero|modulus by zero|integer overflow)/i;
/**
 * An unset field: the API server's error too, when the field is one the schema declares (an
 * undeclared one is a compile error of the CustomResourceDefinition there, which `self` typed as
 * dyn here cannot see, so kubelint stays silent).
 */
const NO_SUCH_KEY = /^no such key: (.+)$/i;

/** The rules a custom resource (or a `default` value: `resource` false) breaks, its defaults applied. */
export function ruleProblems(schema: unknown, object: unknown, resource = true): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const deadline = Date.now() + DOCUMENT_BUDGET_MS;
  eachValue(schema, object, (node, value, path) => {
    const rules = rulesOf(node);
    if (!rules.length || value === null || value === undefined || Date.now() > deadline) return;
    const self = toCel(node, value, resource && path.length === 0);
    if (!self) return;
    for (const entry of rules) {
      if (!isObject(entry) || typeof entry.rule !== 'string') continue;
      const compiled = compileRule(entry.rule);
      if (compiled.status !== 'ok') continue;
      if (compiled.cost.astralSensitive && self.astral) continue;
      if (compiled.cost.nodes * (self.size + 1) ** (compiled.cost.loops + 1) > RULE_BUDGET) continue;
      const outcome = evaluate(compiled, self.value, node);
      if (outcome === true || outcome === undefined) continue;
      const rule = entry as unknown as Rule;
      const at = [...path, ...(fieldPathOf(rule.fieldPath) ?? [])];
      const why =
        outcome === false ? messageOf(rule, self.value) : `${outcome.error} evaluating rule: ${rule.rule}`;
      const message = at.length ? `${display(at)}: ${why}` : why;
      problems.push({ ruleId: 'crd-validation-rule', path: at, message });
    }
  });
  return problems;
}

/** true, false, a real evaluation error, or undefined when kubelint cannot tell. */
function evaluate(
  compiled: CompiledRule & { status: 'ok' },
  self: unknown,
  node: SchemaNode,
): boolean | { error: string } | undefined {
  let result: unknown;
  try {
    result = compiled.program({ self });
  } catch (err) {
    if (!(err instanceof Error) || err.name !== 'EvaluationError') return undefined;
    const message = err.message
      .split('\n')[0]!
      .trim()
      .replace(/^No such/, 'no such');
    if (REAL_ERRORS.test(message)) return { error: message };
    const key = NO_SUCH_KEY.exec(message)?.[1];
    return key !== undefined && declares(node, key) ? { error: message } : undefined;
  }
  return typeof result === 'boolean' ? result : undefined;
}

/**
 * ObjectMeta fields CEL does not see (only name and generateName): a rule reading one does not
 * compile on the API server, whatever else in the schema has a field of that name.
 */
const HIDDEN_METADATA = new Set([
  'namespace',
  'labels',
  'annotations',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'ownerReferences',
  'finalizers',
  'managedFields',
  'selfLink',
]);

/** Whether a property of this name is declared anywhere in the node's schema. */
function declares(node: SchemaNode, key: string): boolean {
  if (HIDDEN_METADATA.has(key)) return false;
  let found = false;
  eachSchemaNode(node, [], (n) => {
    if (!found && isObject(n.properties) && Object.hasOwn(n.properties, key)) found = true;
  });
  return found;
}

/** The rule's message, its messageExpression's value, or the API server's "failed rule: <rule>". */
function messageOf(rule: Rule, self: unknown): string {
  if (typeof rule.messageExpression === 'string') {
    const compiled = compileRule(rule.messageExpression);
    if (compiled.status === 'ok') {
      try {
        const text: unknown = compiled.program({ self });
        if (typeof text === 'string' && text.trim() && !/[\n\r]/.test(text)) return text.trim();
      } catch {
        // falls back to message, as the API server does
      }
    }
  }
  if (typeof rule.message === 'string' && rule.message.trim()) return rule.message.trim();
  return `failed rule: ${rule.rule.trim()}`;
}

/** `.spec.replicas`, `.ports[0]`, `.labels['app.kubernetes.io/name']` → a path relative to the node. */
export function fieldPathOf(fieldPath: string | undefined): JsonPath | undefined {
  if (typeof fieldPath !== 'string' || !fieldPath) return undefined;
  const path: JsonPath = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;
  let i = 0;
  while (i < fieldPath.length) {
    re.lastIndex = i;
    const m = re.exec(fieldPath);
    if (!m) return undefined;
    if (m[1] !== undefined) path.push(m[1]);
    else if (m[2] !== undefined) path.push(Number(m[2]));
    else path.push((m[3] ?? m[4] ?? '').replace(/\\(.)/g, '$1'));
    i = re.lastIndex;
  }
  return path;
}
