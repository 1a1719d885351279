import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../src/load/types.js';
import { parseBaseline } from '../src/report/baseline.js';
import { fingerprintFindings } from '../src/report/fingerprint.js';
import { escapeData, escapeProperty, formatGithub } from '../src/report/github.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'kubelint.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const JOB = `apiVersion: batch/v1
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
const LATEST = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
    - name: app
      image: nginx
`;
const CLEAN = `apiVersion: v1
kind: Pod
metadata: {name: clean}
spec:
  containers:
    - {name: app, image: "nginx:1.27"}
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelint-report-'));
});

function finding(over: Partial<Finding>): Finding {
  const pos = { line: 1, column: 1, offset: 0 };
  return {
    ruleId: 'r',
    severity: 'error',
    message: 'm',
    file: 'a.yaml',
    range: { start: pos, end: pos },
    path: [],
    ...over,
  };
}

describe('--format github', () => {
  it('escapes message data and property values as the runner unescapes them', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('dir: a,b/100%.yaml')).toBe('dir%3A a%2Cb/100%25.yaml');
    const out = formatGithub([
      finding({
        file: 'we,ird:dir/pod.yaml',
        severity: 'info',
        message: 'line one\nline two %',
        range: {
          start: { line: 3, column: 5, offset: 20 },
          end: { line: 4, column: 2, offset: 30 },
        },
      }),
    ]);
    expect(out).toBe(
      '::notice file=we%2Cird%3Adir/pod.yaml,line=3,col=5,endLine=4,endColumn=2,title=r::line one%0Aline two %25\n',
    );
  });

  it('prints one workflow command per finding, with related locations in the message', () => {
    writeFileSync(join(dir, 'job.yaml'), JOB);
    writeFileSync(join(dir, 'pod.yaml'), LATEST('web'));
    const r = run(['.', '--format', 'github'], dir);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    const of = (rule: string) => lines.find((l) => l.includes(`title=${rule}::`));
    expect(of('job-restart-policy-always')).toMatch(
      /^::error file=job\.yaml,line=7,col=22,endLine=7,endColumn=28,title=job-restart-policy-always::Job pod template has restartPolicy "Always"/,
    );
    // Related locations follow the message on their own lines (%0A).
    expect(of('duplicate-container-name')).toMatch(
      /^::error file=job\.yaml,line=10,col=18,endLine=10,endColumn=21,title=duplicate-container-name::[^\n%]*"app"[^\n%]*%0Ajob\.yaml:9:18: "app" first used here$/,
    );
    expect(of('latest-tag-implicit-pull')).toMatch(
      /^::warning file=pod\.yaml,line=7,col=14,endLine=7,endColumn=19,title=latest-tag-implicit-pull::/,
    );
    expect(lines.every((l) => l.startsWith('::'))).toBe(true);
  });
});

/** A minimal XML well-formedness check for the subset the JUnit writer emits. */
function checkXml(text: string): void {
  const stack: string[] = [];
  const body = text.replace(/^<\?xml[^?]*\?>\n/, '');
  for (const m of body.matchAll(/<(\/?)([A-Za-z-]+)((?:\s+[a-z]+="[^"<]*")*)\s*(\/?)>|([^<]+)/g)) {
    if (m[5] !== undefined) {
      expect(m[5]).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
      continue;
    }
    if (m[1]) expect(stack.pop()).toBe(m[2]);
    else if (!m[4]) stack.push(m[2]!);
  }
  expect(stack).toEqual([]);
  expect(body.replace(/<(\/?)([A-Za-z-]+)((?:\s+[a-z]+="[^"<]*")*)\s*(\/?)>|[^<]+/g, '')).toBe('');
}

describe('--format junit', () => {
  it('writes a suite per file and a test case per file × rule, failing with the findings', () => {
    writeFileSync(join(dir, 'job.yaml'), JOB);
    writeFileSync(join(dir, 'clean.yaml'), CLEAN);
    writeFileSync(join(dir, 'settings.yaml'), 'replicas: 3\n');
    // settings.yaml is named explicitly: a directory walk skips non-manifests quietly.
    const r = run(['.', 'settings.yaml', '--format', 'junit'], dir);
    expect(r.code).toBe(1);
    checkXml(r.stdout);
    const rules = run(['rules'], dir)
      .stdout.split('\n')
      .slice(1)
      .filter((l) => l && !/\boff\b/.test(l.split(/\s+/)[1] ?? 'off')).length;
    const failing = new Set(
      (JSON.parse(run(['.', 'settings.yaml', '--format', 'json'], dir).stdout) as Finding[])
        .filter((f) => f.severity !== 'info')
        .map((f) => `${f.file} ${f.ruleId}`),
    ).size;
    expect(failing).toBeGreaterThanOrEqual(2);
    expect(r.stdout).toContain(
      `<testsuites name="kubelint" tests="${3 * rules}" failures="${failing}" errors="0">`,
    );
    expect(r.stdout).toContain(
      `<testsuite name="job.yaml" tests="${rules}" failures="${failing}" errors="0" skipped="0">`,
    );
    expect(r.stdout).toMatch(
      /<testcase classname="job.yaml" name="duplicate-container-name" file="job.yaml">\n {6}<failure message="1 problem" type="error">job.yaml:10:18: error: [^<]*&quot;app&quot;[^<]*\(duplicate-container-name\)<\/failure>/,
    );
    expect(r.stdout).toContain(
      '<testcase classname="clean.yaml" name="duplicate-container-name" file="clean.yaml"/>',
    );
    // An info is printed with its test case, which passes.
    expect(r.stdout).toMatch(
      /<testcase classname="settings.yaml" name="not-a-manifest" file="settings.yaml">\n {6}<system-out>settings.yaml:1:1: info: /,
    );
  });

  it('escapes XML and drops characters XML cannot carry', async () => {
    const { formatJunit } = await import('../src/report/junit.js');
    const out = formatJunit([finding({ file: 'a&b.yaml', message: '<x> "q" \u001b[31m\'s' })], {
      color: false,
      cwd: dir,
      files: [],
      rules: [],
      fingerprints: new Map(),
      tool: { name: 'kubelint', version: '0', informationUri: '' },
      docsOf: () => ({ markdown: '', uri: '' }),
    });
    checkXml(out);
    expect(out).toContain('a&amp;b.yaml:1:1: error: &lt;x&gt; &quot;q&quot; [31m&apos;s (r)');
  });
});

describe('fingerprints and baselines', () => {
  it('fingerprints ignore line numbers and message wording but not the resource or path', () => {
    const resource = { apiVersion: 'v1', kind: 'Pod', name: 'web' };
    const a = finding({ resource, path: ['spec', 'containers', 0, 'image'] });
    const moved = finding({
      resource,
      path: ['spec', 'containers', 0, 'image'],
      message: 'reworded',
      range: { start: { line: 9, column: 3, offset: 90 }, end: { line: 9, column: 8, offset: 95 } },
    });
    const other = finding({ resource: { ...resource, name: 'api' }, path: a.path });
    const fp = (f: Finding) => fingerprintFindings([f]).get(f);
    expect(fp(moved)).toBe(fp(a));
    expect(fp(other)).not.toBe(fp(a));
    expect(fp(finding({ ...a, path: ['spec'] }))).not.toBe(fp(a));
    expect(fp(finding({ ...a, file: 'b.yaml' }))).not.toBe(fp(a));
    const twice = fingerprintFindings([a, { ...a }]);
    expect(new Set(twice.values()).size).toBe(2);
  });

  it('adds a fingerprint to every finding of the JSON report', () => {
    writeFileSync(join(dir, 'job.yaml'), JOB);
    const findings = JSON.parse(run(['.', '--format', 'json'], dir).stdout) as (Finding & {
      fingerprint: string;
    })[];
    expect(findings).toHaveLength(2);
    for (const f of findings) expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('--write-baseline records the findings; --baseline reports only new ones', () => {
    writeFileSync(join(dir, 'job.yaml'), JOB);
    writeFileSync(join(dir, 'web.yaml'), LATEST('web'));
    const written = run(['.', '--write-baseline', 'baseline.json'], dir);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain('wrote a baseline of 3 findings to baseline.json');
    expect(written.stdout).toContain('3 problems');
    expect(parseBaseline(readFileSync(join(dir, 'baseline.json'), 'utf8')).size).toBe(3);

    expect(run(['.', '--baseline', 'baseline.json'], dir)).toMatchObject({ code: 0, stdout: '' });
    // Lines move: still known.
    writeFileSync(join(dir, 'job.yaml'), `# moved down\n\n${JOB}`);
    expect(run(['.', '--baseline', 'baseline.json'], dir)).toMatchObject({ code: 0, stdout: '' });
    // A new problem is reported, and gates.
    writeFileSync(join(dir, 'api.yaml'), JOB.replace('name: job', 'name: api'));
    const r = run(['.', '--baseline', 'baseline.json', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Finding[]).map((f) => [f.file, f.ruleId])).toEqual([
      ['api.yaml', 'job-restart-policy-always'],
      ['api.yaml', 'duplicate-container-name'],
    ]);
  });

  it('accepts a SARIF report or a plain JSON report as the baseline', () => {
    writeFileSync(join(dir, 'job.yaml'), JOB);
    run(['.', '--format', 'sarif', '--output', 'base.sarif'], dir);
    expect(run(['.', '--baseline', 'base.sarif'], dir)).toMatchObject({ code: 0, stdout: '' });
    // A JSON report without fingerprint fields (an older kubelint) gets them recomputed.
    const plain = (JSON.parse(run(['.', '--format', 'json'], dir).stdout) as Record<string, unknown>[]).map(
      (f) => Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'fingerprint')),
    );
    writeFileSync(join(dir, 'plain.json'), JSON.stringify(plain));
    expect(run(['.', '--baseline', 'plain.json'], dir)).toMatchObject({ code: 0, stdout: '' });
  });

  it('exits 2 on a missing or malformed baseline', () => {
    writeFileSync(join(dir, 'job.yaml'), JOB);
    writeFileSync(join(dir, 'bad.json'), '{"not": "a report"}');
    expect(run(['.', '--baseline', 'nope.json'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('cannot read --baseline nope.json') as string,
    });
    expect(run(['.', '--baseline', 'bad.json'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--baseline bad.json: expected a kubelint JSON report') as string,
    });
  });
});
