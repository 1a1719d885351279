import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import { AJV_FORMAT_NAMES, AJV_OPTIONS } from './ajv-options.js';
import {
  schemaDefinitions,
  schemaDefinitionsPath,
  schemaDefinitionsText,
  type JsonSchema,
} from './registry.js';

// Each kind's validator is loaded the first time a document of that kind appears (DESIGN §9:
// start-up is the pre-commit hook's budget). `npm run build` precompiles the embedded kinds into
// ajv standalone code (scripts/gen-validators.ts, dist/validators/<minor>/); requiring that costs
// milliseconds where compiling the schema costs up to half a second. Kinds without precompiled code,
// or code generated from other schemas than the ones present, are compiled by ajv at run time.

const require = createRequire(import.meta.url);

interface VersionValidators {
  ajv?: Ajv;
  byModel: Map<string, ValidateFunction>;
  /** Definition object → its name, to name the type an error is about. */
  names?: Map<object, string>;
  precompiled?: Precompiled;
}

interface Precompiled {
  dir: string;
  models: Record<string, [string, string] | undefined>;
}

const versions = new Map<string, VersionValidators>();

function validatorsOf(version: string): VersionValidators {
  let v = versions.get(version);
  if (!v) versions.set(version, (v = { byModel: new Map(), precompiled: precompiledOf(version) }));
  return v;
}

/** dist/validators/<minor>/ seen from dist/src/schema (built) or src/schema (tests on sources). */
function precompiledOf(version: string): Precompiled | undefined {
  if (process.env.KUBELINT_PRECOMPILED === '0') return undefined;
  for (const base of [join(import.meta.dirname, '..', '..'), join(import.meta.dirname, '..', '..', 'dist')]) {
    const dir = join(base, 'validators', version);
    if (!existsSync(join(dir, 'index.json'))) continue;
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
      definitionsHash: string;
      definitionsStat: string;
      models: Precompiled['models'];
    };
    // Code generated from other schemas than these (a rebuild is due) would give other answers.
    // The file as the build saw it (size and mtime) is trusted; otherwise its hash decides.
    const current = definitionsStatOf(schemaDefinitionsPath(version));
    const same =
      current === index.definitionsStat ||
      createHash('sha256').update(schemaDefinitionsText(version)).digest('hex') === index.definitionsHash;
    return same ? { dir, models: index.models } : undefined;
  }
  return undefined;
}

/** Size and modification time of a file, as the precompiled index records them. */
export function definitionsStatOf(path: string): string {
  const stat = statSync(path);
  return `${stat.size} ${stat.mtimeMs}`;
}

function compilerOf(version: string, v: VersionValidators): Ajv {
  if (v.ajv) return v.ajv;
  const AjvClass = (require('ajv') as { Ajv: typeof Ajv }).Ajv;
  const addFormats = require('ajv-formats') as FormatsPlugin;
  const ajv = new AjvClass(AJV_OPTIONS);
  addFormats(ajv, [...AJV_FORMAT_NAMES]);
  ajv.addSchema({ definitions: schemaDefinitions(version) }, 'k8s');
  return (v.ajv = ajv);
}

function namesOf(version: string, v: VersionValidators): Map<object, string> {
  return (v.names ??= new Map(Object.entries(schemaDefinitions(version)).map(([name, s]) => [s, name])));
}

export interface RawValidation {
  errors: ErrorObject[];
  /** The definition name of a schema object (for `parentSchema`). */
  nameOf(schema: unknown): string | undefined;
  definition(name: string): JsonSchema | undefined;
}

export interface ValidateOptions {
  /** Use the precompiled standalone code when there is some (default true); false compiles at run time. */
  precompiled?: boolean;
}

