import type { JsonPath } from '../load/types.js';
import type { JsonSchema } from './registry.js';

// A CustomResourceDefinition's `openAPIV3Schema` is OpenAPI v3 with Kubernetes' structural-schema
// rules and extensions, not JSON Schema. This module checks the rules the API server enforces on it
// and rewrites it into a JSON Schema for ajv that behaves like the API server towards a custom resource:
// https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A structural-schema violation, at a path relative to the version (`schema.openAPIV3Schema…`). */
export interface StructuralProblem {
  path: JsonPath;
  /** Follows the path: `… .type must be set: …`. */
  message: string;
  /** Ill-typed keywords are reported by the schema pass over the CRD itself; this only marks it unusable. */
  reportedElsewhere?: boolean;
}

export interface TranslatedSchema {
  schema: JsonSchema;
  problems: StructuralProblem[];
  /** Set when the schema is beyond what kubelint validates (size, depth). */
  tooLarge?: string;
  /** The int-or-string alternatives created, for the message "must be an integer or a string". */
  intOrString: Set<object>;
}

/** Bounds on a CRD schema: the API server takes CRDs up to ~3 MB; deeper or larger is not a real API. */
const MAX_NODES = 200_000;
const MAX_DEPTH = 100;

const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
/** Formats the API server checks whose ajv-formats definition agrees with it; others are not checked. */
const CRD_FORMATS = ['byte', 'uuid', 'ipv4', 'ipv6', 'date'];
const COUNTS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'];
const NUMBERS = ['minimum', 'maximum', 'multipleOf'];
/** ajv's `$ref` to the embedded ObjectMeta definition (custom-ajv.ts registers them as `k8s`). */
export const OBJECT_META_REF = 'k8s#/definitions/V1ObjectMeta';

/**
 * Check `openAPIV3Schema` against the structural-schema rules and translate it to JSON Schema.
 * `x-kubernetes-preserve-unknown-fields` leaves unknown fields below a node alone; elsewhere they are
 * pruned by the API server (reported as unknown, like `kubectl --validate=strict`).
 */
export function translateCrdSchema(raw: unknown): TranslatedSchema {
  const w: Walk = { problems: [], nodes: 0, intOrString: new Set() };
  const at: JsonPath = ['schema', 'openAPIV3Schema'];
  if (raw === undefined) {
    w.problems.push({
      path: ['schema', 'openAPIV3Schema'],
      message: 'is required: the API server needs a schema for every version',
    });
    return { schema: {}, problems: w.problems, intOrString: w.intOrString };
  }
  if (isObject(raw) && raw.type !== undefined && raw.type !== 'object')
    w.problems.push({ path: [...at, 'type'], message: 'must be "object" at the root' });
  const schema = translate(raw, at, w, { core: true, needsType: true, depth: 0 });
  if (isObject(raw)) typeAndObjectMeta(schema, false);
  return { schema, problems: w.problems, tooLarge: w.tooLarge, intOrString: w.intOrString };
}

/** One node of a schema (a field's, for its `default`), translated like the root; its problems are the root's. */
export function translateCrdNode(node: unknown): Pick<TranslatedSchema, 'schema' | 'intOrString'> {
  const w: Walk = { problems: [], nodes: 0, intOrString: new Set() };
  return {
    schema: translate(node, [], w, { core: true, needsType: true, depth: 0 }),
    intOrString: w.intOrString,
  };
}

interface Walk {
  problems: StructuralProblem[];
  nodes: number;
  tooLarge?: string;
  intOrString: Set<object>;
}

interface Where {
  /** A core node (properties/items/additionalProperties), as opposed to inside allOf/anyOf/oneOf/not. */
  core: boolean;
  /** Structural schemas need a type on the root, every specified field and every item schema. */
  needsType: boolean;
  depth: number;
}

