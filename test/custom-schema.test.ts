import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintTexts } from '../src/index.js';
import { schemaFileNames } from '../src/schema/schema-dir.js';
import { SCHEMA_RULE_IDS } from '../src/schema/index.js';
import { crdYaml } from './crd-helpers.js';

const SCHEMA_IDS = new Set<string>(SCHEMA_RULE_IDS);

/** `file line:col rule message` of every schema-pass finding of the files, linted as one run. */
function findings(files: Record<string, string>, options: { strict?: boolean } = {}): string[] {
  const texts = Object.entries(files).map(([path, text]) => ({ path, text }));
  return lintTexts(texts, { cwd: tmpdir(), ...options })
    .findings.filter((f) => SCHEMA_IDS.has(f.ruleId))
    .map((f) => `${f.file} ${f.range.start.line}:${f.range.start.column} ${f.ruleId} ${f.message}`);
}

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
    - name: v1beta1
      served: false
      storage: false
      schema:
        openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: {type: integer, minimum: 1}
                color: {type: string, enum: [red, blue]}
                port: {x-kubernetes-int-or-string: true}
                note: {type: string, nullable: true}
                extra:
                  type: object
                  x-kubernetes-preserve-unknown-fields: true
                  properties:
                    strictPart:
                      type: object
                      properties: {a: {type: string}}
                template:
                  type: object
                  x-kubernetes-embedded-resource: true
                  x-kubernetes-preserve-unknown-fields: true
                labels:
                  type: object
                  additionalProperties: {type: string}
              oneOf:
                - required: [size]
                - required: [sizeFrom]
            status:
              type: object
              x-kubernetes-preserve-unknown-fields: true
`;

const VALID_CR = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  labels: {app: w}
spec:
  size: 3
  color: red
  port: http
  note: null
  extra:
    anything: {goes: [here]}
    strictPart: {a: x}
  template:
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: inner}
    data: {k: v}
  labels: {a: b}
`;

const INVALID_CR = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  labelz: {}
spec:
  size: "3"
  color: green
  colour: red
  port: 1.5
  note: 5
  extra:
    strictPart: {a: x, other: y}
  template: {metadata: {name: x}}
  labels: {a: 1}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w2}
spec:
  color: blue
