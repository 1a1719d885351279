import { tmpdir } from 'node:os';
import { lintTexts } from '../src/index.js';
import type { Finding } from '../src/load/types.js';
import { SCHEMA_RULE_IDS } from '../src/schema/index.js';

// Shared by the tests of custom resources (CRD schemas, defaults, list types, CEL rules).

const SCHEMA_IDS = new Set<string>(SCHEMA_RULE_IDS);

/** The schema pass's findings (CRD checks included) when linting these files together. */
export function schemaLint(files: Record<string, string>): Finding[] {
  const texts = Object.entries(files).map(([path, text]) => ({ path, text }));
  return lintTexts(texts, { cwd: tmpdir() }).findings.filter((f) => SCHEMA_IDS.has(f.ruleId));
}

/** `file line:col [severity] rule message` of every schema-pass finding. */
export function schemaFindings(
  files: Record<string, string>,
  options: { severity?: boolean } = {},
): string[] {
  return schemaLint(files).map(
    (f) =>
      `${f.file} ${f.range.start.line}:${f.range.start.column} ${options.severity ? `${f.severity} ` : ''}${f.ruleId} ${f.message}`,
  );
}

/**
 * A namespaced CustomResourceDefinition of `kind` in group example.com with one served version,
 * v1, whose `spec` schema is `spec` (lines indented under `spec:`). With `root`, those lines are
 * added to the root schema (e.g. its x-kubernetes-validations), on the line before `properties:`.
 */
export function crdYaml(kind: string, spec: string, root?: string): string {
  const plural = `${kind.toLowerCase()}s`;
  const rootLines = root === undefined ? '' : `${root.replace(/^/gm, '          ')}\n`;
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${plural}.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: ${plural}, kind: ${kind}}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
${rootLines}          properties:
            spec:
${spec.replace(/^/gm, '              ')}`;
}
