import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lintTexts } from '../src/engine/index.js';
import { ignoreAnnotationEdits, type OffsetEdit } from '../src/lsp/ignore-annotation.js';

const RULE = 'latest-tag-implicit-pull';

function apply(text: string, edits: readonly OffsetEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function findings(text: string, path = 'm.yaml'): { ruleId: string; offset: number; line: number }[] {
  return lintTexts([{ path, text }], { rules: builtinRules, cwd: tmpdir() }).findings.map((f) => ({
    ruleId: f.ruleId,
    offset: f.range.start.offset,
    line: f.range.start.line,
  }));
}

/**
 * Disable the rule for the resource of its `nth` finding: the result must be exactly `expected`, that
 * finding must be gone (suppressed) and every other finding still there.
 */
function disableFor(text: string, expected: string, nth = 0, path = 'm.yaml'): void {
  const before = findings(text, path);
  const target = before.filter((f) => f.ruleId === RULE)[nth];
  expect(target, 'the fixture has the finding').toBeDefined();
  const edits = ignoreAnnotationEdits(text, target!.offset, RULE, { json: path.endsWith('.json') });
  expect(edits).toBeDefined();
  const edited = apply(text, edits!);
  expect(edited).toBe(expected);
  const after = findings(edited, path);
  expect(after.filter((f) => f.ruleId === RULE)).toHaveLength(
    before.filter((f) => f.ruleId === RULE).length - 1,
  );
  expect(after.map((f) => f.ruleId).sort()).toEqual(
    before
      .filter((f) => f !== target)
      .map((f) => f.ruleId)
      .sort(),
  );
}

const POD_SPEC = `spec:
  containers:
    - name: app # the web server
      image: nginx
`;

describe('"Disable <rule> for this resource": the kubelint.dev/ignore annotation', () => {
  it('creates annotations: in block metadata, after its last key, keeping comments', () => {
    const text = `# Café ☕
apiVersion: v1
kind: Pod
metadata:
  name: web # the name

  labels:
    app: web
# about the spec
${POD_SPEC}`;
    disableFor(
      text,
      text.replace('    app: web\n', `    app: web\n  annotations:\n    kubelint.dev/ignore: ${RULE}\n`),
    );
  });

  it('appends to an existing list, keeping its quotes and separator style', () => {
    const head = (value: string): string =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n    name: web\n    annotations:\n        # why\n        kubelint.dev/ignore: ${value} # trailing\n        other: x\n`;
    const spec = POD_SPEC.replace(/^ {2}/gm, '    ');
    disableFor(head('"duplicate-port-name"') + spec, head(`"duplicate-port-name, ${RULE}"`) + spec);
    disableFor(head("'a-rule,b-rule'") + spec, head(`'a-rule,b-rule,${RULE}'`) + spec);
    disableFor(head('a-rule') + spec, head(`a-rule, ${RULE}`) + spec);
    disableFor(head('""') + spec, head(`"${RULE}"`) + spec);
  });

  it('adds the key to existing annotations, block or flow', () => {
    const block = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    team: "payments"\n${POD_SPEC}`;
    disableFor(block, block.replace('"payments"\n', `"payments"\n    kubelint.dev/ignore: ${RULE}\n`));
    const flow = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations: {team: payments}   # flow\n${POD_SPEC}`;
    disableFor(flow, flow.replace('{team: payments}', `{team: payments, kubelint.dev/ignore: ${RULE}}`));
    const empty = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations: {}\n${POD_SPEC}`;
    disableFor(empty, empty.replace('{}', `{kubelint.dev/ignore: ${RULE}}`));
    const none = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations: # none yet\n${POD_SPEC}`;
    disableFor(none, none.replace('# none yet\n', `# none yet\n    kubelint.dev/ignore: ${RULE}\n`));
  });

  it('quotes a list that gains a comma inside a flow map', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: web, annotations: {kubelint.dev/ignore: a-rule}}\n${POD_SPEC}`;
    disableFor(text, text.replace('ignore: a-rule}', `ignore: "a-rule, ${RULE}"}`));
  });

  it('works in flow-style metadata', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\n${POD_SPEC}`;
    disableFor(text, text.replace('{app: web}}', `{app: web}, annotations: {kubelint.dev/ignore: ${RULE}}}`));
  });

  it('creates metadata after kind when it is missing or empty', () => {
    const text = `apiVersion: v1\nkind: Pod # a pod\n${POD_SPEC}`;
    disableFor(
      text,
      text.replace('# a pod\n', `# a pod\nmetadata:\n  annotations:\n    kubelint.dev/ignore: ${RULE}\n`),
    );
    const empty = `apiVersion: v1\nkind: Pod\nmetadata:\n${POD_SPEC}`;
    disableFor(
      empty,
      empty.replace('metadata:\n', `metadata:\n  annotations:\n    kubelint.dev/ignore: ${RULE}\n`),
    );
  });

  it('edits the right document of a multi-document file, and the right item of a List', () => {
    const pod = (name: string): string =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${POD_SPEC}`;
    const text = `${pod('a')}---\n${pod('b')}---\n${pod('c')}`;
    const annotated = `${pod('a')}---\n${pod('b').replace('name: b\n', `name: b\n  annotations:\n    kubelint.dev/ignore: ${RULE}\n`)}---\n${pod('c')}`;
    disableFor(text, annotated, 1);
    const list = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: a}
  spec: {containers: [{name: app, image: nginx}]}
- apiVersion: v1
  kind: Pod
  spec: {containers: [{name: app, image: nginx}]}
`;
    disableFor(
      list,
      list.replace(
        '  kind: Pod\n  spec',
        `  kind: Pod\n  metadata:\n    annotations:\n      kubelint.dev/ignore: ${RULE}\n  spec`,
      ),
      1,
    );
  });

  it('keeps CRLF line breaks, the indentation step and JSON syntax', () => {
    const crlf = `apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n    name: web\r\nspec:\r\n    containers:\r\n    - {name: app, image: nginx}\r\n`;
    disableFor(
      crlf,
      crlf.replace(
        'name: web\r\n',
        `name: web\r\n    annotations:\r\n        kubelint.dev/ignore: ${RULE}\r\n`,
      ),
    );
    const json = `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},\n "spec": {"containers": [{"name": "app", "image": "nginx"}]}}\n`;
    disableFor(
      json,
      json.replace('"web"}', `"web", "annotations": {"kubelint.dev/ignore": "${RULE}"}}`),
      0,
      'm.json',
    );
  });

  it('offers nothing where an edit could change the meaning', () => {
    const merged = `base: &meta {name: web}\n---\napiVersion: v1\nkind: Pod\n<<: {metadata: {name: web}}\n${POD_SPEC}`;
    expect(ignoreAnnotationEdits(merged, merged.indexOf('nginx'), RULE)).toBeUndefined();
    const alias = `apiVersion: v1\nkind: Pod\nmetadata: &m {name: web}\nother: *m\nspec: {}\n`;
    const viaAlias = `apiVersion: v1\nkind: Pod\nx: &m {name: web}\nmetadata: *m\nspec: {}\n`;
    expect(ignoreAnnotationEdits(alias, alias.indexOf('spec'), RULE)).toBeDefined();
    expect(ignoreAnnotationEdits(viaAlias, viaAlias.indexOf('spec'), RULE)).toBeUndefined();
    const broken = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: [web\n`;
    expect(ignoreAnnotationEdits(broken, 0, RULE)).toBeUndefined();
  });
});
