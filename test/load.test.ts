import { describe, expect, it } from 'vitest';
import { load, span, textAt } from './helpers.js';
import { tooDeepAt } from '../src/load/depth.js';
import { createSourceFile } from '../src/load/source.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
`;

describe('loader: documents and positions', () => {
  it('locates keys and values in the first document', () => {
    const { docs } = load(POD);
    expect(docs).toHaveLength(1);
    const doc = docs[0]!;
    expect(doc.resource).toEqual({ apiVersion: 'v1', kind: 'Pod', name: 'web' });
    expect(span(doc.locate(['spec', 'containers', 0, 'image']))).toEqual([8, 14, 8, 24]);
    expect(span(doc.locate(['spec', 'containers', 0, 'image'], { key: true }))).toEqual([8, 7, 8, 12]);
  });

  it('keeps exact positions in documents after the first ---', () => {
    const text = `# leading comment\n${POD}---\n\n${POD}...\n---\n${POD}`;
    const { docs, findings } = load(text);
    expect(findings).toEqual([]);
    expect(docs.map((d) => d.index)).toEqual([0, 1, 2]);
    const lines = docs.map((d) => d.locate(['spec', 'containers', 0, 'name']).start.line);
    expect(lines).toEqual([8, 18, 28]);
    for (const d of docs) expect(textAt(text, d.locate(['metadata', 'name']))).toBe('web');
  });

  it('locates values in flow style', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {tier: "front"}}\nspec: {containers: [{name: x, image: busybox}]}\n';
    const doc = load(text).docs[0]!;
    expect(textAt(text, doc.locate(['metadata', 'labels', 'tier']))).toBe('"front"');
    expect(span(doc.locate(['spec', 'containers', 0, 'image']))).toEqual([4, 38, 4, 45]);
    expect(span(doc.locate(['spec', 'containers', 0, 'image'], { key: true }))).toEqual([4, 31, 4, 36]);
  });

  it('locates block scalars and values reached through anchors, aliases and merge keys', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: a}',
      'spec:',
      '  containers:',
      '    - &base',
      '      name: one',
      '      image: busybox:1',
      '      args: |',
      '        echo hi',
      '    - <<: *base',
      '      name: two',
      '    - *base',
      '',
    ].join('\n');
    const { docs, findings } = load(text);
    expect(findings).toEqual([]);
    const doc = docs[0]!;
    expect(doc.object).toMatchObject({
      spec: {
        containers: [
          { name: 'one' },
          { name: 'two', image: 'busybox:1', args: 'echo hi\n' },
          { name: 'one' },
        ],
      },
    });
    expect(span(doc.locate(['spec', 'containers', 0, 'args']))).toEqual([9, 13, 10, 16]);
    // A merged key is located where its text is: in the anchored mapping.
    expect(span(doc.locate(['spec', 'containers', 1, 'image']))).toEqual([8, 14, 8, 23]);
    expect(span(doc.locate(['spec', 'containers', 1, 'name']))).toEqual([12, 13, 12, 16]);
    expect(span(doc.locate(['spec', 'containers', 2, 'name']))).toEqual([7, 13, 7, 16]);
  });

  it('resolves a missing path to the key of its nearest existing parent', () => {
    const doc = load(POD).docs[0]!;
    expect(doc.has(['spec', 'restartPolicy'])).toBe(false);
    expect(span(doc.locate(['spec', 'restartPolicy']))).toEqual([5, 1, 5, 5]);
    // Inside a list item without a key, the item's first line.
    expect(span(doc.locate(['spec', 'containers', 0, 'ports', 0]))).toEqual([7, 7, 7, 16]);
  });

  it('counts columns in UTF-16 code units after non-ASCII text and keeps CRLF positions exact', () => {
    const text =
      'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: a\r\n  annotations: {note: "Überwachung 監視 🚀", x: y}\r\n';
    const doc = load(text).docs[0]!;
    const r = doc.locate(['metadata', 'annotations', 'x']);
    expect(textAt(text, r)).toBe('y');
    expect(r.start.line).toBe(5);
    expect(r.start.column).toBe(text.split('\r\n')[4]!.indexOf('x: y') + 4);
  });

  it('drops a UTF-8 BOM without shifting positions', () => {
    const text = `\uFEFF${POD}`;
    const doc = load(text).docs[0]!;
    expect(doc.resource?.kind).toBe('Pod');
    expect(textAt(text, doc.locate(['kind']))).toBe('Pod');
  });

  it('expands kind: List into one document per item, located in the List', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: one}
  - apiVersion: v1
    kind: Secret
    metadata: {name: two}
