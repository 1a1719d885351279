import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { lintTexts } from '../src/index.js';
import { resolvePlainScalar } from '../src/load/scalars.js';
import { createSourceFile, offsetAt, positionAt } from '../src/load/source.js';
import type { JsonPath } from '../src/load/types.js';
import { load, textAt } from './helpers.js';

// `npm run fuzz` runs 10,000 cases per property; the test suite a bounded few hundred.
const RUNS = { numRuns: Number(process.env.FUZZ_RUNS ?? 300) };

function leaves(value: unknown, path: JsonPath = []): [JsonPath, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [[path, value]];
}

const key = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_.-]{0,8}$/);
// Strings go-yaml would read as something else are left to the constants below: the \`yaml\` writer's
// YAML 1.1 differs from go-yaml v2 on a few (it writes "+_0" plain; go-yaml reads the integer 0).
const scalar = fc.oneof(
  fc.string({ maxLength: 12 }).filter((s) => resolvePlainScalar(s) === s),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    'yes',
    'off',
    '0755',
    '1_000',
    '~',
    'nginx:1.27',
    'héllo wörld',
    '🚀',
    'a: b',
    '- x',
    '#no',
  ),
);
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('arr'), tie('obj')),
  arr: fc.array(tie('node'), { maxLength: 4 }),
  obj: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
})).obj;

describe('properties', () => {
  it('offset → position → offset round-trips, with CRLF and non-ASCII text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'é', '🚀', '\n', '\r\n', '\r', ' ') }),
        fc.nat(),
        (text, n) => {
          const file = createSourceFile('x', text);
          const offset = text.length === 0 ? 0 : n % (text.length + 1);
          const pos = positionAt(file, offset);
          expect(offsetAt(file, pos.line, pos.column)).toBe(offset);
        },
      ),
      RUNS,
    );
  });

  it('loads what a YAML 1.1 writer wrote, and every leaf is located at text that parses back to it', () => {
    fc.assert(
      fc.property(tree, fc.boolean(), (obj, flow) => {
        const doc = { apiVersion: 'v1', kind: 'ConfigMap', data: obj };
        const text = stringify(doc, { version: '1.1', collectionStyle: flow ? 'flow' : 'any' });
        const { docs, findings } = load(text);
        expect(findings).toEqual([]);
        const loaded = docs[0]!;
        expect(JSON.parse(JSON.stringify(loaded.object))).toEqual(JSON.parse(JSON.stringify(doc)));
        for (const [path, value] of leaves(doc)) {
          const snippet = textAt(text, loaded.locate(path));
          const reparsed = load(
            `apiVersion: v1\nkind: X\nv: ${snippet.includes('\n') ? JSON.stringify(value) : snippet}\n`,
          );
          expect((reparsed.docs[0]!.object as { v: unknown }).v).toEqual(value);
        }
      }),
      RUNS,
    );
  });

  it('never throws on mutated manifests, and every finding has a valid position', () => {
    const base = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  template:
    spec:
      initContainers:
        - name: wait
          image: busybox
          command: ["sh", "-c", "until nslookup db; do sleep 2; done"]
      containers:
        - &c
          name: app
          image: nginx
          ports: [{containerPort: 80, name: http}]
          livenessProbe: {httpGet: {port: 8080}}
        - <<: *c
          name: app
---
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec: {template: {spec: {containers: [{name: x, image: "busybox:latest"}]}}}
`;
    const mutation = fc.tuple(
      fc.nat(base.length),
      fc.nat(6),
      fc.string({
        unit: fc.constantFrom(
          ' ',
          '\n',
          ':',
          '-',
          '[',
          '{',
          '"',
          '&',
          '*',
          '#',
          'a',
          '\t',
          '|',
          '>',
          '!',
          '%',
        ),
        maxLength: 4,
      }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let text = base;
        for (const [at, del, insert] of mutations) text = text.slice(0, at) + insert + text.slice(at + del);
        const { findings } = lintTexts([{ path: 'm.yaml', text }]);
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const f of findings) {
          expect(f.range.start.line).toBeGreaterThanOrEqual(1);
          expect(f.range.end.line).toBeLessThanOrEqual(lines);
          expect(f.range.end.offset).toBeGreaterThanOrEqual(f.range.start.offset);
        }
      }),
      RUNS,
    );
  });
});
