import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { OBJECT_META_REF } from './structural.js';
import { checkOf, compile, type Check } from './custom-ajv.js';
import type { JsonSchema } from './registry.js';

// --schema-dir: JSON Schema files for kinds nothing else defines, in kubeconform's naming, so an
// existing kubeconform schema folder works as is. Read when a resource needs them.

/** A --schema-dir that cannot be used: a usage error (exit 2), like a broken config. */
export class SchemaDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaDirError';
  }
}

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

/** The check of the first schema file the directories hold for a kind, if any. */
export function schemaDirCheck(
  kubernetesVersion: string,
  apiVersion: string,
  kind: string,
  dirs: readonly string[],
): Check | undefined {
  for (const dir of dirs)
    for (const name of schemaFileNames(apiVersion, kind)) {
      const file = join(dir, name);
      if (!existsSync(file)) continue;
      const compiled = compile(kubernetesVersion, schemaFile(file), file);
      if (typeof compiled === 'string') throw new SchemaDirError(`${file}: ${compiled}`);
      return checkOf(kubernetesVersion, compiled);
    }
  return undefined;
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
