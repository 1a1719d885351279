import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSource } from '../src/load/read.js';
import type { Finding } from '../src/load/types.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'kubelint.js');
const GOOD =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: good}\nspec:\n  containers: [{name: app, image: nginx}]\n';

let root: string;
let n = 0;

/** A fresh directory with the given files plus good.yaml (one known warning), linted as JSON. */
function lintCase(files: Record<string, string | Buffer>, args: string[] = [], input?: string) {
  const dir = join(root, `case-${n++}`);
  for (const [rel, content] of Object.entries({ ...files, 'good.yaml': GOOD })) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  const r = spawnSync(process.execPath, [BIN, ...(args.length ? args : ['.']), '--format', 'json'], {
    cwd: dir,
    input: input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  const findings = r.stdout ? (JSON.parse(r.stdout) as Finding[]) : [];
  return { code: r.status, stderr: r.stderr, findings, dir };
}

function expectGoodStillLinted(findings: Finding[]): void {
  expect(findings.filter((f) => f.file === 'good.yaml').map((f) => [f.ruleId, f.range.start.line])).toEqual([
    ['latest-tag-implicit-pull', 5],
  ]);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kubelint-hostile-'));
});

describe('hostile input: findings, not crashes, and the other files are still linted', () => {
  it('refuses a billion-laughs alias bomb, while merge keys work', () => {
    const lines = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: bomb}',
      'a0: &a0 [x, x, x, x, x, x, x, x, x]',
    ];
    for (let i = 1; i < 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const merge =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nbase: &b {image: nginx}\nspec:\n  containers:\n    - <<: *b\n      name: app\n';
    const r = lintCase({ 'bomb.yaml': lines.join('\n'), 'merge.yaml': merge });
    expect(r.code).toBe(1);
    expect(r.findings.filter((f) => f.file === 'bomb.yaml').map((f) => f.ruleId)).toEqual([
      'yaml-alias-limit',
    ]);
    // The merged image is seen (and located in the anchored mapping, line 4); `base`, which only
    // holds the anchor, is no field of a Pod.
    expect(
      r.findings.filter((f) => f.file === 'merge.yaml').map((f) => [f.ruleId, f.range.start.line]),
    ).toEqual([
      ['schema-unknown-field', 4],
      ['latest-tag-implicit-pull', 4],
    ]);
    expectGoodStillLinted(r.findings);
  });

  it('refuses 20,000 levels of nesting at the bracket where it gets too deep, and reads a 1 MB line', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n---\n${GOOD}`;
    const long = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: long}\ndata:\n  x: "${'a'.repeat(1024 * 1024)}"\n`;
    const r = lintCase({ 'deep.yaml': deep, 'long.yaml': long });
    expect(r.code).toBe(1);
    expect(
      r.findings
        .filter((f) => f.file === 'deep.yaml')
        .map((f) => [f.ruleId, f.range.start.line, f.range.start.column]),
    ).toEqual(
      [
        ['yaml-syntax', 5, 1006],
        ['latest-tag-implicit-pull', 11],
      ].map((x) => (x.length === 2 ? [...x, 35] : x)),
    );
    expect(r.findings.filter((f) => f.file === 'long.yaml')).toEqual([]);
    expectGoodStillLinted(r.findings);
  });

  it('skips a file over --max-file-size with a finding saying so', () => {
    const doc = `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: "${'v'.repeat(1000)}"}\n`;
    const r = lintCase({ 'big.yaml': doc.repeat(11_000) });
    const big = r.findings.filter((f) => f.file === 'big.yaml');
    expect(big.map((f) => f.ruleId)).toEqual(['file-unreadable']);
    expect(big[0]?.message).toMatch(
      /^file is \d+ bytes, over the --max-file-size limit of 10485760 bytes; skipped$/,
    );
    expectGoodStillLinted(r.findings);
    const raised = lintCase({ 'big.yaml': doc.repeat(11_000) }, ['.', '--max-file-size', '20000000']);
    expect(raised.findings.filter((f) => f.file === 'big.yaml')).toEqual([]);
  });

  it('reports binary files, invalid UTF-8 (with the byte offset) and UTF-16; accepts a UTF-8 BOM and CRLF', () => {
    const r = lintCase({
      'binary.yaml': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]),
      'latin1.yaml': Buffer.concat([
        Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata: {k: "caf'),
        Buffer.from([0xe9]),
        Buffer.from('"}\n'),
      ]),
      'utf16.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('apiVersion: v1\n', 'utf16le')]),
      'bom-crlf.yaml': `\uFEFF${GOOD.replaceAll('\n', '\r\n')}`,
    });
    const by = (file: string) => r.findings.filter((f) => f.file === file).map((f) => f.message);
    expect(by('binary.yaml')).toEqual(['file is binary (NUL byte at offset 4), not YAML']);
    expect(by('latin1.yaml')).toEqual(['file is not valid UTF-8 (first bad byte at offset 45)']);
    expect(by('utf16.yaml')).toEqual(['file is UTF-16 encoded; Kubernetes manifests must be UTF-8']);
    expect(
      r.findings
        .filter((f) => f.file === 'bom-crlf.yaml')
        .map((f) => [f.ruleId, f.range.start.line, f.range.start.column]),
    ).toEqual([['latest-tag-implicit-pull', 5, 35]]);
    expectGoodStillLinted(r.findings);
  });

  it('skips non-Kubernetes YAML quietly in a directory walk, and reports it (info) when named', () => {
    const files = {
      'kustomization.yaml': 'resources: [good.yaml]\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
      'chart/values.yaml': 'replicaCount: 1\n',
      'docker-compose.yml': 'services:\n  web: {image: nginx}\n',
      '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
      'package.json': '{"name": "x"}',
      'tsconfig.json': '{ // comments\n "compilerOptions": {} }',
      'scalar.yaml': 'just a string\n---\n- a\n- b\n---\n# only a comment\n',
    };
    const walked = lintCase(files);
    expect(walked.code).toBe(0);
    expect(walked.findings.filter((f) => f.file !== 'good.yaml')).toEqual([]);
    expectGoodStillLinted(walked.findings);
    const named = lintCase(files, ['scalar.yaml', 'good.yaml']);
    expect(
      named.findings
        .filter((f) => f.file === 'scalar.yaml')
        .map((f) => [f.ruleId, f.severity, f.range.start.line]),
    ).toEqual([
      ['not-a-manifest', 'info', 1],
      ['not-a-manifest', 'info', 3],
    ]);
  });

  it('gives one helm-template-not-rendered finding for an unrendered chart template', () => {
    const template =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n';
    const r = lintCase({ 'templates/deploy.yaml': template });
    expect(
      r.findings
        .filter((f) => f.file.endsWith('deploy.yaml'))
        .map((f) => [f.ruleId, f.range.start.line, f.range.start.column]),
    ).toEqual([['helm-template-not-rendered', 4, 9]]);
    expectGoodStillLinted(r.findings);
  });

  it('lints JSON manifests (a .json file and JSON on stdin) with exact positions', () => {
    const json =
      '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "j"},\n  "spec": {"containers": [{"name": "a", "image": "nginx"}]}\n}\n';
    const r = lintCase({ 'pod.json': json });
    expect(
      r.findings
        .filter((f) => f.file === 'pod.json')
        .map((f) => [f.ruleId, f.range.start.line, f.range.start.column]),
    ).toEqual([['latest-tag-implicit-pull', 5, 50]]);
    const stdin = lintCase({}, ['-', 'good.yaml'], json);
    expect(
      stdin.findings
        .filter((f) => f.file === '<stdin>')
        .map((f) => [f.range.start.line, f.range.start.column]),
    ).toEqual([[5, 50]]);
  });

  it('survives symlink loops, skips node_modules and .git, honours --ignore', () => {
    const r = lintCase(
      {
        'node_modules/x/pod.yaml': GOOD,
        '.git/pod.yaml': GOOD,
        'vendor/pod.yaml': GOOD,
        'sub/pod.yaml': GOOD,
      },
      ['.', '--ignore', 'vendor'],
    );
    symlinkSync('..', join(r.dir, 'sub', 'loop'));
    const again = spawnSync(process.execPath, [BIN, '.', '--ignore', 'vendor', '--format', 'json'], {
      cwd: r.dir,
      encoding: 'utf8',
      timeout: 30_000,
    });
    const files = [...new Set((JSON.parse(again.stdout) as Finding[]).map((f) => f.file))].sort();
    expect(files).toEqual(['good.yaml', join('sub', 'pod.yaml')]);
    expect(again.status).toBe(0);
  });

  it('makes a missing path a usage error naming it (exit 2)', () => {
    const r = lintCase({}, ['good.yaml', 'nope/']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope/');
  });

  it('reads only regular files: a vanished file or a pipe is a finding', () => {
    expect(readSource(join(root, 'vanished.yaml'))).toMatchObject({
      ok: false,
      finding: { message: 'cannot read file (ENOENT)' },
    });
    const fifo = join(root, 'pipe.yaml');
    spawnSync('mkfifo', [fifo]);
    expect(readSource(fifo)).toMatchObject({
      ok: false,
      finding: { message: expect.stringContaining('not a regular file') as string },
    });
  });

  it('handles complex keys, __proto__ keys and non-string keys', () => {
    const r = lintCase({
      'complex.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n? [a, b]\n: x\n',
      'proto.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\n  labels: {__proto__: x, 1: one, true: yes}\n',
    });
    expect(
      r.findings.filter((f) => f.file === 'complex.yaml').map((f) => [f.ruleId, f.range.start.line]),
    ).toEqual([['yaml-syntax', 4]]);
    // `yes` is a boolean to Kubernetes (YAML 1.1), and label values must be strings; `__proto__` is
    // a plain key (not a prototype), and not a valid label key (it must start alphanumeric).
    expect(r.findings.filter((f) => f.file === 'proto.yaml').map((f) => f.message)).toEqual([
      expect.stringContaining('label key "__proto__" is not a valid qualified name') as string,
      'metadata.labels.true must be a string, got the boolean true',
    ]);
    expectGoodStillLinted(r.findings);
  });
});
