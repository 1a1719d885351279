import { fieldSchema, isObject, put, type SchemaNode } from '../crd-walk.js';

// A custom resource's values as CEL sees them, typed by the schema the way the API server types
// them: `integer` → int (BigInt), `number` → double, int-or-string → int or string, untyped values
// (x-kubernetes-preserve-unknown-fields) → int for integral numbers. Of `metadata`, CEL sees only
// `name` and `generateName`. Values whose CEL type kubelint does not reproduce (timestamps,
// durations, bytes from string formats) make the conversion give up: the rule is not evaluated.

/** The conversion gave up: the rule is skipped. */
export const UNCONVERTIBLE = Symbol('unconvertible');

/** Formats the API server turns into other CEL types than string. */
const TYPED_FORMATS = new Set(['date-time', 'date', 'duration', 'byte']);

export interface Converted {
  value: unknown;
  /** Nodes and string length (in 16-character units): the size the cost estimate multiplies. */
  size: number;
  /** Whether a string holds a character outside the Basic Multilingual Plane. */
  astral: boolean;
}

export function toCel(schema: SchemaNode, value: unknown, resourceRoot: boolean): Converted | undefined {
  const out: Converted = { value: undefined, size: 0, astral: false };
  const converted = convert(schema, value, resourceRoot, out, 0);
  if (converted === UNCONVERTIBLE) return undefined;
  out.value = converted;
  return out;
}

function convert(
  schema: SchemaNode | undefined,
  value: unknown,
  resourceRoot: boolean,
  out: Converted,
  depth: number,
): unknown {
  if (depth > 100) return UNCONVERTIBLE;
  out.size++;
  if (value === null) return null;
  if (schema?.['x-kubernetes-int-or-string'] === true) {
    if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : UNCONVERTIBLE;
    return typeof value === 'string' ? string(value, out) : UNCONVERTIBLE;
  }
  const type = schema?.type;
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : UNCONVERTIBLE;
    case 'number':
      return typeof value === 'number' ? value : UNCONVERTIBLE;
    case 'boolean':
      return typeof value === 'boolean' ? value : UNCONVERTIBLE;
    case 'string':
      if (typeof schema?.format === 'string' && TYPED_FORMATS.has(schema.format)) return UNCONVERTIBLE;
      return typeof value === 'string' ? string(value, out) : UNCONVERTIBLE;
    case 'array':
      if (!Array.isArray(value)) return UNCONVERTIBLE;
      return list(value, isObject(schema?.items) ? schema.items : undefined, out, depth);
    case 'object':
      return isObject(value) ? object(schema!, value, resourceRoot, out, depth) : UNCONVERTIBLE;
    case undefined:
      return untyped(schema, value, out, depth);
    default:
      return UNCONVERTIBLE;
  }
}

function string(value: string, out: Converted): string {
  out.size += value.length >> 4;
  if (!out.astral && /[\uD800-\uDFFF]/.test(value)) out.astral = true;
  return value;
}

function list(value: unknown[], items: SchemaNode | undefined, out: Converted, depth: number): unknown {
  const result: unknown[] = [];
  for (const item of value) {
    const c = convert(items, item, false, out, depth + 1);
    if (c === UNCONVERTIBLE) return UNCONVERTIBLE;
    result.push(c);
  }
  return result;
}

function object(
  schema: SchemaNode,
  value: Record<string, unknown>,
  resourceRoot: boolean,
  out: Converted,
  depth: number,
): unknown {
  const result: Record<string, unknown> = {};
  const embedded = resourceRoot || schema['x-kubernetes-embedded-resource'] === true;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  for (const [k, v] of Object.entries(value)) {
    if (embedded && k === 'metadata') {
      if (!isObject(v)) return UNCONVERTIBLE;
      const meta: Record<string, unknown> = {};
      for (const m of ['name', 'generateName']) if (typeof v[m] === 'string') meta[m] = string(v[m], out);
      put(result, k, meta);
      continue;
    }
    const child = fieldSchema(schema, k);
    // Fields the schema does not specify are pruned, unless it keeps unknown fields.
    if (!child && !preserve && !(embedded && (k === 'apiVersion' || k === 'kind'))) continue;
    const c = child ? convert(child, v, false, out, depth + 1) : untyped(undefined, v, out, depth + 1);
    if (c === UNCONVERTIBLE) return UNCONVERTIBLE;
    // A null in a field that is not nullable is pruned: CEL sees the field unset.
    if (c === null && child?.nullable !== true) continue;
    put(result, k, c);
  }
  return result;
}

/** x-kubernetes-preserve-unknown-fields without a type: JSON as unstructured Go values. */
function untyped(schema: SchemaNode | undefined, value: unknown, out: Converted, depth: number): unknown {
  if (depth > 100) return UNCONVERTIBLE;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string') return string(value, out);
  if (typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) {
    const result: unknown[] = [];
    for (const item of value) {
      out.size++;
      const c = untyped(undefined, item, out, depth + 1);
      if (c === UNCONVERTIBLE) return UNCONVERTIBLE;
      result.push(c);
    }
    return result;
  }
  if (isObject(value)) {
    if (schema?.properties !== undefined) return object(schema, value, false, out, depth);
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out.size++;
      const c = untyped(undefined, v, out, depth + 1);
      if (c === UNCONVERTIBLE) return UNCONVERTIBLE;
      put(result, k, c);
    }
    return result;
  }
  return UNCONVERTIBLE;
}
