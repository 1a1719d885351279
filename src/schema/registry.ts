import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The embedded schema sets (schemas/<minor>/, written by scripts/gen-schemas.ts), read on first use.

export type JsonSchema = Record<string, unknown>;

export interface SchemaIndex {
  kubernetes: string;
  source: string;
  /** `apps/v1 Deployment` → its definition name. */
  kinds: Record<string, string>;
  enums: Record<string, string[]>;
}

interface Versions {
  default: string;
  versions: string[];
}

/** The package's schemas/ folder: two levels up from src/schema, three from dist/src/schema. */
function schemasDir(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(candidate, 'versions.json'))) return candidate;
  }
  throw new Error(`kubelint: the embedded schemas/ folder is missing (looked above ${import.meta.dirname})`);
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

let versions: Versions | undefined;
function versionsFile(): Versions {
  return (versions ??= readJson<Versions>(join(schemasDir(), 'versions.json')));
}

/** Kubernetes minors with embedded schemas, oldest first. */
export function embeddedVersions(): readonly string[] {
  return versionsFile().versions;
}

export function defaultKubernetesVersion(): string {
  return versionsFile().default;
}

/** `v1.34`, `1.34` → `1.34` when embedded, else undefined. */
export function resolveKubernetesVersion(value: string): string | undefined {
  const minor = value.replace(/^v/, '');
  return embeddedVersions().includes(minor) ? minor : undefined;
}

const indexes = new Map<string, SchemaIndex>();
const definitions = new Map<string, Record<string, JsonSchema>>();

export function schemaIndex(version: string): SchemaIndex {
  let index = indexes.get(version);
  if (!index)
    indexes.set(version, (index = readJson<SchemaIndex>(join(schemasDir(), version, 'index.json'))));
  return index;
}

const definitionTexts = new Map<string, string>();

export function schemaDefinitionsPath(version: string): string {
  return join(schemasDir(), version, 'definitions.json');
}

/** The text of a version's definitions.json (the precompiled validators record its hash). */
export function schemaDefinitionsText(version: string): string {
  let text = definitionTexts.get(version);
  if (text === undefined)
    definitionTexts.set(
      version,
      (text = readFileSync(join(schemasDir(), version, 'definitions.json'), 'utf8')),
    );
  return text;
}

/** Every definition of a version, by name (V1Deployment, Quantity, …). */
export function schemaDefinitions(version: string): Record<string, JsonSchema> {
  let defs = definitions.get(version);
  if (!defs) {
    const file = JSON.parse(schemaDefinitionsText(version)) as { definitions: Record<string, JsonSchema> };
    definitions.set(version, (defs = file.definitions));
  }
  return defs;
}

/** The definition name of `apiVersion`/`kind` in a version, if Kubernetes serves it. */
export function modelOf(version: string, apiVersion: string, kind: string): string | undefined {
  return schemaIndex(version).kinds[`${apiVersion} ${kind}`];
}

/** The apiVersions a version serves `kind` under (for "did you mean" on a wrong apiVersion). */
export function apiVersionsOf(version: string, kind: string): string[] {
  return Object.keys(schemaIndex(version).kinds)
    .filter((k) => k.endsWith(` ${kind}`))
    .map((k) => k.slice(0, -kind.length - 1));
}

const descriptions = new Map<string, Record<string, Record<string, string>>>();

/**
 * Field descriptions by definition and field (`''` is the type's own), for LSP hover. Only the newest
 * embedded version carries them (to keep schemas/ small), so older versions borrow its wording.
 */
export function schemaDescriptions(version: string): Record<string, Record<string, string>> {
  const carrier = [version, ...[...embeddedVersions()].reverse()].find((v) =>
    existsSync(join(schemasDir(), v, 'descriptions.json')),
  );
  if (!carrier) return {};
  let docs = descriptions.get(carrier);
  if (!docs) {
    const file = readJson<{ descriptions: Record<string, Record<string, string>> }>(
      join(schemasDir(), carrier, 'descriptions.json'),
    );
    descriptions.set(carrier, (docs = file.descriptions));
  }
  return docs;
}
