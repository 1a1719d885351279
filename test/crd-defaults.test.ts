import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../src/schema/crd-defaults.js';
import { crdYaml, schemaFindings } from './crd-helpers.js';

const findings = (files: Record<string, string>): string[] => schemaFindings(files);
const crd = (spec: string): string => crdYaml('Gadget', spec);

const DEFAULTED = crd(`type: object
required: [replicas, mode, policy]
properties:
  replicas: {type: integer, minimum: 1, default: 1}
  mode: {type: string, enum: [fast, safe], default: safe}
  policy:
    type: object
    default: {}
    properties:
      retries: {type: integer, default: 3, minimum: 1}
      backoff: {type: string, nullable: true, default: 10s}
  ports:
    type: array
    x-kubernetes-list-type: map
    x-kubernetes-list-map-keys: [port, protocol]
    items:
      type: object
      required: [port]
      properties:
        port: {type: integer}
        protocol: {type: string, default: TCP}
`);

describe('defaults of a CustomResourceDefinition applied to its resources', () => {
  it('fills in missing required fields, nested defaults of a defaulted object, and nulls of non-nullable fields', () => {
    const cr = `apiVersion: example.com/v1
kind: Gadget
metadata: {name: g}
spec:
  mode: null
  ports: [{port: 80}, {port: 80, protocol: UDP}]
`;
    expect(findings({ 'crd.yaml': DEFAULTED, 'cr.yaml': cr })).toEqual([]);
  });

  it('still reports what the object itself gets wrong, and duplicates made by a defaulted key', () => {
    const cr = `apiVersion: example.com/v1
kind: Gadget
metadata: {name: g}
spec:
  replicas: 0
  policy: {backoff: null}
  ports: [{port: 80}, {port: 80, protocol: TCP}]
`;
    expect(findings({ 'crd.yaml': DEFAULTED, 'cr.yaml': cr })).toEqual([
      'cr.yaml 5:13 schema-format spec.replicas must be at least 1, got the number 0',
      'cr.yaml 7:23 schema-format spec.ports[1] has the same key as spec.ports[0] (port: 80, protocol: "TCP"): the items of a list with x-kubernetes-list-type: map must be unique by "port" and "protocol"',
    ]);
  });

  it('applies defaults top-down like the API server, copying only what it changes', () => {
    const schema = {
      type: 'object',
      properties: {
        a: { type: 'object', default: {}, properties: { b: { type: 'integer', default: 2 } } },
        list: {
          type: 'array',
          items: { type: 'object', properties: { c: { type: 'string', default: 'x' } } },
        },
        n: { type: 'string', nullable: true, default: 'kept' },
      },
    };
    const object = { list: [{}, { c: 'y' }], n: null };
    expect(applyDefaults(schema, object)).toEqual({ a: { b: 2 }, list: [{ c: 'x' }, { c: 'y' }], n: null });
    expect(object).toEqual({ list: [{}, { c: 'y' }], n: null });
    const untouched = { a: { b: 1 }, list: [{ c: 'z' }], n: 'v' };
    expect(applyDefaults(schema, untouched)).toBe(untouched);
    // A field named __proto__ is a field, not the prototype.
    const odd = JSON.parse('{"properties": {"__proto__": {"type": "string", "default": "x"}}}') as object;
    const defaulted = applyDefaults(odd, {}) as Record<string, unknown>;
    expect(Object.keys(defaulted)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(defaulted)).toBe(Object.prototype);
  });
});

describe('defaults that do not validate against their own schema', () => {
  it('are crd-schema-invalid at the default, and the resources are not validated', () => {
    const bad = crd(`type: object
properties:
  replicas: {type: integer, minimum: 1, default: 0}
  mode: {type: string, enum: [fast, safe], default: quick}
  size: {type: integer, default: "3"}
  policy:
    type: object
    default: {retries: 1, retry: 2}
    properties:
      retries: {type: integer}
  tags:
    type: array
    x-kubernetes-list-type: set
    items: {type: string}
    default: [a, a]
  good: {type: string, default: fine}
  nested:
    type: object
    required: [retries]
    default: {}
    properties:
      retries: {type: integer, default: 3}
`);
    const at = 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties';
    const why =
      'does not validate against its own schema, so the API server refuses the CustomResourceDefinition';
    const cr = 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {size: "x"}\n';
    expect(findings({ 'crd.yaml': bad, 'cr.yaml': cr })).toEqual([
      `crd.yaml 19:55 crd-schema-invalid ${at}.replicas.default ${why}: default must be at least 1, got the number 0`,
      `crd.yaml 20:58 crd-schema-invalid ${at}.mode.default ${why}: default must be one of "fast", "safe", got the string "quick"`,
      `crd.yaml 21:39 crd-schema-invalid ${at}.size.default ${why}: default must be an integer, got the string "3"`,
      `crd.yaml 24:19 crd-schema-invalid ${at}.policy.default ${why}: unknown field "default.retry"`,
      // Written as is: nested defaults do not fill in a default (the API server checks it literally).
      `crd.yaml 36:19 crd-schema-invalid ${at}.nested.default ${why}: missing required field "retries" in default`,
      'cr.yaml 2:7 unknown-kind Gadget (example.com/v1) is not validated: the schema of the CustomResourceDefinition "gadgets.example.com" (crd.yaml:1) for v1 is invalid (see the findings on the CustomResourceDefinition)',
    ]);
  });
});