`;
    const { docs } = load(text);
    expect(docs.map((d) => [d.resource?.kind, d.listItem])).toEqual([
      ['ConfigMap', 0],
      ['Secret', 1],
    ]);
    expect(span(docs[1]!.locate(['metadata', 'name']))).toEqual([9, 22, 9, 25]);
  });

  it('skips empty and comment-only documents', () => {
    const { docs, findings } = load(`---\n# nothing here\n---\n${POD}---\n`);
    expect(docs).toHaveLength(1);
    expect(findings).toEqual([]);
  });

  it('reports documents without apiVersion/kind as not-a-manifest (info)', () => {
    const { docs, findings } = load(`replicaCount: 3\n---\n- a\n---\n${POD}`);
    expect(docs).toHaveLength(1);
    expect(findings.map((f) => [f.ruleId, f.severity, f.range.start.line])).toEqual([
      ['not-a-manifest', 'info', 1],
      ['not-a-manifest', 'info', 3],
    ]);
  });
});

describe('loader: YAML 1.1 scalars as the API server decodes them', () => {
  const valueOf = (yaml: string): unknown =>
    (load(`apiVersion: v1\nkind: X\nv: ${yaml}\n`).docs[0]!.object as { v: unknown }).v;

  it.each([
    ['yes', true],
    ['On', true],
    ['y', true],
    ['NO', false],
    ['off', false],
    ['true', true],
    ['"yes"', 'yes'],
    ["'on'", 'on'],
    ['~', null],
    ['null', null],
    ['0755', 493],
    ['0o17', 15],
    ['0x1F', 31],
    ['0b101', 5],
    ['1_000', 1000],
    ['-42', -42],
    ['08', 8],
    ['1.5', 1.5],
    ['1e3', 1000],
    ['.inf', Infinity],
    ['"80"', '80'],
    ['!!str 80', '80'],
    ['!!str yes', 'yes'],
    ['!!int "3"', 3],
    ['2024-01-02', '2024-01-02'],
    ['1.2.3', '1.2.3'],
    ['nginx:1.27', 'nginx:1.27'],
  ])('%s → %o', (yaml, expected) => {
    expect(valueOf(yaml)).toEqual(expected);
  });

  it('turns non-string keys into the strings sigs.k8s.io/yaml produces', () => {
    const obj = load('apiVersion: v1\nkind: X\nlabels: {1: a, yes: b, "no": c}\n').docs[0]!.object as {
      labels: object;
    };
    expect(Object.keys(obj.labels)).toEqual(['1', 'true', 'no']);
  });

  it('keeps block scalars as strings', () => {
    expect(valueOf('|\n  0755')).toBe('0755\n');
  });
});

describe('loader: problems are findings, not crashes', () => {
  it('reports a syntax error with its position and still loads the following documents', () => {
    const text = `${POD}---\napiVersion: v1\nkind: Pod\nmetadata: {name: [broken\n---\n${POD}`;
    const { docs, findings } = load(text);
    expect(docs.map((d) => d.index)).toEqual([0, 2]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'yaml-syntax', severity: 'error' });
    expect(findings[0]!.range.start.line).toBe(13);
    expect(docs[1]!.locate(['metadata', 'name']).start.line).toBe(17);
  });

  it('reports duplicate keys with the first occurrence as related, keeping the last value', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n';
    const { docs, findings } = load(text);
    expect((docs[0]!.object as { metadata: { name: string } }).metadata.name).toBe('b');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.ruleId).toBe('duplicate-key');
    expect(span(findings[0]!.range)).toEqual([5, 3, 5, 7]);
    expect(span(findings[0]!.related![0]!.range)).toEqual([4, 3, 4, 7]);
  });

  it('lets merged keys be overridden without a duplicate-key finding', () => {
    const text = 'apiVersion: v1\nkind: X\nbase: &b {a: 1, c: 3}\nm:\n  <<: *b\n  a: 2\n';
    const { docs, findings } = load(text);
    expect(findings).toEqual([]);
    expect((docs[0]!.object as { m: object }).m).toEqual({ a: 2, c: 3 });
  });

  it('refuses alias bombs instead of expanding them', () => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const { docs, findings } = load(lines.join('\n'));
    expect(docs).toEqual([]);
    expect(findings.map((f) => f.ruleId)).toEqual(['yaml-alias-limit']);
  });

  it('reports an unknown alias as a syntax error', () => {
    const { findings } = load('apiVersion: v1\nkind: X\na: *nope\n');
    expect(findings.map((f) => [f.ruleId, f.range.start.line])).toEqual([['yaml-syntax', 3]]);
  });

  it('does not pollute prototypes with __proto__ keys', () => {
    const { docs } = load('apiVersion: v1\nkind: X\n__proto__: {polluted: true}\nconstructor: 1\n');
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(docs[0]!.object as object)).toContain('__proto__');
  });
});

