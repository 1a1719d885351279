import type { JsonPath, ManifestDoc } from '../load/types.js';

// The CustomResourceDefinitions of a run, as plain data: they register schemas for custom resources
// anywhere in the run (structural.ts reads their schemas).

export const CRD_API_VERSION = 'apiextensions.k8s.io/v1';

/** One served or unserved version of a CRD, as plain data (it crosses worker boundaries). */
export interface CrdVersion {
  name: string;
  served: boolean;
  /** `openAPIV3Schema`, when set. */
  schema?: unknown;
  /** Path to the version in the CRD document (`spec.versions[i]`). */
  path: JsonPath;
}

/** A CustomResourceDefinition found in the input. */
export interface CrdSource {
  /** `metadata.name` (`<plural>.<group>`), or the kind and group when it has none. */
  name: string;
  group: string;
  kind: string;
  file: string;
  line: number;
  versions: CrdVersion[];
}

export function isCrd(doc: ManifestDoc): boolean {
  return doc.resource?.apiVersion === CRD_API_VERSION && doc.resource.kind === 'CustomResourceDefinition';
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The CRD a document declares, if it names a group and kind (else the schema pass reports what is missing). */
export function crdSourceOf(doc: ManifestDoc): CrdSource | undefined {
  if (!isCrd(doc) || !isObject(doc.object)) return undefined;
  const spec = doc.object.spec;
  if (!isObject(spec) || typeof spec.group !== 'string' || !isObject(spec.names)) return undefined;
  const kind = spec.names.kind;
  if (typeof kind !== 'string' || !Array.isArray(spec.versions)) return undefined;
  const versions: CrdVersion[] = [];
  spec.versions.forEach((v: unknown, i) => {
    if (!isObject(v) || typeof v.name !== 'string') return;
    const schema = isObject(v.schema) ? v.schema.openAPIV3Schema : undefined;
    versions.push({ name: v.name, served: v.served !== false, schema, path: ['spec', 'versions', i] });
  });
  const meta = isObject(doc.object.metadata) ? doc.object.metadata : {};
  return {
    name: typeof meta.name === 'string' ? meta.name : `${kind}.${spec.group}`,
    group: spec.group,
    kind,
    file: doc.file.path,
    line: doc.locate([]).start.line,
    versions,
  };
}

/** Every CRD of a run, in input order. */
export function collectCrds(docs: readonly ManifestDoc[]): CrdSource[] {
  return docs.flatMap((doc) => crdSourceOf(doc) ?? []);
}
