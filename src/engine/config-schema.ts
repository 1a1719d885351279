import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { closestName } from '../policy/names.js';

/** A config problem the JSON Schema found: where (path into the config, key or value) and what. */
export interface ConfigSchemaProblem {
  path: string[];
  /** Point at the key of the last segment (an unknown field) rather than its value. */
  key: boolean;
  message: string;
  /** Under `policies:`, reported as a policy problem. */
  policy: boolean;
}

export const CONFIG_SCHEMA_FILE = 'kubelint-config.schema.json';

/** schemas/kubelint-config.schema.json: two levels up from src/engine, three from dist/src/engine. */
export function configSchemaPath(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'schemas', CONFIG_SCHEMA_FILE);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`kubelint: schemas/${CONFIG_SCHEMA_FILE} is missing (looked above ${import.meta.dirname})`);
}

// Compiled on the first config file a run reads: most runs (no config) never pay for ajv here.
let validator: ValidateFunction | undefined;
function validate(): ValidateFunction {
  if (validator) return validator;
  const AjvClass = (createRequire(import.meta.url)('ajv') as { Ajv: typeof Ajv }).Ajv;
  // verbose: errors carry their schema, whose `errorMessage` (the keyword editors' JSON language
  // services also show) is the human message. Unknown keywords such as errorMessage are allowed.
  const ajv = new AjvClass({ allErrors: true, verbose: true, strict: false });
  const schema = JSON.parse(readFileSync(configSchemaPath(), 'utf8')) as object;
  return (validator = ajv.compile(schema));
}

const unescape = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');
const pathOf = (pointer: string): string[] => (pointer ? pointer.slice(1).split('/').map(unescape) : []);

function display(path: string[]): string {
  return path.reduce((out, seg) => (/^\d+$/.test(seg) ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), '');
}

function schemaOf(e: ErrorObject): Record<string, unknown> {
  return e.parentSchema ?? {};
}

/** The enum values a failed schema offers, directly or in an anyOf branch, for a did-you-mean. */
function enumValues(schema: Record<string, unknown>, defs: Record<string, unknown>): string[] {
  const resolve = (s: unknown): Record<string, unknown> => {
    const ref = (s as { $ref?: string } | undefined)?.$ref;
    const name = ref?.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : undefined;
    return ((name ? defs[name] : s) ?? {}) as Record<string, unknown>;
  };
  const own = resolve(schema).enum;
  if (Array.isArray(own)) return own.filter((v): v is string => typeof v === 'string');
  const branches = resolve(schema).anyOf;
  return Array.isArray(branches) ? branches.flatMap((b) => enumValues(resolve(b), defs)) : [];
}

function problemOf(e: ErrorObject, defs: Record<string, unknown>): ConfigSchemaProblem {
  const path = pathOf(e.instancePath);
  const policy = path[0] === 'policies' && path.length > 1;
  const schema = schemaOf(e);
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') {
    const name = String(params.additionalProperty);
    const known = Object.keys(schema.properties ?? {}).filter((k) => k !== '$schema');
    const hint = closestName(name, known);
    const what = path.length === 0 ? 'config' : policy ? 'policy' : `"${display(path)}"`;
    return {
      path: [...path, name],
      key: true,
      policy,
      message: `unknown ${what} field "${name}"${hint ? `; did you mean "${hint}"?` : ''} (supported: ${known.join(', ')})`,
    };
  }
  if (e.keyword === 'required') {
    const owner = policy && path.length === 2 ? 'a policy' : `"${display(path)}"`;
    return { path, key: false, policy, message: `${owner} needs "${String(params.missingProperty)}"` };
  }
  let message: string;
  if (typeof schema.errorMessage === 'string') message = schema.errorMessage;
  else if (e.keyword === 'enum')
    message = `${display(path)} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
  else message = `${display(path) || 'the config'} ${e.message ?? 'is invalid'}`;
  const wanted = e.data;
  if (typeof wanted === 'string') {
    const hint = closestName(wanted, enumValues(schema, defs));
    if (hint) message += `; did you mean "${hint}"?`;
  }
  return { path, key: false, policy, message };
}

const depth = (e: ErrorObject): number => pathOf(e.instancePath).length;

/**
 * Validate a config's plain value against schemas/kubelint-config.schema.json; one problem, in words.
 * Among ajv's errors the deepest is the most specific; at equal depth an anyOf's own message
 * ("a rule setting must be …") beats the complaints of each of its branches. Ties go to the first.
 */
export function configSchemaProblem(value: unknown): ConfigSchemaProblem | undefined {
  const fn = validate();
  if (fn(value)) return undefined;
  const errors = fn.errors ?? [];
  // An unknown key beats a missing one at the same place: `asert` is the typo of the missing `assert`.
  const rank = (e: ErrorObject): number =>
    depth(e) * 8 +
    (e.keyword === 'additionalProperties' ? 4 : e.keyword === 'anyOf' ? 2 : 0) +
    (typeof schemaOf(e).errorMessage === 'string' ? 1 : 0);
  const best = errors.reduce<ErrorObject | undefined>((a, e) => (!a || rank(e) > rank(a) ? e : a), undefined);
  const defs = (fn.schema as { definitions?: Record<string, unknown> }).definitions ?? {};
  return best ? problemOf(best, defs) : undefined;
}
