import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import { schemaDefinitions, type JsonSchema } from './registry.js';

// ajv is loaded on the first document that needs it, and each kind's validator is compiled the
// first time a document of that kind appears (DESIGN §9: start-up is the pre-commit hook's budget).

interface VersionValidators {
  ajv: Ajv;
  byModel: Map<string, ValidateFunction>;
  /** Definition object → its name, to name the type an error is about. */
  names: Map<object, string>;
}

const versions = new Map<string, VersionValidators>();

function validatorsOf(version: string): VersionValidators {
  let v = versions.get(version);
  if (v) return v;
  const require = createRequire(import.meta.url);
  const AjvClass = (require('ajv') as { Ajv: typeof Ajv }).Ajv;
  const addFormats = require('ajv-formats') as FormatsPlugin;
  const ajv = new AjvClass({
    allErrors: true,
    verbose: true, // errors carry the data and the schema, for messages and type names
    strict: false,
    validateSchema: false, // generated and tested; meta-validating 1,000 definitions costs start-up
  });
  addFormats(ajv, ['date-time', 'byte', 'int32', 'int64']);
  const definitions = schemaDefinitions(version);
  ajv.addSchema({ definitions }, 'k8s');
  const names = new Map<object, string>(Object.entries(definitions).map(([name, schema]) => [schema, name]));
  v = { ajv, byModel: new Map(), names };
  versions.set(version, v);
  return v;
}

export interface RawValidation {
  errors: ErrorObject[];
  /** The definition name of a schema object (for `parentSchema`). */
  nameOf(schema: unknown): string | undefined;
  definition(name: string): JsonSchema | undefined;
}

/** Validate a document's object against a definition of a version; compiled on first use. */
export function validateAgainst(version: string, model: string, object: unknown): RawValidation {
  const v = validatorsOf(version);
  let validate = v.byModel.get(model);
  if (!validate) v.byModel.set(model, (validate = v.ajv.compile({ $ref: `k8s#/definitions/${model}` })));
  const ok = validate(object);
  return {
    errors: ok ? [] : [...(validate.errors ?? [])],
    nameOf: (schema) => (schema && typeof schema === 'object' ? v.names.get(schema) : undefined),
    definition: (name) => schemaDefinitions(version)[name],
  };
}