/** Validate a document's object against a definition of a version; loaded or compiled on first use. */
export function validateAgainst(
  version: string,
  model: string,
  object: unknown,
  options: ValidateOptions = {},
): RawValidation {
  const v = validatorsOf(version);
  const entry = options.precompiled === false ? undefined : v.precompiled?.models[model];
  let errors: ErrorObject[];
  if (entry) {
    const key = `standalone ${model}`;
    let validate = v.byModel.get(key);
    if (!validate) {
      const chunk = require(join(v.precompiled!.dir, entry[0])) as Record<string, ValidateFunction>;
      v.byModel.set(key, (validate = chunk[entry[1]]!));
    }
    errors = validate(object) ? [] : verboseErrors(version, model, object, validate.errors ?? []);
  } else {
    let validate = v.byModel.get(model);
    if (!validate)
      v.byModel.set(
        model,
        (validate = compilerOf(version, v).compile({ $ref: `k8s#/definitions/${model}` })),
      );
    errors = validate(object) ? [] : [...(validate.errors ?? [])];
  }
  return {
    errors,
    nameOf: (schema) => (schema && typeof schema === 'object' ? namesOf(version, v).get(schema) : undefined),
    definition: (name) => schemaDefinitions(version)[name],
  };
}

/**
 * Standalone code is generated without ajv's `verbose` (which would embed every schema in the code):
 * add what verbose errors carry — the data at `instancePath`, and the schema and parent schema at
 * `schemaPath`, the very objects ajv would give. ajv compiles each definition that has `$ref`s into
 * its own function, whose errors' schemaPaths are relative to that definition (`#/additionalProperties`);
 * definitions without refs are inlined and keep paths from the root (`#/definitions/Quantity/anyOf`).
 */
function verboseErrors(
  version: string,
  model: string,
  object: unknown,
  errors: ErrorObject[],
): ErrorObject[] {
  const definitions = schemaDefinitions(version);
  return errors.map((e) => {
    const absolute = e.schemaPath.startsWith('#/definitions/');
    const base = absolute ? { definitions } : functionRoot(definitions, model, object, e.instancePath);
    const schemaPath = segments(e.schemaPath.replace(/^#/, ''));
    return {
      ...e,
      schema: at(base, schemaPath),
      parentSchema: at(base, schemaPath.slice(0, -1)) as ErrorObject['parentSchema'],
      data: at(object, segments(e.instancePath)),
    };
  });
}

const withRefs = new WeakMap<object, boolean>();
function hasRef(schema: JsonSchema): boolean {
  let has = withRefs.get(schema);
  if (has === undefined) withRefs.set(schema, (has = JSON.stringify(schema).includes('"$ref"')));
  return has;
}

/** The definition whose compiled function validates the data at `pointer`: the last `$ref` with refs. */
function functionRoot(
  definitions: Record<string, JsonSchema>,
  model: string,
  object: unknown,
  pointer: string,
): JsonSchema | undefined {
  let root = definitions[model];
  let node = root;
  let data = object;
  const follow = (): void => {
    for (let ref = node?.$ref; typeof ref === 'string'; ref = node?.$ref) {
      node = definitions[ref.replace('#/definitions/', '')];
      if (node && hasRef(node)) root = node;
    }
  };
  for (const seg of segments(pointer)) {
    follow();
    const properties = node?.properties as Record<string, JsonSchema> | undefined;
    if (Array.isArray(data)) node = node?.items as JsonSchema | undefined;
    else if (properties && Object.hasOwn(properties, seg)) node = properties[seg];
    else
      node =
        typeof node?.additionalProperties === 'object'
          ? (node.additionalProperties as JsonSchema)
          : undefined;
    data = at(data, [seg]);
  }
  follow();
  return root;
}
function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function at(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node) ? (node[Number(seg)] as unknown) : (node as Record<string, unknown>)[seg];
  }
  return node;
}

/** True when the build precompiled `model` of `version` and its code matches the schemas (tests, bench). */
export function hasPrecompiled(version: string, model: string): boolean {
  return Boolean(validatorsOf(version).precompiled?.models[model]);
}
