import type { ErrorObject } from 'ajv';
import { describe, display, pathOf, problemsOf, TYPE_NAMES, type SchemaProblem } from './messages.js';
import type { JsonSchema } from './registry.js';

// Custom resource schemas use keywords the embedded schemas do not: value bounds (pattern, minimum,
// maxLength…) and alternatives (anyOf/oneOf, often "set exactly one of these fields"). These get their
// own messages; everything else reads like the built-in kinds' findings (messages.ts).

const COMBINATORS = new Set(['anyOf', 'oneOf', 'not']);

/** ajv's errors for a custom resource → one problem per real mistake. */
export function problemsFrom(
  object: unknown,
  errors: ErrorObject[],
  strict: boolean,
  names: ReadonlyMap<object, string>,
  intOrString: ReadonlySet<object>,
): SchemaProblem[] {
  // A failed alternative's own errors are noise next to the alternative's message.
  const failed = errors.filter((e) => COMBINATORS.has(e.keyword)).map((e) => `${e.schemaPath}/`);
  const kept = errors.filter((e) => !failed.some((prefix) => e.schemaPath.startsWith(prefix)));
  const mine = kept.filter(
    (e) =>
      COMBINATORS.has(e.keyword) || BOUNDS[e.keyword] || (e.keyword === 'type' && Array.isArray(e.schema)),
  );
  const problems = problemsOf(
    object,
    {
      errors: kept.filter((e) => !mine.includes(e)),
      nameOf: (schema) => (schema && typeof schema === 'object' ? names.get(schema) : undefined),
      definition: () => undefined,
    },
    strict,
  );
  const seen = new Set(problems.map((p) => `${p.ruleId}\0${p.path.join('\0')}`));
  for (const e of mine) {
    if (e.data === null) continue; // `field: null` is unset
    const problem = problemOf(e, object, intOrString);
    const id = `${problem.ruleId}\0${problem.path.join('\0')}`;
    if (!seen.has(id)) problems.push(problem);
    seen.add(id);
  }
  return problems;
}

type Bound = (limit: unknown) => string;

const BOUNDS: Record<string, Bound | undefined> = {
  pattern: (p) => `must match the pattern ${JSON.stringify(p)}`,
  minLength: (n) => `must be at least ${String(n)} characters long`,
  maxLength: (n) => `must be at most ${String(n)} characters long`,
  minimum: (n) => `must be at least ${String(n)}`,
  maximum: (n) => `must be at most ${String(n)}`,
  exclusiveMinimum: (n) => `must be greater than ${String(n)}`,
  exclusiveMaximum: (n) => `must be less than ${String(n)}`,
  multipleOf: (n) => `must be a multiple of ${String(n)}`,
  minItems: (n) => `must have at least ${String(n)} item${n === 1 ? '' : 's'}`,
  maxItems: (n) => `must have at most ${String(n)} item${n === 1 ? '' : 's'}`,
  minProperties: (n) => `must have at least ${String(n)} field${n === 1 ? '' : 's'}`,
  maxProperties: (n) => `must have at most ${String(n)} field${n === 1 ? '' : 's'}`,
  uniqueItems: () => 'must not repeat an item',
};

function problemOf(e: ErrorObject, object: unknown, intOrString: ReadonlySet<object>): SchemaProblem {
  const path = pathOf(object, e.instancePath);
  const at = display(path);
  const bound = BOUNDS[e.keyword];
  if (bound)
    return { ruleId: 'schema-format', path, message: `${at} ${bound(e.schema)}, got ${describe(e.data)}` };
  const parent = e.parentSchema;
  // `type: [string, "null"]` (nullable; kubeconform's schemas): null is never the problem here.
  if (e.keyword === 'type') {
    const named = (e.schema as string[]).filter((t) => t !== 'null').map((t) => TYPE_NAMES[t] ?? t);
    return {
      ruleId: 'schema-type',
      path,
      message: `${at} must be ${orList(named)}, got ${describe(e.data)}`,
    };
  }
  if (e.keyword === 'not')
    return { ruleId: 'schema-type', path, message: `${at} has a value its schema rules out ("not")` };
  const alternatives = Array.isArray(e.schema) ? (e.schema as JsonSchema[]) : [];
  const types = alternatives.map(onlyType);
  if ((parent && intOrString.has(parent)) || (types.length && types.every((t) => t !== undefined))) {
    const named = (parent && intOrString.has(parent) ? ['integer', 'string'] : (types as string[]))
      .filter((t) => t !== 'null')
      .map((t) => TYPE_NAMES[t] ?? t);
    return {
      ruleId: 'schema-type',
      path,
      message: `${at} must be ${orList(named)}, got ${describe(e.data)}`,
    };
  }
  const fields = alternatives.map(onlyRequired);
  if (fields.length && fields.every((f) => f !== undefined)) {
    const quoted = fields.map((f) => (f ?? []).map((n) => `"${n}"`).join(' and '));
    const exactly = e.keyword === 'oneOf';
    return {
      ruleId: 'schema-required',
      path,
      key: true,
      message: `${at} must set ${exactly ? 'exactly' : 'at least'} one of ${quoted.join(', ')}`,
    };
  }
  const passing = (e.params as { passingSchemas?: number[] | null }).passingSchemas;
  return {
    ruleId: 'schema-type',
    path,
    message: passing
      ? `${at} matches more than one of the alternatives its schema allows (oneOf), where exactly one must match`
      : `${at} matches none of the alternatives its schema allows (${e.keyword})`,
  };
}

/** `{type: "string"}` → "string". */
function onlyType(schema: JsonSchema): string | undefined {
  const keys = Object.keys(schema);
  return keys.length === 1 && typeof schema.type === 'string' ? schema.type : undefined;
}

/** `{required: ["a"]}` → ["a"] (kubebuilder's "exactly one of these fields"). */
function onlyRequired(schema: JsonSchema): string[] | undefined {
  const keys = Object.keys(schema);
  return keys.length === 1 && Array.isArray(schema.required) && schema.required.length
    ? (schema.required as string[])
    : undefined;
}

function orList(items: string[]): string {
  return items.length <= 2 ? items.join(' or ') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)!}`;
}
