import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import type { JsonPath } from '../load/types.js';
import { OBJECT_META_REF, translateCrdSchema, type CrdSource } from './crd.js';
import { problemsFrom } from './custom-messages.js';
import type { SchemaProblem } from './messages.js';
import { schemaDefinitions, type JsonSchema } from './registry.js';

// Schemas for kinds the embedded set does not know: the CustomResourceDefinitions of the run, then
// JSON Schema files from --schema-dir in kubeconform's naming. Compiled with their own ajv instance
// (per Kubernetes version, for ObjectMeta) on first use.

/** A --schema-dir that cannot be used: a usage error (exit 2), like a broken config. */
export class SchemaDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaDirError';
  }
}

export interface CustomSchemaOptions {
  /** The CustomResourceDefinitions of the run (see collectCrds). */
  crds?: readonly CrdSource[];
  /** Directories of JSON Schemas named like kubeconform's (`<kind>-<group>-<version>.json`). */
  schemaDirs?: readonly string[];
}

export type CustomSchema =
  | { status: 'none' }
  /** Known but not validated: `message` says why, at `path` of the resource. */
  | { status: 'unusable'; path: JsonPath; message: string }
  | { status: 'ok'; check(object: unknown, strict: boolean): SchemaProblem[] };

/** The schema of a custom kind, if a CRD of the run or a --schema-dir file defines it. */
export function customSchemaFor(
  kubernetesVersion: string,
  apiVersion: string,
  kind: string,
  options: CustomSchemaOptions,
): CustomSchema {
  const key = `${kubernetesVersion}\0${apiVersion}\0${kind}`;
  const crds = options.crds ?? NO_CRDS;
  let memo = byCrds.get(crds);
  if (!memo) byCrds.set(crds, (memo = new Map<string, CustomSchema>()));
  let found = memo.get(key);
  if (!found) memo.set(key, (found = fromCrds(kubernetesVersion, apiVersion, kind, crds)));
  if (found.status !== 'none' || !options.schemaDirs?.length) return found;
  const dirKey = `${options.schemaDirs.join('\0')}\0\0${key}`;
  let fromDir = byDirs.get(dirKey);
  if (!fromDir)
    byDirs.set(dirKey, (fromDir = fromSchemaDirs(kubernetesVersion, apiVersion, kind, options.schemaDirs)));
  return fromDir;
}

// One lookup per kind and run: the CRD list of a run is one array, shared by all its documents.
const NO_CRDS: readonly CrdSource[] = [];
const byCrds = new WeakMap<readonly CrdSource[], Map<string, CustomSchema>>();
const byDirs = new Map<string, CustomSchema>();

/** Fails on a --schema-dir that is not a readable directory (checked before linting). */
export function assertSchemaDir(dir: string, shown = dir): void {
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!ok) throw new SchemaDirError(`--schema-dir ${shown} is not a directory`);
}

const where = (crd: CrdSource): string => `CustomResourceDefinition "${crd.name}" (${crd.file}:${crd.line})`;

function fromCrds(
  kubernetesVersion: string,
  apiVersion: string,
  kind: string,
  crds: readonly CrdSource[],
): CustomSchema {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return { status: 'none' };
  const group = apiVersion.slice(0, slash);
  const name = apiVersion.slice(slash + 1);
  // The first CRD of the run for a group and kind counts, as the API server would refuse the second.
  const crd = crds.find((c) => c.group === group && c.kind === kind);
  if (!crd) return { status: 'none' };
  const version = crd.versions.find((v) => v.name === name);
  if (!version) {
    const names = crd.versions.map((v) => `"${v.name}"`).join(', ');
    return {
      status: 'unusable',
      path: ['apiVersion'],
      message: `the ${where(crd)} defines ${kind} in ${group} as ${names || 'no version'}, not "${name}", so it is not validated`,
    };
  }
  if (!version.served)
    return {
      status: 'unusable',
      path: ['apiVersion'],
      message: `the ${where(crd)} does not serve ${apiVersion} (served: false), so it is not validated`,
    };
  const translated = translateCrdSchema(version.schema);
  const unusable = (why: string): CustomSchema => ({
    status: 'unusable',
    path: ['kind'],
    message: `${kind} (${apiVersion}) is not validated: the schema of the ${where(crd)} ${why}`,
  });
  if (translated.tooLarge) return unusable(`is too large for kubelint (${translated.tooLarge})`);
  if (translated.problems.length)
    return unusable(`for ${name} is invalid (see the findings on the CustomResourceDefinition)`);
  const root: JsonSchema = translated.schema;
  const compiled = compile(kubernetesVersion, root);
  if (typeof compiled === 'string') return unusable(`for ${name} cannot be compiled: ${compiled}`);
  return ok(compiled, translated.intOrString);
}

function ok(validate: ValidateFunction, intOrString: ReadonlySet<object>): CustomSchema {
  const names = namesOf(validate);
  return {
    status: 'ok',
    check: (object, strict) =>
      validate(object) ? [] : problemsFrom(object, [...(validate.errors ?? [])], strict, names, intOrString),
  };
}

// ---- --schema-dir ----