`;

describe('custom resources validated against a CRD of the run', () => {
  it('accepts a valid custom resource, whichever file comes first', () => {
    expect(findings({ 'crd.yaml': CRD, 'cr.yaml': VALID_CR })).toEqual([]);
    expect(findings({ 'cr.yaml': VALID_CR, 'crd.yaml': CRD })).toEqual([]);
  });

  it('reports wrong types, unknown fields, enums and missing required fields at the exact key or value', () => {
    expect(findings({ 'cr.yaml': INVALID_CR, 'crd.yaml': CRD })).toEqual([
      'cr.yaml 5:3 schema-unknown-field unknown field "metadata.labelz"; did you mean "labels"?',
      'cr.yaml 7:9 schema-type spec.size must be an integer, got the string "3"',
      'cr.yaml 8:10 schema-enum spec.color must be one of "red", "blue", got the string "green"',
      'cr.yaml 9:3 schema-unknown-field unknown field "spec.colour"; did you mean "color"?',
      'cr.yaml 10:9 schema-type spec.port must be an integer or a string, got the number 1.5',
      // nullable: null is allowed, so the type is the only choice a value has.
      'cr.yaml 11:9 schema-type spec.note must be a string, got the number 5',
      // Below a preserve-unknown-fields node, a field the schema specifies follows its schema again.
      'cr.yaml 13:24 schema-unknown-field unknown field "spec.extra.strictPart.other"',
      // An embedded resource needs its own apiVersion and kind.
      'cr.yaml 14:3 schema-required missing required field "apiVersion" in spec.template',
      'cr.yaml 14:3 schema-required missing required field "kind" in spec.template',
      'cr.yaml 15:15 schema-type spec.labels.a must be a string, got the number 1',
      'cr.yaml 20:1 schema-required missing required field "size" in spec',
      'cr.yaml 20:1 schema-required spec must set exactly one of "size", "sizeFrom"',
    ]);
  });

  it('uses a CRD in another file and in a multi-document stream, before or after the resource', () => {
    const wrongType = `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: big}\n`;
    const expected = ['cr.yaml 4:14 schema-type spec.size must be an integer, got the string "big"'];
    expect(findings({ 'cr.yaml': wrongType, 'crd.yaml': CRD })).toEqual(expected);
    expect(findings({ 'cr.yaml': `${wrongType}---\n${CRD}` })).toEqual(expected);
    const list = `apiVersion: v1\nkind: List\nitems:\n${CRD.replace(/^/gm, '    ').replace(/^ {4}/, '  - ')}`;
    expect(findings({ 'cr.yaml': wrongType, 'list.yaml': list })).toEqual(expected);
    expect(findings({ 'cr.yaml': wrongType })).toEqual([
      'cr.yaml 2:7 unknown-kind no schema for Widget (example.com/v1) in Kubernetes 1.36, so it is not validated',
    ]);
  });

  it('does not report unknown fields with --no-strict', () => {
    expect(findings({ 'cr.yaml': INVALID_CR, 'crd.yaml': CRD }, { strict: false })).not.toContainEqual(
      expect.stringContaining('schema-unknown-field'),
    );
  });

  it('says why a version the CRD does not define or serve is not validated', () => {
    const cr = (version: string): string =>
      `apiVersion: example.com/${version}\nkind: Widget\nmetadata: {name: w}\nspec: {size: big}\n`;
    expect(findings({ 'a.yaml': cr('v2'), 'crd.yaml': CRD })).toEqual([
      'a.yaml 1:13 unknown-kind the CustomResourceDefinition "widgets.example.com" (crd.yaml:1) defines Widget in example.com as "v1beta1", "v1", not "v2", so it is not validated',
    ]);
    expect(findings({ 'a.yaml': cr('v1beta1'), 'crd.yaml': CRD })).toEqual([
      'a.yaml 1:13 unknown-kind the CustomResourceDefinition "widgets.example.com" (crd.yaml:1) does not serve example.com/v1beta1 (served: false), so it is not validated',
    ]);
  });

  it('reports a schema the API server refuses on the CRD, and does not validate its resources', () => {
    const broken = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              properties:
                size: {type: int}
                list: {type: array, items: [{type: string}]}
                ref: {type: object, $ref: '#/definitions/x'}
                any: {x-kubernetes-preserve-unknown-fields: false}
---
apiVersion: example.com/v1
kind: Gadget
metadata: {name: g}
spec: {size: 1}
`;
    const at = 'spec.versions[0].schema.openAPIV3Schema.properties.spec';
    expect(findings({ 'crd.yaml': broken })).toEqual([
      `crd.yaml 16:13 crd-schema-invalid ${at}.type must be set: a structural schema gives every field a type`,
      `crd.yaml 18:24 crd-schema-invalid ${at}.properties.size.type must be one of "object", "array", "string", "integer", "number", "boolean"`,
      `crd.yaml 19:37 crd-schema-invalid ${at}.properties.list.items must be a single schema (a mapping), not a list`,
      `crd.yaml 20:37 crd-schema-invalid ${at}.properties.ref.$ref is not supported in a CustomResourceDefinition schema`,
      `crd.yaml 21:17 crd-schema-invalid ${at}.properties.any.type must be set: a structural schema gives every field a type`,
      `crd.yaml 21:23 crd-schema-invalid ${at}.properties.any.x-kubernetes-preserve-unknown-fields must be true or unset`,
      'crd.yaml 24:7 unknown-kind Gadget (example.com/v1) is not validated: the schema of the CustomResourceDefinition "gadgets.example.com" (crd.yaml:1) for v1 is invalid (see the findings on the CustomResourceDefinition)',
    ]);
  });

  it('never throws on a malformed CRD', () => {
    const shapes = [
      'spec: {group: example.com, names: {kind: Gadget}, versions: [{name: v1, served: true, schema: {openAPIV3Schema: [1, 2]}}]}',
      'spec: {group: example.com, names: {kind: Gadget}, versions: [{name: v1, served: true}]}',
      'spec: {group: example.com, names: {kind: Gadget}, versions: [{name: v1, served: true, schema: {openAPIV3Schema: {type: object, properties: 3, required: x, enum: 1, allOf: {}}}}]}',
      'spec: {group: example.com, names: {kind: Gadget}, versions: [{name: v1, served: true, schema: {openAPIV3Schema: {type: object, properties: {a: {type: string, pattern: "(?i)x", minLength: -1}}}}}]}',
      'spec: {group: example.com, names: {kind: Gadget}, versions: 7}',
      'spec: 1',
    ];
    for (const shape of shapes) {
      const crd = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: gadgets.example.com}\n${shape}\n`;
      const cr = 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {a: ABC}\n';
      const result = findings({ 'crd.yaml': crd, 'cr.yaml': cr });
      expect(result.filter((f) => f.startsWith('cr.yaml')).length).toBeLessThanOrEqual(1);
    }
  });

  it('leaves a pattern JavaScript cannot read unchecked rather than misreading it', () => {
    const crd = crdYaml(
      'Gadget',
      "type: object\nproperties:\n  a: {type: string, pattern: '(?i)^x+$', maxLength: 2}\n",
    );
    const cr = 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {a: XXX}\n';
    expect(findings({ 'crd.yaml': crd, 'cr.yaml': cr })).toEqual([
      'cr.yaml 4:11 schema-format spec.a must be at most 2 characters long, got the string "XXX"',
    ]);
  });
});

describe('--schema-dir file names', () => {
  it("follows kubeconform's naming: kind lowercased, the group's first label, the version", () => {
    expect(schemaFileNames('cert-manager.io/v1', 'Certificate')).toEqual([
      'certificate-cert-manager-v1.json',
      join('cert-manager.io', 'certificate_v1.json'),
      'certificate_v1.json',
    ]);
    expect(schemaFileNames('v1', 'ConfigMap')).toEqual(['configmap-v1.json', 'configmap_v1.json']);
    expect(schemaFileNames('example.com/v1', '../../etc/passwd')).toEqual([]);
    expect(schemaFileNames('../x/v1', 'Thing')).toEqual([]);
  });
});

const BIN = join(import.meta.dirname, '..', 'bin', 'kubelint.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kubelint --schema-dir (CLI)', () => {
  const THING = `apiVersion: acme.io/v1alpha1
kind: Thing
metadata: {name: t}
spec:
  replicas: 0
  replica: 2
`;
  // A schema as kubeconform's openapi2jsonschema.py writes it (draft-04 style, strict).
  const SCHEMA = {
    $schema: 'http://json-schema.org/schema#',
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        additionalProperties: false,
        properties: { replicas: { type: 'integer', minimum: 0, exclusiveMinimum: true } },
      },
    },
  };

  function project(schema: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'kubelint-schema-dir-'));
    mkdirSync(join(dir, 'schemas'));
    writeFileSync(join(dir, 'schemas', 'thing-acme-v1alpha1.json'), schema);
    writeFileSync(join(dir, 'thing.yaml'), THING);
    return dir;
  }

  it('validates a kind with a kubeconform-named schema', () => {
    const dir = project(JSON.stringify(SCHEMA));
    const r = run(['thing.yaml', '--schema-dir', 'schemas', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings?: unknown[] } | unknown[];
    const list = (Array.isArray(report) ? report : (report.findings ?? [])) as {
      ruleId: string;
      message: string;
      range: { start: { line: number; column: number } };
    }[];
    expect(list.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.ruleId} ${f.message}`)).toEqual(
      [
        '5:13 schema-format spec.replicas must be greater than 0, got the number 0',
        '6:3 schema-unknown-field unknown field "spec.replica"; did you mean "replicas"?',
      ],
    );
    // Without the directory the kind is unknown, and that is only information.
    expect(run(['thing.yaml'], dir).code).toBe(0);
  });

  it('stops with exit code 2 on a schema directory or file it cannot use', () => {
    const dir = project('{ not json');
    const broken = run(['thing.yaml', '--schema-dir', 'schemas'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('thing-acme-v1alpha1.json: not valid JSON');
    const missing = run(['thing.yaml', '--schema-dir', 'nowhere'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--schema-dir nowhere is not a directory');
    writeFileSync(join(dir, 'schemas', 'thing-acme-v1alpha1.json'), '{"type": 12}');
    const invalid = run(['thing.yaml', '--schema-dir', 'schemas'], dir);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('not a valid JSON Schema');
  });
});
