import { describe, expect, it } from 'vitest';
import { crdYaml, schemaFindings, schemaLint as lint } from './crd-helpers.js';

const findings = (files: Record<string, string>): string[] => schemaFindings(files);

/** A Gadget CRD whose spec has these properties (lines indented under `properties:`). */
const crd = (properties: string): string =>
  crdYaml('Gadget', `type: object\nproperties:\n${properties.replace(/^/gm, '  ')}`);

const LISTS = crd(`tags:
  type: array
  x-kubernetes-list-type: set
  items: {type: string}
matrix:
  type: array
  x-kubernetes-list-type: set
  items: {type: array, items: {type: integer}}
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
      name: {type: string}
volumes:
  type: array
  x-kubernetes-list-type: map
  x-kubernetes-list-map-keys: [name]
  items:
    type: object
    required: [name]
    properties:
      name: {type: string}
anything:
  type: array
  x-kubernetes-list-type: atomic
  items: {type: string}
`);

describe('x-kubernetes-list-type in custom resources', () => {
  it('reports repeated set items and repeated map keys at the repeat, once per value, with the first as related', () => {
    const cr = `apiVersion: example.com/v1
kind: Gadget
metadata: {name: g}
spec:
  tags: [a, b, a, a, "1", c, b]
  matrix: [[1, 2], [2, 1], [1, 2]]
  ports:
    - {port: 80, protocol: TCP}
    - {port: 80, protocol: UDP}
    - {port: 443}
    - {protocol: TCP, port: 80, name: again}
  volumes:
    - name: data
    - {name: cache}
    - {name: data}
    - {}
  anything: [x, x]
`;
    expect(findings({ 'crd.yaml': LISTS, 'cr.yaml': cr })).toEqual([
      'cr.yaml 5:16 schema-format spec.tags[2] repeats spec.tags[0] (the string "a"): the items of a list with x-kubernetes-list-type: set must be unique',
      'cr.yaml 5:30 schema-format spec.tags[6] repeats spec.tags[1] (the string "b"): the items of a list with x-kubernetes-list-type: set must be unique',
      'cr.yaml 6:28 schema-format spec.matrix[2] repeats spec.matrix[0] (a list [1,2]): the items of a list with x-kubernetes-list-type: set must be unique',
      'cr.yaml 11:7 schema-format spec.ports[3] has the same key as spec.ports[0] (port: 80, protocol: "TCP"): the items of a list with x-kubernetes-list-type: map must be unique by "port" and "protocol"',
      'cr.yaml 15:7 schema-format spec.volumes[2] has the same key as spec.volumes[0] (name: "data"): the items of a list with x-kubernetes-list-type: map must be unique by "name"',
      // The CRD must require or default every key; a missing one is the required check's finding.
      'cr.yaml 16:7 schema-required missing required field "name" in spec.volumes[3]',
    ]);
    const related = lint({ 'crd.yaml': LISTS, 'cr.yaml': cr }).map((f) =>
      f.related?.map((r) => `${r.range.start.line}:${r.range.start.column} ${r.message}`),
    );
    expect(related[0]).toEqual(['5:10 first spec.tags[0]']);
    expect(related[3]).toEqual(['8:7 first spec.ports[0]']);
  });

  it('accepts unique items, atomic lists, and the same value in different lists', () => {
    const cr = `apiVersion: example.com/v1
kind: Gadget
metadata: {name: g}
spec:
  tags: [a, b, "1"]
  matrix: [[1, 2], [2, 1]]
  ports: [{port: 80}, {port: 80, protocol: UDP}]
  volumes: [{name: a}, {name: b}]
  anything: [x, x]
`;
    expect(findings({ 'crd.yaml': LISTS, 'cr.yaml': cr })).toEqual([]);
  });
});

describe('x-kubernetes-list-type in the CustomResourceDefinition', () => {
  it('reports what the API server refuses at the keyword', () => {
    const bad = crd(`a: {type: array, x-kubernetes-list-type: bag, items: {type: string}}
b: {type: string, x-kubernetes-list-type: set}
c: {type: array, x-kubernetes-list-map-keys: [x], items: {type: object, properties: {x: {type: string}}}}
d: {type: array, x-kubernetes-list-type: map, items: {type: object, properties: {x: {type: string}}}}
e: {type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: [x], items: {type: string}}
f:
  type: array
  x-kubernetes-list-type: map
  x-kubernetes-list-map-keys: [x, z, x]
  items: {type: object, properties: {x: {type: object}}}
g: {type: array, x-kubernetes-list-type: set, items: {type: object}}
h:
  type: array
  x-kubernetes-list-type: map
  x-kubernetes-list-map-keys: [name, port]
  items:
    type: object
    nullable: true
    required: [port]
    properties:
      name: {type: string}
      port: {type: integer, nullable: true}
i: {type: string, x-kubernetes-map-type: atomic}
j: {type: object, x-kubernetes-map-type: partial}
`);
    const at = 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties';
    expect(findings({ 'crd.yaml': bad })).toEqual([
      `crd.yaml 19:34 crd-schema-invalid ${at}.a.x-kubernetes-list-type must be "atomic", "set" or "map"`,
      `crd.yaml 20:21 crd-schema-invalid ${at}.b.type must be array if x-kubernetes-list-type is specified`,
      `crd.yaml 21:34 crd-schema-invalid ${at}.c.x-kubernetes-list-map-keys requires x-kubernetes-list-type: map next to it`,
      `crd.yaml 22:17 crd-schema-invalid ${at}.d needs x-kubernetes-list-map-keys (not empty) when x-kubernetes-list-type is map`,
      `crd.yaml 23:104 crd-schema-invalid ${at}.e.items.type must be object if parent array's x-kubernetes-list-type is map`,
      `crd.yaml 27:51 crd-schema-invalid ${at}.f.x-kubernetes-list-map-keys[1] must name a property of the items (entries must all be names of item properties)`,
      `crd.yaml 27:54 crd-schema-invalid ${at}.f.x-kubernetes-list-map-keys[2] must not contain duplicate entries`,
      `crd.yaml 28:58 crd-schema-invalid ${at}.f.items.properties.x.type must be a scalar type if parent array's x-kubernetes-list-type is map`,
      `crd.yaml 29:63 crd-schema-invalid ${at}.g.items must set x-kubernetes-map-type: atomic as item of a list with x-kubernetes-list-type=set`,
      `crd.yaml 36:21 crd-schema-invalid ${at}.h.items.nullable cannot be true when x-kubernetes-list-type is map`,
      `crd.yaml 39:23 crd-schema-invalid ${at}.h.items.properties.name is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
      `crd.yaml 40:45 crd-schema-invalid ${at}.h.items.properties.port.nullable cannot be true: the property is in x-kubernetes-list-map-keys`,
      `crd.yaml 41:21 crd-schema-invalid ${at}.i.type must be object if x-kubernetes-map-type is specified`,
      `crd.yaml 42:35 crd-schema-invalid ${at}.j.x-kubernetes-map-type must be "atomic" or "granular"`,
    ]);
  });
});
