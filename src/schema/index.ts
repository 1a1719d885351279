import { removedIn } from '../k8s/api-lifecycle.js';
import type { Finding, ManifestDoc } from '../load/types.js';
import { crdSourceOf } from './crd.js';
import { crdSchemaOf, customSchemaFor, type CustomSchemaOptions } from './custom.js';
import { display, problemsOf, type SchemaProblem } from './messages.js';
import { apiVersionsOf, modelOf } from './registry.js';
import { validateAgainst } from './validate.js';

export {
  defaultKubernetesVersion,
  embeddedVersions,
  resolveKubernetesVersion,
  schemaIndex,
} from './registry.js';
export { display as displayPath } from './messages.js';
export { collectCrds, type CrdSource } from './crd.js';
export { assertSchemaDir, forgetSchemaDirFiles, SchemaDirError } from './custom.js';
export { describeField, type FieldDoc } from './explain.js';

/** The findings the schema pass can produce (all configurable like rules, see engine/core-rules). */
export const SCHEMA_RULE_IDS = [
  'schema-unknown-field',
  'schema-type',
  'schema-required',
  'schema-enum',
  'schema-format',
  'unknown-kind',
  'crd-schema-invalid',
  'crd-validation-rule',
] as const;

export interface SchemaOptions extends CustomSchemaOptions {
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
  // A removed apiVersion is the removed-api-version rule's one finding: the API server would not even
  // look at the fields (and the client may still ship a stale schema for it).
  if (removedIn(version, resource.apiVersion, resource.kind)) return [];
  const finding = (
    ruleId: string,
    path: Finding['path'],
    message: string,
    key?: boolean,
    related?: SchemaProblem['related'],
  ): Finding => ({
    ruleId,
    severity: ruleId === 'unknown-kind' ? 'info' : 'error',
    message,
    file: doc.file.path,
    range: doc.locate(path, { key }),
    path,
    resource,
    ...(related && {
      related: related.map((r) => ({ message: r.message, file: doc.file.path, range: doc.locate(r.path) })),
    }),
  });
  const model = modelOf(version, resource.apiVersion, resource.kind);
  if (!model) {
    // Kinds the embedded schemas do not know: a CRD of the run, then a --schema-dir file.
    const custom = customSchemaFor(version, resource.apiVersion, resource.kind, options);
    if (custom.status === 'ok')
      return custom
        .check(doc.object, options.strict ?? true)
        .map((p) => finding(p.ruleId, p.path, p.message, p.key, p.related));
    if (custom.status === 'unusable') return [finding('unknown-kind', custom.path, custom.message)];
    const served = apiVersionsOf(version, resource.kind).filter((v) => !removedIn(version, v, resource.kind));
    const message = served.length
      ? `Kubernetes ${version} has no ${resource.kind} in ${resource.apiVersion}, so it is not validated (served as ${served.map((v) => `"${v}"`).join(', ')})`
      : `no schema for ${resource.kind} (${resource.apiVersion}) in Kubernetes ${version}, so it is not validated`;
    return [finding('unknown-kind', served.length ? ['apiVersion'] : ['kind'], message)];
  }
  const result = validateAgainst(version, model, doc.object);
  const problems = problemsOf(doc.object, result, options.strict ?? true, model).map((p) =>
    finding(p.ruleId, p.path, p.message, p.key),
  );
  // A CRD's schema must also be one the API server accepts (structural) for its resources to exist.
  let rules = 0;
  const unchecked: Finding['path'][] = [];
  let reason = '';
  for (const v of crdSourceOf(doc)?.versions ?? []) {
    const schema = crdSchemaOf(v.schema, version);
    for (const p of schema.problems) {
      if (p.reportedElsewhere) continue;
      const path = [...v.path, ...p.path];
      problems.push(finding('crd-schema-invalid', path, `${display(path)} ${p.message}`, true));
    }
    rules += schema.rules;
    for (const u of schema.unchecked) {
      unchecked.push([...v.path, ...u.path]);
      reason ||= u.reason;
    }
  }
  // CEL rules kubelint cannot evaluate: said once per CustomResourceDefinition, never guessed at.
  const [first] = unchecked;
  if (first)
    problems.push({
      ...finding(
        'crd-validation-rule',
        first,
        `kubelint does not check ${unchecked.length} of the ${rules} x-kubernetes-validations rules of this CustomResourceDefinition; the first, ${display(first)}: ${reason}`,
      ),
      severity: 'info',
    });
  return problems;
}
