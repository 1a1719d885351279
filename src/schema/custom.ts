import type { JsonPath } from '../load/types.js';
import type { CrdSource } from './crd.js';
import { checkOf, compile, type Check } from './custom-ajv.js';
import { schemaDirCheck } from './schema-dir.js';
import { applyDefaults, defaultProblems } from './crd-defaults.js';
import { listProblems, listTypeProblems } from './crd-lists.js';
import { eachSchemaNode } from './crd-walk.js';
import { ruleProblems, ruleReport, type UncheckedRule } from './cel/rules.js';
import { translateCrdSchema, type TranslatedSchema } from './structural.js';

export { assertSchemaDir, SchemaDirError } from './schema-dir.js';

// Schemas for kinds the embedded set does not know: the CustomResourceDefinitions of the run, then
// JSON Schema files from --schema-dir in kubeconform's naming. Compiled with their own ajv instance
// (per Kubernetes version, for ObjectMeta) on first use.

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
  | { status: 'ok'; check: Check };

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

function fromSchemaDirs(
  kubernetesVersion: string,
  apiVersion: string,
  kind: string,
  dirs: readonly string[],
): CustomSchema {
  const check = schemaDirCheck(kubernetesVersion, apiVersion, kind, dirs);
  return check ? { status: 'ok', check } : { status: 'none' };
}

// One lookup per kind and run: the CRD list of a run is one array, shared by all its documents.
const NO_CRDS: readonly CrdSource[] = [];
const byCrds = new WeakMap<readonly CrdSource[], Map<string, CustomSchema>>();
const byDirs = new Map<string, CustomSchema>();

/** Read schema directories afresh on the next lookup (an editor was told a schema file changed). */
export function forgetSchemaDirFiles(): void {
  byDirs.clear();
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
  const translated = crdSchemaOf(version.schema, kubernetesVersion);
  const unusable = (why: string): CustomSchema => ({
    status: 'unusable',
    path: ['kind'],
    message: `${kind} (${apiVersion}) is not validated: the schema of the ${where(crd)} ${why}`,
  });
  if (translated.tooLarge) return unusable(`is too large for kubelint (${translated.tooLarge})`);
  if (translated.problems.length)
    return unusable(`for ${name} is invalid (see the findings on the CustomResourceDefinition)`);
  const compiled = compile(kubernetesVersion, translated.schema);
  if (typeof compiled === 'string') return unusable(`for ${name} cannot be compiled: ${compiled}`);
  const check = checkOf(kubernetesVersion, compiled, translated.intOrString);
  const raw = version.schema;
  const { uses } = translated;
  return {
    status: 'ok',
    check: (object, strict) => {
      // The API server validates the object with its defaults filled in.
      const defaulted = uses.defaults ? applyDefaults(raw, object) : object;
      return [
        ...check(defaulted, strict),
        ...(uses.listTypes ? listProblems(raw, defaulted) : []),
        ...(translated.rules ? ruleProblems(raw, defaulted) : []),
      ];
    },
  };
}

/** A CRD version's schema as kubelint uses it, and the CEL rules it does not evaluate. */
export type CrdSchema = TranslatedSchema & {
  unchecked: UncheckedRule[];
  rules: number;
  /** Which value walks a resource needs (most schemas have no defaults or list types). */
  uses: { defaults: boolean; listTypes: boolean };
};

/**
 * A CRD version's schema, translated for ajv, with every problem the API server would refuse it for:
 * the structural rules, the list-type extensions, defaults that do not validate and CEL rules that
 * do not compile. Memoized per schema object: the CRD's own validation and each of its resources ask.
 */
export function crdSchemaOf(raw: unknown, kubernetesVersion: string): CrdSchema {
  const key = typeof raw === 'object' && raw !== null ? raw : undefined;
  let byVersion = key && translations.get(key);
  if (key && !byVersion) translations.set(key, (byVersion = new Map<string, CrdSchema>()));
  const hit = byVersion?.get(kubernetesVersion);
  if (hit) return hit;
  const uses = { defaults: false, listTypes: false };
  const translated: CrdSchema = { ...translateCrdSchema(raw), unchecked: [], rules: 0, uses };
  const at = ['schema', 'openAPIV3Schema'];
  eachSchemaNode(raw, [], (node) => {
    if (node.default !== undefined) uses.defaults = true;
    if (node['x-kubernetes-list-type'] === 'set' || node['x-kubernetes-list-type'] === 'map')
      uses.listTypes = true;
  });
  if (!translated.tooLarge) translated.problems.push(...listTypeProblems(raw, at));
  // Defaults and rules are checked against a schema the API server accepts, as the API server does.
  if (!translated.tooLarge && !translated.problems.length) {
    translated.problems.push(...defaultProblems(raw, at, kubernetesVersion));
    const rules = ruleReport(raw, at);
    translated.problems.push(...rules.problems);
    translated.unchecked = rules.unchecked;
    translated.rules = rules.total;
  }
  byVersion?.set(kubernetesVersion, translated);
  return translated;
}
const translations = new WeakMap<object, Map<string, CrdSchema>>();