const SIMPLE_KIND = /^[A-Za-z][A-Za-z0-9]*$/;
const SIMPLE_GROUP = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i;
const SIMPLE_VERSION = /^[a-z0-9]+$/i;
const MAX_SCHEMA_FILE = 32 * 1024 * 1024;

/**
 * The file names a schema may have in a --schema-dir, in order: kubeconform's default
 * (`{{.ResourceKind}}{{.KindSuffix}}`: lowercased kind, the group's first label, the version; core
 * kinds have no group part), the CRDs-catalog layout (`<group>/<kind>_<version>.json`), and
 * openapi2jsonschema's default (`<kind>_<version>.json`).
 */
export function schemaFileNames(apiVersion: string, kind: string): string[] {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  if (!SIMPLE_KIND.test(kind) || !version || !SIMPLE_VERSION.test(version)) return [];
  if (group && !SIMPLE_GROUP.test(group)) return [];
  const k = kind.toLowerCase();
  const v = version.toLowerCase();
  return group
    ? [
        `${k}-${group.split('.')[0]!.toLowerCase()}-${v}.json`,
        join(group, `${k}_${v}.json`),
        `${k}_${v}.json`,
      ]
    : [`${k}-${v}.json`, `${k}_${v}.json`];
}

function fromSchemaDirs(
  kubernetesVersion: string,
  apiVersion: string,
  kind: string,
  dirs: readonly string[],
): CustomSchema {
  for (const dir of dirs)
    for (const name of schemaFileNames(apiVersion, kind)) {
      const file = join(dir, name);
      if (!existsSync(file)) continue;
      const compiled = compile(kubernetesVersion, schemaFile(file), file);
      if (typeof compiled === 'string') throw new SchemaDirError(`${file}: ${compiled}`);
      return ok(compiled, new Set());
    }
  return { status: 'none' };
}

/** A schema file as a JSON Schema for ajv; the custom resource's metadata is checked as ObjectMeta too. */
function schemaFile(file: string): JsonSchema {
  let text: string;
  try {
    if (statSync(file).size > MAX_SCHEMA_FILE)
      throw new SchemaDirError(`${file}: larger than ${MAX_SCHEMA_FILE / 1024 / 1024} MB`);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof SchemaDirError) throw err;
    throw new SchemaDirError(`${file}: cannot be read: ${(err as Error).message}`);
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (err) {
    throw new SchemaDirError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    throw new SchemaDirError(`${file}: a JSON Schema must be an object`);
  const rest = { ...(schema as JsonSchema) };
  const problem = modernize(rest, 0, { nodes: 0 });
  if (problem) throw new SchemaDirError(`${file}: ${problem}`);
  // The file's own identity and draft are dropped: several files share one ajv instance (draft-07).
  for (const key of ['$schema', '$id', 'id']) delete rest[key];
  return { allOf: [rest, { properties: { metadata: { $ref: OBJECT_META_REF } } }] };
}

/**
 * kubeconform's schemas come from OpenAPI through openapi2jsonschema, often in draft-04 form: boolean
 * exclusiveMinimum/exclusiveMaximum become draft-07 numbers. Bounded in size and depth.
 */
function modernize(node: unknown, depth: number, count: { nodes: number }): string | undefined {
  if (++count.nodes > 1_000_000) return 'more than 1,000,000 schema nodes';
  if (depth > 200) return 'nests deeper than 200 levels';
  if (typeof node !== 'object' || node === null) return undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const p = modernize(item, depth + 1, count);
      if (p) return p;
    }
    return undefined;
  }
  const schema = node as JsonSchema;
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const)
    if (typeof schema[flag] === 'boolean') {
      if (schema[flag] && typeof schema[bound] === 'number') schema[flag] = schema[bound];
      else delete schema[flag];
      if (schema[flag] !== undefined) delete schema[bound];
    }
  for (const value of Object.values(schema)) {
    const p = modernize(value, depth + 1, count);
    if (p) return p;
  }
  return undefined;
}

// ---- ajv ----

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

const namesByValidator = new WeakMap<ValidateFunction, Map<object, string>>();
const namesOf = (validate: ValidateFunction): Map<object, string> =>
  namesByValidator.get(validate) ?? new Map<object, string>();

/** Compiled validators by version and schema text, so an editor re-linting a buffer does not recompile. */
const compiled = new Map<string, { validate: ValidateFunction; schema: JsonSchema; version: string }>();
const MAX_COMPILED = 64;

/** Compile a schema, or say why it cannot be (ajv's meta-schema check, then compilation). */
function compile(kubernetesVersion: string, schema: JsonSchema, file?: string): ValidateFunction | string {
  const key = `${kubernetesVersion}\0${file ?? ''}\0${JSON.stringify(schema)}`;
  const hit = compiled.get(key);
  if (hit) return hit.validate;
  const { ajv, names } = instanceOf(kubernetesVersion);
  // Formats the file uses that kubelint does not know are accepted as is, like the API server does.
  for (const format of formatsIn(schema)) if (!ajv.formats[format]) ajv.addFormat(format, true);
  if (!ajv.validateSchema(schema)) return `not a valid JSON Schema: ${ajv.errorsText(ajv.errors)}`;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (err) {
    return (err as Error).message;
  }
  namesByValidator.set(validate, names);
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

export type { ErrorObject };
