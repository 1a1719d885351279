import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinRules, lintTexts } from '../src/index.js';
import {
  applyEdits,
  compatibleFixes,
  editsFor,
  setValue,
  insertEntry,
  renameKey,
  replaceScalar,
} from '../src/fix/index.js';
import type { YamlChange } from '../src/fix/index.js';
import type { Finding } from '../src/load/types.js';
import { unifiedDiff } from '../src/fix/diff.js';
import { load } from './helpers.js';

function findings(text: string): Finding[] {
  return lintTexts([{ path: 'test.yaml', text }], { rules: builtinRules, cwd: '/' }).findings;
}

/** What `--fix` does to one text: apply compatible fixes, re-lint, until nothing changes. */
function fixAll(text: string, passes = 10): string {
  let current = text;
  for (let i = 0; i < passes; i++) {
    const fixes = compatibleFixes(findings(current).flatMap((f) => (f.fix ? [f.fix] : [])));
    const next = applyEdits(
      current,
      fixes.flatMap((f) => f.edits),
    );
    if (next === current) break;
    current = next;
  }
  return current;
}

/** Edits of changes on the first document of `text`, applied. */
function change(text: string, ...changes: YamlChange[]): string | undefined {
  const doc = load(text).docs[0];
  if (!doc) throw new Error('no document');
  const edits = editsFor(doc.file, doc.locate([]).start.offset, [], changes);
  return edits && applyEdits(text, edits);
}

const JOB = `# nightly job
apiVersion: batch/v1   # batch
kind: Job
metadata:
  name: nightly # name
spec:
  template:
    # the pod
    spec:
      containers:
        - name: report   # the one
          image: ghcr.io/acme/report:5.1.0

          args: ["run"] # args
      # trailing comment of the pod spec
`;

describe('job-restart-policy-always fix', () => {
  it('inserts restartPolicy: Never at the end of the pod spec, before trailing comments', () => {
    expect(fixAll(JOB)).toBe(
      JOB.replace('args: ["run"] # args\n', 'args: ["run"] # args\n      restartPolicy: Never\n'),
    );
  });

  it('keeps CRLF line ends', () => {
    const crlf = JOB.replaceAll('\n', '\r\n');
    expect(fixAll(crlf)).toBe(
      crlf.replace('args: ["run"] # args\r\n', 'args: ["run"] # args\r\n      restartPolicy: Never\r\n'),
    );
  });

  it('replaces Always, keeping the quoting style', () => {
    for (const [before, after] of [
      ['Always', 'Never'],
      ['"Always"', '"Never"'],
      ["'Always'", "'Never'"],
      ['', ' Never'],
      ['""', '"Never"'],
    ]) {
      const text = JOB.replace(
        '    spec:\n',
        `    spec:\n      restartPolicy:${before ? ` ${before}` : ''} # why\n`,
      );
      expect(fixAll(text)).toBe(
        text.replace(
          `restartPolicy:${before ? ` ${before}` : ''}`,
          `restartPolicy:${before ? ' ' : ''}${after}`,
        ),
      );
    }
  });

  it('fixes the right document of a stream, and a CronJob in a flow-style pod spec', () => {
    const cron = `---
apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "0 3 * * *"
  jobTemplate: {spec: {template: {spec: {containers: [{name: a, image: "busybox:1.36", args: [echo]}]}}}}
`;
    const text = `${JOB}${cron}`;
    expect(fixAll(text)).toBe(
      `${JOB.replace('args: ["run"] # args\n', 'args: ["run"] # args\n      restartPolicy: Never\n')}${cron.replace(
        'args: [echo]}]}',
        'args: [echo]}], restartPolicy: Never}',
      )}`,
    );
  });

  it('fixes an item of a kind: List', () => {
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: a}
  - apiVersion: batch/v1
    kind: Job
    metadata: {name: j}
    spec:
      template:
        spec:
          containers:
            - {name: a, image: "busybox:1.36", args: [echo]}
`;
    expect(fixAll(list)).toBe(`${list}          restartPolicy: Never\n`);
  });
});

describe('latest-tag-implicit-pull fix', () => {
  it("states the defaulted policy after image, at the item keys' indentation", () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
  -   name: init   # odd indentation
      image: busybox
      command: [echo]
  containers:
    - name: web
      image: "nginx:latest" # moving tag
    - {name: side, image: redis}
`;
    expect(fixAll(text)).toBe(`apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
  -   name: init   # odd indentation
      image: busybox
      imagePullPolicy: Always
      command: [echo]
  containers:
    - name: web
      image: "nginx:latest" # moving tag
      imagePullPolicy: Always
    - {name: side, image: redis, imagePullPolicy: Always}
`);
  });

  it('appends after a merge key, and offers nothing for a container reached through an alias or anchor', () => {
    const merged = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - image: nginx
      <<: {name: web}
`;
    expect(fixAll(merged)).toBe(`${merged}      imagePullPolicy: Always\n`);
    const aliased = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: a}
    spec:
      containers: &cs
        - {name: web, image: nginx}
  - apiVersion: v1
    kind: Pod
    metadata: {name: b}
    spec:
      containers: *cs
`;
    const found = findings(aliased).filter((f) => f.ruleId === 'latest-tag-implicit-pull');
    expect(found).toHaveLength(2);
    expect(found.map((f) => f.fix?.edits)).toEqual([[], []]);
  });
});

