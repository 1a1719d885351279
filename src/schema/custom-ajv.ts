import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import { problemsFrom } from './custom-messages.js';
import type { SchemaProblem } from './messages.js';
import { schemaDefinitions, type JsonSchema } from './registry.js';

// The ajv instance for custom resources' schemas (CRDs, --schema-dir): one per Kubernetes version,
// holding that version's definitions as `k8s` for ObjectMeta. Validators are compiled on first use.

/** Validate an object: its problems, as the built-in kinds' findings read. */
export type Check = (object: unknown, strict: boolean) => SchemaProblem[];

interface Instance {
  ajv: Ajv;
  /** Definition object → name (V1ObjectMeta…), for "ObjectMeta has no such field". */
  names: Map<object, string>;
}

const instances = new Map<string, Instance>();
/** ObjectMeta's (date-time, int64), the built-in kinds' in kubeconform's schemas, and the CRD ones. */
const KNOWN_FORMATS = ['date-time', 'byte', 'int32', 'int64', 'uuid', 'ipv4', 'ipv6', 'date'] as const;

function instanceOf(kubernetesVersion: string): Instance {
  let instance = instances.get(kubernetesVersion);
  if (instance) return instance;
  const require = createRequire(import.meta.url);
  const AjvClass = (require('ajv') as { Ajv: typeof Ajv }).Ajv;
  const addFormats = require('ajv-formats') as FormatsPlugin;
  const ajv = new AjvClass({ allErrors: true, verbose: true, strict: false, validateSchema: false });
  addFormats(ajv, [...KNOWN_FORMATS]);
  const definitions = schemaDefinitions(kubernetesVersion);
  ajv.addSchema({ definitions }, 'k8s');
  const names = new Map<object, string>(Object.entries(definitions).map(([name, s]) => [s, name]));
  instance = { ajv, names };
  instances.set(kubernetesVersion, instance);
  return instance;
}

/** Compiled validators by version and schema text, so an editor re-linting a buffer does not recompile. */
const compiled = new Map<string, { validate: ValidateFunction; schema: JsonSchema; version: string }>();
const MAX_COMPILED = 64;

/** Compile a schema, or say why it cannot be (ajv's meta-schema check, then compilation). */
export function compile(
  kubernetesVersion: string,
  schema: JsonSchema,
  file?: string,
): ValidateFunction | string {
  const key = `${kubernetesVersion}\0${file ?? ''}\0${JSON.stringify(schema)}`;
  const hit = compiled.get(key);
  if (hit) return hit.validate;
  const { ajv } = instanceOf(kubernetesVersion);
  // Formats the file uses that kubelint does not know are accepted as is, like the API server does.
  for (const format of formatsIn(schema)) if (!ajv.formats[format]) ajv.addFormat(format, true);
  if (!ajv.validateSchema(schema)) return `not a valid JSON Schema: ${ajv.errorsText(ajv.errors)}`;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (err) {
    return (err as Error).message;
  }
  compiled.set(key, { validate, schema, version: kubernetesVersion });
  if (compiled.size > MAX_COMPILED) {
    const [oldest, entry] = compiled.entries().next().value as [
      string,
      { schema: JsonSchema; version: string },
    ];
    compiled.delete(oldest);
    instances.get(entry.version)?.ajv.removeSchema(entry.schema);
  }
  return validate;
}

function formatsIn(node: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (typeof node !== 'object' || node === null || depth > 200) return out;
  if (!Array.isArray(node) && typeof (node as JsonSchema).format === 'string')
    out.add((node as JsonSchema).format as string);
  for (const value of Object.values(node)) formatsIn(value, out, depth + 1);
  return out;
}

/** A compiled validator as a check; `intOrString` marks the CRD's int-or-string alternatives. */
export function checkOf(
  kubernetesVersion: string,
  validate: ValidateFunction,
  intOrString: ReadonlySet<object> = new Set(),
): Check {
  const { names } = instanceOf(kubernetesVersion);
  return (object, strict) =>
    validate(object) ? [] : problemsFrom(object, [...(validate.errors ?? [])], strict, names, intOrString);
}