function translate(node: unknown, at: JsonPath, w: Walk, where: Where): JsonSchema {
  if (++w.nodes > MAX_NODES) w.tooLarge ??= `its schema has more than ${MAX_NODES} nodes`;
  if (where.depth > MAX_DEPTH) w.tooLarge ??= `its schema nests deeper than ${MAX_DEPTH} levels`;
  if (w.tooLarge) return {};
  if (!isObject(node)) {
    // Where the API types a schema (properties, allOf…) the CRD's own validation says so; under items
    // and additionalProperties the parent node reports it.
    w.problems.push({ path: at, message: 'must be a schema (a mapping)', reportedElsewhere: true });
    return {};
  }
  const problem = (key: string, message: string, reportedElsewhere?: boolean): void => {
    w.problems.push({ path: [...at, key], message, reportedElsewhere });
  };
  const out: JsonSchema = {};
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const embedded = node['x-kubernetes-embedded-resource'] === true;
  if (node['x-kubernetes-preserve-unknown-fields'] === false)
    problem('x-kubernetes-preserve-unknown-fields', 'must be true or unset');
  if (node.$ref !== undefined) problem('$ref', 'is not supported in a CustomResourceDefinition schema');
  if (where.core && node.uniqueItems === true)
    problem('uniqueItems', 'cannot be true: the API server forbids it (the check is quadratic)');
  const type = node.type;
  if (type !== undefined && typeof type !== 'string') problem('type', 'must be a string', true);
  else if (type !== undefined && !TYPES.has(type))
    problem('type', `must be one of ${[...TYPES].map((t) => `"${t}"`).join(', ')}`);
  else if (intOrString && type !== undefined)
    problem('type', 'must be unset when x-kubernetes-int-or-string is true');
  else if (where.core && where.needsType && type === undefined && !intOrString && !preserve)
    problem('type', 'must be set: a structural schema gives every field a type');
  if (embedded && type !== 'object')
    problem('type', 'must be "object" when x-kubernetes-embedded-resource is true');
  const nullable = node.nullable === true;
  if (intOrString) {
    const alternatives: JsonSchema = {
      anyOf: [{ type: 'integer' }, { type: 'string' }, ...(nullable ? [{ type: 'null' }] : [])],
    };
    w.intOrString.add(alternatives);
    out.allOf = [alternatives];
  } else if (typeof type === 'string' && TYPES.has(type)) out.type = nullable ? [type, 'null'] : type;

  const child = (key: string | number, value: unknown, path: JsonPath, core = where.core): JsonSchema =>
    translate(value, [...at, ...path, key], w, { core, needsType: core, depth: where.depth + 1 });
  if (node.properties !== undefined) {
    if (isObject(node.properties)) {
      const props: Record<string, JsonSchema> = {};
      for (const [k, v] of Object.entries(node.properties)) props[k] = child(k, v, ['properties']);
      out.properties = props;
    } else problem('properties', 'must map field names to schemas', true);
  }
  const additional = node.additionalProperties;
  if (isObject(additional)) {
    if (node.properties !== undefined)
      problem('additionalProperties', 'cannot be used together with properties');
    out.additionalProperties = translate(additional, [...at, 'additionalProperties'], w, {
      core: where.core,
      needsType: where.core,
      depth: where.depth + 1,
    });
  } else if (typeof additional === 'boolean') out.additionalProperties = additional;
  else if (additional !== undefined) problem('additionalProperties', 'must be a schema or a boolean');
  if (node.items !== undefined) {
    if (isObject(node.items))
      out.items = translate(node.items, [...at, 'items'], w, {
        core: where.core,
        needsType: where.core,
        depth: where.depth + 1,
      });
    else problem('items', 'must be a single schema (a mapping), not a list');
  }
  if (embedded) typeAndObjectMeta(out, true);
  // The API server prunes fields its structural schema does not specify, unless told to keep them;
  // value validations (allOf/anyOf/oneOf/not) describe values, not which fields exist.
  const isObjectNode = type === 'object' || embedded || node.properties !== undefined;
  if (where.core && isObjectNode && !preserve && out.additionalProperties === undefined)
    out.additionalProperties = false;

  valueValidations(node, out, at, w, where);
  return out;
}

