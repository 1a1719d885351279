import type { Finding, ManifestDoc } from '../load/types.js';
import { problemsOf } from './messages.js';
import { apiVersionsOf, modelOf } from './registry.js';
import { validateAgainst } from './validate.js';

export {
  defaultKubernetesVersion,
  embeddedVersions,
  resolveKubernetesVersion,
  schemaIndex,
} from './registry.js';
export { display as displayPath } from './messages.js';
export { describeField, type FieldDoc } from './explain.js';

/** The findings the schema pass can produce (all configurable like rules, see engine/core-rules). */
export const SCHEMA_RULE_IDS = [
  'schema-unknown-field',
  'schema-type',
  'schema-required',
  'schema-enum',
  'schema-format',
  'unknown-kind',
] as const;

export interface SchemaOptions {
  /** An embedded Kubernetes minor (`1.36`). */
  kubernetesVersion: string;
  /** Unknown fields are errors, like `kubectl --validate=strict` (default true). */
  strict?: boolean;
}

/** Validate one document against the embedded schema of its apiVersion and kind. */
export function checkSchema(doc: ManifestDoc, options: SchemaOptions): Finding[] {
  const resource = doc.resource;
  if (!resource) return [];
  const { kubernetesVersion: version } = options;
  const finding = (ruleId: string, path: Finding['path'], message: string, key?: boolean): Finding => ({
    ruleId,
    severity: ruleId === 'unknown-kind' ? 'info' : 'error',
    message,
    file: doc.file.path,
    range: doc.locate(path, { key }),
    path,
    resource,
  });
  const model = modelOf(version, resource.apiVersion, resource.kind);
  if (!model) {
    const served = apiVersionsOf(version, resource.kind);
    const message = served.length
      ? `Kubernetes ${version} has no ${resource.kind} in ${resource.apiVersion}, so it is not validated (served as ${served.map((v) => `"${v}"`).join(', ')})`
      : `no schema for ${resource.kind} (${resource.apiVersion}) in Kubernetes ${version}, so it is not validated`;
    return [finding('unknown-kind', served.length ? ['apiVersion'] : ['kind'], message)];
  }
  const result = validateAgainst(version, model, doc.object);
  return problemsOf(doc.object, result, options.strict ?? true).map((p) =>
    finding(p.ruleId, p.path, p.message, p.key),
  );
}