describe('duplicate-container-name fix', () => {
  const pod = (annotations = '') => `apiVersion: v1
kind: Pod
metadata:
  name: p${annotations}
spec:
  containers:
    - name: app
      image: nginx:1.27
    - name: "app"
      image: nginx:1.27
    - name: app
      image: nginx:1.27
    - name: app-2
      image: nginx:1.27
`;

  it('renames later duplicates to the first free <name>-N', () => {
    const fixed = fixAll(pod());
    expect(fixed).toBe(
      pod()
        .replace('name: "app"', 'name: "app-3"')
        .replace(/(name: "app-3"[\s\S]*?name: )app\n/, '$1app-4\n'),
    );
    expect(findings(fixed).filter((f) => f.ruleId === 'duplicate-container-name')).toEqual([]);
  });

  it('offers no rename when an annotation refers to the name', () => {
    const text = pod('\n  annotations:\n    kubectl.kubernetes.io/default-container: app');
    const found = findings(text).filter((f) => f.ruleId === 'duplicate-container-name');
    expect(found).toHaveLength(2);
    expect(found.every((f) => f.fix === undefined)).toBe(true);
  });
});

describe('probe-threshold-invalid fix', () => {
  it("sets a liveness probe's successThreshold to 1", () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: a
      image: nginx:1.27
      livenessProbe:
        httpGet: {port: 80, path: /}
        successThreshold: 3 # three
`;
    expect(fixAll(text)).toBe(text.replace('successThreshold: 3', 'successThreshold: 1'));
  });
});

describe('editsFor', () => {
  const base = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  a: "1"
`;

  it('creates missing parent mappings in block style', () => {
    expect(change(base, setValue(['metadata', 'annotations', 'kubelint.dev/ignore'], 'rule-a,rule-b'))).toBe(
      base.replace('  name: cm\n', '  name: cm\n  annotations:\n    kubelint.dev/ignore: "rule-a,rule-b"\n'),
    );
  });

  it('inserts into an empty flow mapping and at the end of a file without a final line break', () => {
    expect(
      change('apiVersion: v1\nkind: ConfigMap\nmetadata: {}', insertEntry(['metadata'], 'name', 'x')),
    ).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}');
    expect(change('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b', insertEntry(['data'], 'c', 'd'))).toBe(
      'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n  c: d',
    );
  });

  it('keeps a JSON manifest JSON', () => {
    const json =
      '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n  "spec": {"containers": [{"name": "a", "image": "nginx"}]}\n}\n';
    const fixed = fixAll(json);
    expect(JSON.parse(fixed)).toMatchObject({ spec: { containers: [{ imagePullPolicy: 'Always' }] } });
    expect(fixed).toBe(json.replace('"image": "nginx"', '"image": "nginx", "imagePullPolicy": "Always"'));
  });

  it('inserts after a block scalar without touching it', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: |+\n    x\n\n  # c\n';
    expect(change(text, insertEntry(['data'], 'b', 'z', { after: ['a'] }))).toBe(
      'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: |+\n    x\n\n  b: z\n  # c\n',
    );
  });

  it('quotes strings that YAML 1.1 would read as something else', () => {
    for (const v of ['yes', 'on', '0755', '1e3', 'null', '', 'a: b', '# x', '- x'])
      expect(parse(change(base, replaceScalar(['metadata', 'name'], v)) ?? '')).toMatchObject({
        metadata: { name: v },
      });
    expect(change(base, replaceScalar(['data', 'a'], "it's"))).toContain(`a: "it's"`);
  });

  it('renames a key, keeping its quoting', () => {
    expect(change(base, renameKey(['data', 'a'], 'b'))).toBe(base.replace('  a: "1"', '  b: "1"'));
  });

  it('refuses (no edits) what it cannot do safely', () => {
    expect(change(base, replaceScalar(['metadata', 'missing'], 'x'))).toBeUndefined();
    expect(change(base, insertEntry(['metadata'], 'name', 'x'))).toBeUndefined();
    expect(change(base, replaceScalar(['metadata'], 'x'))).toBeUndefined();
    expect(change(base, renameKey(['metadata', 'name'], 'name'))).toBeUndefined();
    const dup = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: x\n  a: y\n';
    expect(change(dup, replaceScalar(['data', 'a'], 'z'))).toBeUndefined();
    const anchored = 'apiVersion: v1\nkind: ConfigMap\ndata: &d\n  a: x\nx: *d\n';
    expect(change(anchored, replaceScalar(['data', 'a'], 'z'))).toBeUndefined();
  });
});

