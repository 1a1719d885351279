import { pathToFileURL } from 'node:url';
import type { Rule, RuleContext } from '../engine/rule.js';
import { getPath, isObject, formatPath } from '../k8s/object.js';
import type { ContainerRef } from '../k8s/pod.js';
import { matchesLabels, parseLabelSelector, type Labels, type Requirement } from '../k8s/selector.js';
import type { JsonPath, ManifestDoc, Severity } from '../load/types.js';
import { evaluate, PolicyRuntimeError } from './evaluate.js';
import { unknownFieldOf } from './fields.js';
import { closestName } from './names.js';
import {
  CONTAINER_NAMES,
  parseExpression,
  PolicySyntaxError,
  ROOT_NAMES,
  TOP_LEVEL_FIELDS,
  type CheckedExpression,
  type StaticPath,
} from './parse.js';

/**
 * A problem in one `policies:` entry: `path` leads from the entry to the offending value, `offset`
 * (for strings) into that value. The config loader turns it into a positioned ConfigError.
 */
export class PolicyConfigError extends Error {
  constructor(
    message: string,
    readonly path: JsonPath,
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'PolicyConfigError';
  }
}

export interface PolicyMatch {
  kinds?: string[];
  apiVersions?: string[];
  namespaces?: string[];
  labelSelector?: unknown;
}

export interface PolicySpec {
  id: string;
  severity: Severity;
  message: string;
  description?: string;
  match: PolicyMatch;
  assert: string;
  forEach?: 'containers';
}

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const FIELDS = ['id', 'severity', 'message', 'description', 'match', 'assert', 'forEach'];
const MATCH_FIELDS = ['kinds', 'apiVersions', 'namespaces', 'labelSelector'];
const PLACEHOLDERS = new Set(['kind', 'name', 'namespace', 'path']);
const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

function unknownField(name: string, known: string[], path: JsonPath): PolicyConfigError {
  const hint = closestName(name, known);
  return new PolicyConfigError(
    `unknown policy field "${name}"${hint ? `; did you mean "${hint}"?` : ''} (supported: ${known.join(', ')})`,
    path,
  );
}

function stringList(value: unknown, path: JsonPath): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new PolicyConfigError(`"${path.at(-1)}" must be a list of strings`, path);
  return value;
}

/** Validate one `policies:` entry (plain JSON from the config) into a spec. */
export function policySpecOf(raw: unknown): PolicySpec {
  if (!isObject(raw))
    throw new PolicyConfigError('a policy must be a mapping with id, message and assert', []);
  for (const key of Object.keys(raw)) if (!FIELDS.includes(key)) throw unknownField(key, FIELDS, [key]);
  for (const key of ['id', 'message', 'assert'])
    if (raw[key] === undefined) throw new PolicyConfigError(`a policy needs "${key}"`, []);
  const { id, severity = 'warning', message, description, assert, forEach, match = {} } = raw;
  if (typeof id !== 'string' || !ID.test(id))
    throw new PolicyConfigError('a policy id must be kebab-case, like "team-label-required"', ['id']);
  if (typeof severity !== 'string' || !['error', 'warning', 'info'].includes(severity))
    throw new PolicyConfigError('"severity" must be error, warning or info', ['severity']);
  if (typeof message !== 'string') throw new PolicyConfigError('"message" must be a string', ['message']);
  if (description !== undefined && typeof description !== 'string')
    throw new PolicyConfigError('"description" must be a string', ['description']);
  if (typeof assert !== 'string')
    throw new PolicyConfigError('"assert" must be a string holding an expression', ['assert']);
  if (forEach !== undefined && forEach !== 'containers')
    throw new PolicyConfigError('"forEach" supports only "containers"', ['forEach']);
  if (!isObject(match)) throw new PolicyConfigError('"match" must be a mapping', ['match']);
  for (const key of Object.keys(match))
    if (!MATCH_FIELDS.includes(key)) throw unknownField(key, MATCH_FIELDS, ['match', key]);
  const spec: PolicySpec = { id, severity: severity as Severity, message, assert, match: {} };
  if (description !== undefined) spec.description = description;
  if (forEach === 'containers') spec.forEach = forEach;
  for (const key of ['kinds', 'apiVersions', 'namespaces'] as const)
    if (match[key] !== undefined) spec.match[key] = stringList(match[key], ['match', key]);
  if (match.labelSelector !== undefined) {
    if (!parseLabelSelector(match.labelSelector))
      throw new PolicyConfigError(
        '"labelSelector" must be a Kubernetes label selector ({matchLabels: {…}, matchExpressions: [{key, operator, values}]})',
        ['match', 'labelSelector'],
      );
    spec.match.labelSelector = match.labelSelector;
  }
  for (const m of message.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? '';
    if (!PLACEHOLDERS.has(name) && !(name === 'container' && spec.forEach))
      throw new PolicyConfigError(
        `unknown placeholder "{{${name}}}" (available: {{kind}}, {{name}}, {{namespace}}, {{path}}${spec.forEach ? ', {{container}}' : ''})`,
        ['message'],
        m.index,
      );
  }
  return spec;
}

