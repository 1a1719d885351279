import type { ErrorObject } from 'ajv';
import type { JsonPath } from '../load/types.js';
import type { JsonSchema } from './registry.js';
import type { RawValidation } from './validate.js';

export type SchemaRuleId =
  | 'schema-unknown-field'
  | 'schema-type'
  | 'schema-required'
  | 'schema-enum'
  | 'schema-format'
  | 'crd-validation-rule';

export interface SchemaProblem {
  ruleId: SchemaRuleId;
  path: JsonPath;
  message: string;
  /** Point at the key (unknown fields) rather than the value. */
  key?: boolean;
  /** The other side of a conflict (the first of two duplicate items). */
  related?: { path: JsonPath; message: string }[];
}

/**
 * Rewrite ajv's errors for people: one problem per real mistake, with the path as `a.b[0].c`.
 * Quantity and IntOrString are `anyOf`s whose branch errors are noise next to the anyOf's own.
 */
export function problemsOf(
  object: unknown,
  result: RawValidation,
  strict: boolean,
  model?: string,
): SchemaProblem[] {
  const anyOfPaths = new Set(result.errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const e of result.errors) {
    if (e.keyword !== 'anyOf' && anyOfPaths.has(e.instancePath)) continue;
    // `field: null` is "unset" to the API server; only a missing required field or an unknown key
    // matters — and a required field set to null is as missing as an absent one (`Required value`).
    let problem: SchemaProblem | undefined;
    if (e.data === null && e.keyword !== 'required' && e.keyword !== 'additionalProperties') {
      if (e.keyword !== 'type' || !model) continue;
      problem = requiredNull(pathOf(object, e.instancePath), result, model, String(e.params.type));
      if (!problem) continue;
    }
    if (!strict && e.keyword === 'additionalProperties') continue;
    problem ??= problemOf(e, pathOf(object, e.instancePath), result);
    const id = `${problem.ruleId}\0${problem.path.join('\0')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(problem);
  }
  return problems;
}

/**
 * A problem when the null at `path` is a field its object's schema requires. The API server decodes
 * null as the zero value: an empty list, string or object fails validation as `Required value`; a
 * zero number fails whatever range check the field has.
 */
function requiredNull(
  path: JsonPath,
  result: RawValidation,
  model: string,
  type: string,
): SchemaProblem | undefined {
  const field = path.at(-1);
  const parent = schemaAt(result, model, path.slice(0, -1));
  if (typeof field !== 'string' || !(parent?.required as unknown[] | undefined)?.includes(field)) return;
  const at = path.length > 1 ? ` in ${display(path.slice(0, -1))}` : '';
  return {
    ruleId: 'schema-required',
    path,
    message: `required field "${field}"${at} is null, which the API server reads as unset${
      ['array', 'string', 'object'].includes(type) ? ` (${display(path)}: Required value)` : ''
    }`,
  };
}

/** The schema at `path` below a definition, through properties, list items, maps and $refs. */
function schemaAt(result: RawValidation, model: string, path: JsonPath): JsonSchema | undefined {
  const deref = (schema: JsonSchema | undefined): JsonSchema | undefined => {
    for (let i = 0; schema && typeof schema.$ref === 'string' && i < 8; i++)
      schema = result.definition(schema.$ref.replace('#/definitions/', ''));
    return schema;
  };
  let schema = deref(result.definition(model));
  for (const seg of path) {
    if (!schema) return undefined;
    const properties = schema.properties as Record<string, JsonSchema> | undefined;
    const next =
      typeof seg === 'number'
        ? schema.items
        : (properties?.[seg] ?? (schema.properties ? undefined : schema.additionalProperties));
    schema = deref(next && typeof next === 'object' ? (next as JsonSchema) : undefined);
  }
  return schema;
}

function problemOf(e: ErrorObject, path: JsonPath, result: RawValidation): SchemaProblem {
  const at = display(path);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const type = result.nameOf(e.parentSchema);
      const known = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      const close = suggestion(field, known);
      const hint = close
        ? `; did you mean "${close}"?`
        : type
          ? ` (${typeName(type)} has no such field)`
          : '';
      return {
        ruleId: 'schema-unknown-field',
        path: [...path, field],
        key: true,
        message: `unknown field "${display([...path, field])}"${hint}`,
      };
    }
    case 'required': {
      const field = String(params.missingProperty);
      return {
        ruleId: 'schema-required',
        path: [...path, field],
        message: `missing required field "${field}"${path.length ? ` in ${at}` : ''}`,
      };
    }
    case 'type':
      return {
        ruleId: 'schema-type',
        path,
        message: `${at} must be ${TYPE_NAMES[String(params.type)] ?? String(params.type)}, got ${describe(e.data)}`,
      };
    case 'enum': {
      const values = (params.allowedValues as unknown[]).filter((v) => v !== '');
      return {
        ruleId: 'schema-enum',
        path,
        message: `${at} must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(e.data)}`,
      };
    }
    case 'format':
      return {
        ruleId: 'schema-format',
        path,
        message: `${at} ${FORMATS[String(params.format)] ?? `must match format "${String(params.format)}"`}, got ${describe(e.data)}`,
      };
    case 'anyOf': {
      const type = result.nameOf(e.parentSchema);
      if (type === 'Quantity')
        return typeof e.data === 'string'
          ? {
              ruleId: 'schema-format',
              path,
              message: `${at} must be a quantity such as "500m", "128Mi" or "2", got ${describe(e.data)}`,
            }
          : {
              ruleId: 'schema-type',
              path,
              message: `${at} must be a quantity (a number, or a string such as "500m" or "128Mi"), got ${describe(e.data)}`,
            };
      if (type === 'IntOrString')
        return {
          ruleId: 'schema-type',
          path,
          message: `${at} must be an integer or a string, got ${describe(e.data)}`,
        };
      break;
    }
  }
  return { ruleId: 'schema-type', path, message: `${at} ${e.message ?? 'is invalid'}` };
}

export const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  array: 'a list',
};

const FORMATS: Record<string, string> = {
  'date-time': 'must be an RFC 3339 date-time such as "2025-01-31T12:00:00Z"',
  byte: 'must be base64-encoded data',
  int32: 'must be a 32-bit integer (-2147483648 to 2147483647)',
  int64: 'must be a 64-bit integer',
};

/** How a value reads in a message: `the string "80"`, `the number 1.5`, `a mapping`. */
export function describe(value: unknown): string {
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === 'number' || typeof value === 'bigint') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : 'a mapping';
}

/** `["spec", "containers", 0, "image"]` → `spec.containers[0].image`; odd keys in brackets. */
export function display(path: JsonPath): string {
  if (!path.length) return 'the document';
  return path
    .map((p, i) =>
      typeof p === 'number'
        ? `[${p}]`
        : /^[A-Za-z_$][\w$-]*$/.test(p)
          ? i
            ? `.${p}`
            : p
          : `[${JSON.stringify(p)}]`,
    )
    .join('');
}

/** `V1DeploymentSpec` → `DeploymentSpec`, the name the API reference uses. */
function typeName(model: string): string {
  return model.replace(/^(?:[A-Z][a-z]+)*V\d+(?:alpha\d+|beta\d+)?(?=[A-Z])/, '');
}

/** ajv's JSON Pointer → a path, with array indices as numbers (decided by the data, not the text). */
export function pathOf(object: unknown, pointer: string): JsonPath {
  const path: JsonPath = [];
  let node = object;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(seg));
      node = node[Number(seg)] as unknown;
    } else {
      path.push(seg);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

/** A known field within two edits (or differing only in case) of the unknown one. */
function suggestion(field: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = k.toLowerCase() === field.toLowerCase() ? 0 : distance(field, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