describe('loader: pathAt, the inverse of locate', () => {
  it('finds the key or value under an offset, in block and flow style, in the right document', () => {
    const text = `${POD}---\napiVersion: v1\nkind: Pod\nmetadata: {name: "café", labels: {app: web}}\nspec:\n  containers: [{name: app, image: "nginx:1"}]\n`;
    const { docs } = load(text);
    const at = (needle: string, nth = 0, shift = 1): ReturnType<(typeof docs)[0]['pathAt']>[] => {
      let offset = -1;
      for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
      return docs.map((d) => d.pathAt(offset + shift));
    };
    expect(at('image')).toEqual([{ path: ['spec', 'containers', 0, 'image'], key: true }, undefined]);
    expect(at('nginx')).toEqual([{ path: ['spec', 'containers', 0, 'image'], key: false }, undefined]);
    expect(at('containers', 1)).toEqual([undefined, { path: ['spec', 'containers'], key: true }]);
    expect(at('nginx', 1)).toEqual([undefined, { path: ['spec', 'containers', 0, 'image'], key: false }]);
    expect(at('café')).toEqual([undefined, { path: ['metadata', 'name'], key: false }]);
    expect(at('app: web')).toEqual([undefined, { path: ['metadata', 'labels', 'app'], key: true }]);
    // Between entries of a container: the container itself.
    expect(at('- name: app', 0, 0)).toEqual([{ path: ['spec', 'containers'], key: false }, undefined]);
    // Every located leaf maps back to its own path.
    for (const doc of docs)
      for (const path of [['kind'], ['metadata', 'name'], ['spec', 'containers', 0, 'name']]) {
        expect(doc.pathAt(doc.locate(path).start.offset)).toEqual({ path, key: false });
        expect(doc.pathAt(doc.locate(path, { key: true }).start.offset)).toEqual({ path, key: true });
      }
  });
});

describe('loader: the nesting pre-scan', () => {
  it('finds where mixed [ and { nest past the limit, and passes many shallow brackets', () => {
    const mixed = `x: ${'['.repeat(600)}${'{a: '.repeat(500)}1${'}'.repeat(500)}${']'.repeat(600)}\n`;
    expect(tooDeepAt(mixed)).toBe(3 + 600 + 4 * 400);
    // 3,000 brackets that never nest deeper than 1.
    const shallow = 'x: [1]\ny: {a: 1}\n'.repeat(1500);
    expect(tooDeepAt(shallow)).toBe(-1);
    // Brackets inside quotes and comments do not count as nesting.
    expect(tooDeepAt(`x: "${'['.repeat(2000)}"\n# ${'{'.repeat(2000)}\n`)).toBe(-1);
  });
});

describe('loader: line starts', () => {
  it('counts \n, \r\n (once) and a lone \r as line breaks', () => {
    const starts = (text: string): number[] => createSourceFile('f.yaml', text).lineStarts;
    expect(starts('a: 1\nb: 2\n')).toEqual([0, 5, 10]);
    expect(starts('a: 1\r\nb: 2\r\n')).toEqual([0, 6, 12]);
    expect(starts('a: 1\rb: 2\r\nc: 3\n')).toEqual([0, 5, 11, 16]);
    expect(starts('')).toEqual([0]);
    expect(starts('\n\n')).toEqual([0, 1, 2]);
  });
});