/** A compiled policy: a rule that keeps its declaration, for `kubelint explain`. */
export interface PolicyRule extends Rule {
  policy: PolicySpec;
  /** The config file that declares it. */
  file: string;
}

interface CompiledPolicy {
  spec: PolicySpec;
  expression: CheckedExpression;
  selector?: Requirement[];
}

/**
 * Compile a policy entry into a rule; `configFile` is where it is declared (its docs link), and the
 * fields its assert reads are checked against the schemas of `kubernetesVersion` (default the newest).
 */
export function compilePolicy(raw: unknown, configFile: string, kubernetesVersion?: string): PolicyRule {
  const spec = policySpecOf(raw);
  let expression: CheckedExpression;
  try {
    expression = parseExpression(
      spec.assert,
      spec.forEach ? [...ROOT_NAMES, ...CONTAINER_NAMES] : ROOT_NAMES,
    );
  } catch (err) {
    if (err instanceof PolicySyntaxError) throw new PolicyConfigError(err.message, ['assert'], err.offset);
    throw err;
  }
  const unknown = unknownFieldOf(expression.paths, spec.match, kubernetesVersion);
  if (unknown) throw new PolicyConfigError(unknown.message, ['assert'], unknown.offset);
  const compiled: CompiledPolicy = { spec, expression };
  const selector =
    spec.match.labelSelector === undefined ? undefined : parseLabelSelector(spec.match.labelSelector);
  if (selector) compiled.selector = selector;
  return {
    id: spec.id,
    policy: spec,
    file: configFile,
    meta: {
      category: 'policy',
      severity: spec.severity,
      // Declaring a policy turns it on; `rules: {id: off}` turns it off like any rule.
      recommended: true,
      description: spec.description ?? spec.message.replace(PLACEHOLDER, '…'),
      docsUrl: pathToFileURL(configFile).href,
    },
    check: (doc, ctx) => checkPolicy(compiled, doc, ctx),
  };
}

function labelsOf(object: unknown): Labels {
  const labels = getPath(object, ['metadata', 'labels']);
  if (!isObject(labels)) return {};
  return Object.fromEntries(
    Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

function matches(p: CompiledPolicy, doc: ManifestDoc, ctx: RuleContext): boolean {
  const { kinds, apiVersions, namespaces } = p.spec.match;
  if (kinds && !kinds.includes(ctx.resource.kind)) return false;
  if (apiVersions && !apiVersions.includes(ctx.resource.apiVersion)) return false;
  if (namespaces && !namespaces.includes(ctx.namespaceOf(doc))) return false;
  if (p.selector && !matchesLabels(p.selector, labelsOf(doc.object))) return false;
  // forEach: containers applies to what has containers.
  return !(p.spec.forEach && !ctx.podSpec());
}

function pathOf(
  ref: StaticPath,
  podPath: JsonPath | undefined,
  container: ContainerRef | undefined,
): JsonPath | undefined {
  if (ref.root === 'object') return ref.path;
  if (ref.root === 'pod') return podPath && [...podPath, ...ref.path];
  return container && [...container.path, ...ref.path];
}

function checkPolicy(p: CompiledPolicy, doc: ManifestDoc, ctx: RuleContext): void {
  if (!matches(p, doc, ctx)) return;
  const object = isObject(doc.object) ? doc.object : {};
  const pod = ctx.podSpec();
  const vars: Record<string, unknown> = { object, pod: pod?.spec, namespace: ctx.namespaceOf(doc) };
  for (const field of TOP_LEVEL_FIELDS) vars[field] = object[field];
  const run = (container?: ContainerRef): void => {
    const scope = container
      ? { ...vars, container: container.container, containerRole: container.role }
      : vars;
    // The first field the assert reads is where a finding points; a missing one resolves to its parent.
    const located = p.expression.paths
      .filter((r) => (container ? r.root === 'container' : r.root !== 'container'))
      .map((r) => pathOf(r, pod?.path, container))
      .find((path) => path !== undefined);
    const path = located ?? (container ? [...container.path, 'name'] : ['kind']);
    let ok: unknown;
    try {
      ok = evaluate(p.expression, scope);
    } catch (err) {
      if (!(err instanceof PolicyRuntimeError)) throw err;
      ctx.report({
        path,
        severity: 'error',
        message: `policy "${p.spec.id}" failed to evaluate: ${err.message} (assert column ${err.offset + 1})`,
      });
      return;
    }
    if (ok) return;
    const values: Record<string, string> = {
      kind: ctx.resource.kind,
      name: ctx.resource.name ?? '<unnamed>',
      namespace: ctx.namespaceOf(doc),
      path: formatPath(container ? container.path : path),
      container: container?.name ?? '<unnamed>',
    };
    ctx.report({
      path,
      message: p.spec.message.replace(PLACEHOLDER, (_, name: string) => values[name] ?? ''),
    });
  };
  if (p.spec.forEach) for (const c of ctx.containers()) run(c);
  else run();
}