describe('property: fixing a Job changes only the restartPolicy span', () => {
  const LINES: [indent: number, text: string][] = [
    [0, 'apiVersion: batch/v1'],
    [0, 'kind: Job'],
    [0, 'metadata:'],
    [2, 'name: nightly'],
    [0, 'spec:'],
    [2, 'backoffLimit: 2'],
    [2, 'template:'],
    [4, 'spec:'],
    [6, 'containers:'],
    [8, '- name: report'],
    [10, 'image: busybox:1.36'],
    [10, 'args: [echo, done]'],
  ];
  const decoration = fc.record({
    trailing: fc.option(fc.constantFrom(' # note', '   #x', ' #: - {}')),
    before: fc.array(
      fc.oneof(
        fc.constant(''),
        fc
          .tuple(fc.nat(12), fc.constantFrom('# c', '#', '# restartPolicy: Always'))
          .map(([n, c]) => ' '.repeat(n) + c),
      ),
      { maxLength: 2 },
    ),
  });

  it('inserts or replaces one line and leaves every other byte alone', () => {
    fc.assert(
      fc.property(
        fc.array(decoration, { minLength: LINES.length + 1, maxLength: LINES.length + 1 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom<string | undefined>(undefined, 'Always', '"Always"'),
        fc.boolean(),
        (decor, eol, policy, policyFirst) => {
          const lines = [...LINES];
          // The pod spec's restartPolicy: before its containers, or after them.
          if (policy) lines.splice(policyFirst ? 8 : lines.length, 0, [6, `restartPolicy: ${policy}`]);
          let text = '';
          lines.forEach(([indent, line], i) => {
            const d = decor[i];
            for (const b of d?.before ?? []) text += b + eol;
            text += ' '.repeat(indent) + line + (d?.trailing ?? '') + eol;
          });
          for (const b of decor[lines.length]?.before ?? []) text += b + eol;
          const fixed = fixAll(text);
          expect(parse(fixed)).toMatchObject({ spec: { template: { spec: { restartPolicy: 'Never' } } } });
          expect(fixAll(fixed)).toBe(fixed);
          if (policy) {
            expect(fixed).toBe(
              text.replace(/^ {6}restartPolicy: ("?)Always/m, '      restartPolicy: $1Never'),
            );
          } else {
            const added = `      restartPolicy: Never${eol}`;
            const at = fixed.indexOf(added);
            expect(at).toBeGreaterThan(0);
            expect(fixed.slice(0, at) + fixed.slice(at + added.length)).toBe(text);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('unifiedDiff', () => {
  it('marks a last line without a line break', () => {
    expect(unifiedDiff('a/f', 'b/f', 'x\ny', 'x\nz')).toBe(
      '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+z\n\\ No newline at end of file\n',
    );
    expect(unifiedDiff('a/f', 'b/f', 'same\n', 'same\n')).toBe('');
  });

  it('keeps distant changes in separate hunks with three lines of context', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}\n`).join('');
    const after = before.replace('l2\n', 'l2\nnew\n').replace('l15\n', '');
    expect(unifiedDiff('a/f', 'b/f', before, after)).toBe(
      '--- a/f\n+++ b/f\n@@ -1,6 +1,7 @@\n l0\n l1\n l2\n+new\n l3\n l4\n l5\n@@ -13,7 +14,6 @@\n l12\n l13\n l14\n-l15\n l16\n l17\n l18\n',
    );
  });
});

describe('property: fixes on mangled manifests', () => {
  it('never throw, and never add YAML errors', () => {
    const base = `${JOB}---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: nginx}\n  - name: a\n    image: "redis"\n`;
    const junk = fc.constantFrom(
      ' ',
      '\n',
      '#',
      ':',
      '- ',
      '{',
      '}',
      '[',
      ']',
      ',',
      '"',
      "'",
      '&a ',
      '*a',
      '|',
      '>',
      '\t',
      '\r\n',
      'x',
      '---\n',
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length), junk), { maxLength: 3 }), (inserts) => {
        let text = base;
        for (const [at, s] of inserts) text = text.slice(0, at) + s + text.slice(at);
        const errors = (t: string): number =>
          load(t).findings.filter((f) => f.ruleId === 'yaml-syntax' || f.ruleId === 'duplicate-key').length;
        const fixed = fixAll(text, 3);
        expect(errors(fixed)).toBeLessThanOrEqual(errors(text));
      }),
      { numRuns: 60 },
    );
  });
});
