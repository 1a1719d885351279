import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/load/types.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'kubelint.js');

function run(args: string[], options: { cwd: string; input?: string; env?: Record<string, string> }) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CLEAN = `apiVersion: v1
kind: Pod
metadata: {name: clean}
spec:
  containers:
    - name: app
      image: nginx:1.27
`;
const WARN_ONLY = `apiVersion: v1
kind: Pod
metadata: {name: warn}
spec:
  containers:
    - name: app
      image: nginx
`;
const ERRORS = `apiVersion: batch/v1
kind: Job
metadata: {name: job}
spec:
  template:
    spec:
      restartPolicy: Always
      containers:
        - {name: app, image: "busybox:1.36"}
        - {name: app, image: "busybox:1.36"}
`;

let dir: string;
function write(rel: string, text: string): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelint-cli-'));
  write('clean/pod.yaml', CLEAN);
  write('warn/pod.yaml', WARN_ONLY);
  write('errors/job.yaml', ERRORS);
  write('broken/a-broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: [oops\n');
  write('broken/b-job.yml', ERRORS);
  write('configured/.kubelint.yaml', 'rules:\n  latest-tag-implicit-pull: error\n');
  write('configured/nested/pod.yaml', WARN_ONLY);
  write('bad-config/.kubelint.yaml', 'rules:\n  no-such-rule: error\n');
  write('bad-config/pod.yaml', CLEAN);
});

describe('kubelint CLI (built binary)', () => {
  it('exits 0 and prints nothing for clean manifests', () => {
    const r = run(['clean'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });

  it('exits 1 with stylish output on errors, without colour when not a terminal', () => {
    const r = run(['errors'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('errors/job.yaml');
    expect(r.stdout).toMatch(
      /^ {2}7:22 +error +Job pod template has restartPolicy "Always".* job-restart-policy-always$/m,
    );
    expect(r.stdout).toMatch(/^ {2}10:18 +error .* duplicate-container-name$/m);
    expect(r.stdout).toContain('✖ 2 problems (2 errors, 0 warnings, 0 infos)');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('colours output with --color', () => {
    expect(run(['errors', '--color'], { cwd: dir }).stdout).toContain('\u001b[');
  });

  it('emits findings as JSON with file, range, rule, severity, message and path', () => {
    const r = run(['errors', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout) as Finding[];
    expect(findings.map((f) => f.ruleId)).toEqual(['job-restart-policy-always', 'duplicate-container-name']);
    expect(findings[1]).toMatchObject({
      severity: 'error',
      file: join('errors', 'job.yaml'),
      path: ['spec', 'template', 'spec', 'containers', 1, 'name'],
      range: { start: { line: 10, column: 18 }, end: { line: 10, column: 21 } },
      resource: { apiVersion: 'batch/v1', kind: 'Job', name: 'job' },
      related: [{ message: '"app" first used here', range: { start: { line: 9, column: 18 } } }],
    });
  });

  it('exits 0 on warnings only, and 1 when they exceed --max-warnings', () => {
    expect(run(['warn'], { cwd: dir }).code).toBe(0);
    expect(run(['warn', '--max-warnings', '1'], { cwd: dir }).code).toBe(0);
    const r = run(['warn', '--max-warnings', '0'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('too many warnings (maximum: 0, found: 1)');
  });

  it('reports only errors with --quiet', () => {
    const r = run(['warn', 'errors', '--quiet', '--format', 'json'], { cwd: dir });
    const findings = JSON.parse(r.stdout) as Finding[];
    expect(findings.every((f) => f.severity === 'error')).toBe(true);
    expect(findings).toHaveLength(2);
  });

  it('lints stdin with -', () => {
    const r = run(['-', '--format', 'json'], { cwd: dir, input: WARN_ONLY });
    expect(r.code).toBe(0);
    const findings = JSON.parse(r.stdout) as Finding[];
    expect(findings).toMatchObject([
      { ruleId: 'latest-tag-implicit-pull', file: '<stdin>', range: { start: { line: 7, column: 14 } } },
    ]);
    const named = run(['-', '--stdin-filename', 'deploy/pod.yaml', '--format', 'json'], {
      cwd: dir,
      input: WARN_ONLY,
    });
    expect((JSON.parse(named.stdout) as Finding[])[0]?.file).toBe('deploy/pod.yaml');
  });

  it('reports a YAML syntax error with its position and still lints the other files', () => {
    const r = run(['broken', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout) as Finding[];
    expect(findings[0]).toMatchObject({
      ruleId: 'yaml-syntax',
      file: join('broken', 'a-broken.yaml'),
      range: { start: { line: 4 } },
    });
    expect(findings.filter((f) => f.file === join('broken', 'b-job.yml')).map((f) => f.ruleId)).toEqual([
      'job-restart-policy-always',
      'duplicate-container-name',
    ]);
  });

  it('applies --rule overrides', () => {
    expect(
      run(
        ['errors', '--rule', 'job-restart-policy-always:off', '--rule', 'duplicate-container-name:warning'],
        { cwd: dir },
      ).code,
    ).toBe(0);
    expect(run(['warn', '--rule', 'latest-tag-implicit-pull:error'], { cwd: dir }).code).toBe(1);
  });

  it('finds the nearest .kubelint.yaml upward from each file', () => {
    const r = run(['configured', 'warn', '--format', 'json'], { cwd: dir });
    const findings = JSON.parse(r.stdout) as Finding[];
    expect(findings.map((f) => [f.file, f.severity])).toEqual([
      [join('configured', 'nested', 'pod.yaml'), 'error'],
      [join('warn', 'pod.yaml'), 'warning'],
    ]);
    expect(r.code).toBe(1);
  });

  it('uses --config instead of searching', () => {
    expect(run(['warn', '--config', 'configured/.kubelint.yaml'], { cwd: dir }).code).toBe(1);
  });

  it('exits 2 with the config position on a bad config', () => {
    const r = run(['bad-config'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${join(dir, 'bad-config', '.kubelint.yaml')}:2:3: unknown rule "no-such-rule" (config-unknown-rule)`,
    );
  });

  it('exits 2 on usage errors and missing paths, naming them', () => {
    expect(run(['--format', 'xml', 'clean'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown --format "xml"') as string,
    });
    expect(run(['--bogus'], { cwd: dir }).code).toBe(2);
    expect(run(['nope.yaml'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('nope.yaml') as string,
    });
    expect(run(['--max-warnings', 'x', 'clean'], { cwd: dir }).code).toBe(2);
  });

  it('accepts globs and --ignore', () => {
    const r = run(['**/pod.yaml', '--ignore', 'configured', '--ignore', 'bad-config', '--format', 'json'], {
      cwd: dir,
    });
    const files = new Set((JSON.parse(r.stdout) as Finding[]).map((f) => f.file));
    expect([...files]).toEqual([join('warn', 'pod.yaml')]);
  });

  it('writes the report to --output', () => {
    const r = run(['errors', '--format', 'json', '--output', 'report.json'], { cwd: dir });
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toHaveLength(2);
  });

  it('lists rules and explains one', () => {
    const rules = run(['rules'], { cwd: dir });
    expect(rules.code).toBe(0);
    expect(rules.stdout).toMatch(/^duplicate-container-name +error +correctness/m);
    const explain = run(['explain', 'probe-port-not-exposed'], { cwd: dir });
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('# probe-port-not-exposed');
    expect(explain.stdout).toContain('## How to fix');
    expect(run(['explain', 'nope'], { cwd: dir }).code).toBe(2);
  });
});