/** The keywords that check values: kept when well-formed (the built-in pass reports ill-typed ones). */
function valueValidations(
  node: Record<string, unknown>,
  out: JsonSchema,
  at: JsonPath,
  w: Walk,
  where: Where,
): void {
  const illTyped = (key: string): void => {
    w.problems.push({ path: [...at, key], message: 'is ill-typed', reportedElsewhere: true });
  };
  if (
    node.required !== undefined &&
    !(Array.isArray(node.required) && node.required.every((r) => typeof r === 'string'))
  )
    illTyped('required');
  else if (Array.isArray(node.required))
    out.required = [...new Set([...((out.required as string[] | undefined) ?? []), ...node.required])];
  if (node.enum !== undefined && !Array.isArray(node.enum)) illTyped('enum');
  else if (Array.isArray(node.enum) && node.enum.length) out.enum = node.enum;
  if (typeof node.pattern === 'string' && compiles(node.pattern)) out.pattern = node.pattern;
  for (const k of COUNTS) if (Number.isSafeInteger(node[k]) && (node[k] as number) >= 0) out[k] = node[k];
  for (const k of NUMBERS) if (Number.isFinite(node[k])) out[k] = node[k];
  if (typeof out.multipleOf === 'number' && out.multipleOf <= 0) delete out.multipleOf;
  // OpenAPI v3.0 (and draft-04) exclusiveMinimum/Maximum are booleans modifying minimum/maximum.
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const)
    if (node[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    }
  if (typeof node.format === 'string' && CRD_FORMATS.includes(node.format)) out.format = node.format;
  const value = (v: unknown, path: JsonPath): JsonSchema =>
    translate(v, [...at, ...path], w, { core: false, needsType: false, depth: where.depth + 1 });
  const allOf = Array.isArray(out.allOf) ? (out.allOf as JsonSchema[]) : [];
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[k];
    if (list !== undefined && !Array.isArray(list)) illTyped(k);
    if (!Array.isArray(list)) continue;
    const translated = list.map((v, i) => value(v, [k, i]));
    // The int-or-string patterns (anyOf of integer and string) are already expressed above.
    if (node['x-kubernetes-int-or-string'] === true && translated.every(isTypeOnly)) continue;
    if (k === 'allOf') allOf.push(...translated);
    else if (translated.length) out[k] = translated;
  }
  if (allOf.length) out.allOf = allOf;
  if (node.not !== undefined) out.not = value(node.not, ['not']);
}

const isTypeOnly = (s: JsonSchema): boolean =>
  Object.keys(s).every((k) => k === 'type' || k === 'allOf') &&
  (s.allOf === undefined || (s.allOf as JsonSchema[]).every(isTypeOnly));

/** Patterns are RE2 in Kubernetes; one JavaScript cannot read is left unchecked rather than misread. */
function compiles(pattern: string): boolean {
  if (pattern.length > 10_000) return false;
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * apiVersion, kind and metadata of the custom resource itself, and of an embedded object
 * (`x-kubernetes-embedded-resource`): strings and ObjectMeta, whatever the schema says about them
 * beyond its own restrictions (a name's length…). An embedded object needs its apiVersion and kind.
 */
function typeAndObjectMeta(out: JsonSchema, embedded: boolean): void {
  const props = (out.properties ??= {}) as Record<string, JsonSchema>;
  props.apiVersion = { ...props.apiVersion, type: 'string' };
  props.kind = { ...props.kind, type: 'string' };
  props.metadata = props.metadata
    ? { allOf: [{ $ref: OBJECT_META_REF }, withoutPruning(props.metadata)] }
    : { $ref: OBJECT_META_REF };
  if (embedded)
    out.required = [...new Set([...((out.required as string[] | undefined) ?? []), 'apiVersion', 'kind'])];
}

/** A schema for a part ObjectMeta already covers: its own restrictions (name length…) but no pruning. */
function withoutPruning(schema: JsonSchema): JsonSchema {
  const rest = { ...schema };
  delete rest.additionalProperties;
  return rest;
}
