import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { lintWithFixes, runFixes } from '../src/cli/fix.js';
import { builtinRules, defineRule } from '../src/index.js';
import { compatibleFixes } from '../src/fix/index.js';
import type { Fix } from '../src/load/types.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'kubelint.js');

function run(args: string[], cwd: string, input = '') {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A multi-document file with comments everywhere: fixes must not disturb any of them. */
const COMMENTED = `# kubelint --fix keeps this header
# and this one

--- # first document: a Job without restartPolicy
apiVersion: batch/v1 # batch
kind: Job
metadata:
  name: migrate   # db migration
  labels: {app: db, tier: "backend"}   # flow style stays flow
spec:
  backoffLimit: 2 # retries
  template:
    metadata:
      annotations:
        note: 'single-quoted, stays'
    spec: # the pod
      # containers follow
      containers:
          # an indented comment
        - name: migrate # the only container
          image: "ghcr.io/acme/migrate:1.4.2"   # pinned
          command:
            - /bin/migrate
            - --up   # all the way


          env:   # environment
            - {name: DSN, value: "postgres://db:5432/app"}
      # end of the pod spec
    # end of the template
...
# between documents
---
# second document: a Pod whose image moves
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
  - name: web
    image: nginx # no tag
    ports: [{containerPort: 80}]   # flow
# the end
`;

const COMMENTED_FIXED = COMMENTED.replace(
  `            - {name: DSN, value: "postgres://db:5432/app"}\n`,
  `            - {name: DSN, value: "postgres://db:5432/app"}\n      restartPolicy: Never\n`,
).replace('    image: nginx # no tag\n', '    image: nginx # no tag\n    imagePullPolicy: Always\n');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelint-fix-'));
});

// Each test spawns the built CLI a few times; on a loaded machine that takes a while.
const SPAWNS = { timeout: 120_000 };

describe('kubelint --fix', SPAWNS, () => {
  it('fixes a commented multi-document file byte for byte outside the fixes, and is idempotent', () => {
    writeFileSync(join(dir, 'app.yaml'), COMMENTED);
    expect(run(['app.yaml'], dir).code).toBe(1);
    const first = run(['--fix', 'app.yaml'], dir);
    expect(readFileSync(join(dir, 'app.yaml'), 'utf8')).toBe(COMMENTED_FIXED);
    expect(first.stderr).toContain('applied 2 fixes to 1 file');
    // Nothing is left to report: the exit code is that of the fixed state.
    expect(first).toMatchObject({ code: 0, stdout: '' });
    const second = run(['--fix', 'app.yaml'], dir);
    expect(second).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'app.yaml'), 'utf8')).toBe(COMMENTED_FIXED);
  });

  it('keeps CRLF line ends and a byte order mark', () => {
    const crlf = `\uFEFF${COMMENTED.replaceAll('\n', '\r\n')}`;
    writeFileSync(join(dir, 'app.yaml'), crlf);
    expect(run(['--fix', 'app.yaml'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'app.yaml'), 'utf8')).toBe(
      `\uFEFF${COMMENTED_FIXED.replaceAll('\n', '\r\n')}`,
    );
  });

  it('applies overlapping fixes over several passes', () => {
    // Both fixes insert at the end of the image line: one waits for the next pass.
    const job = `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      containers:
        - name: a
          args: [echo]
          image: busybox
`;
    writeFileSync(join(dir, 'job.yaml'), job);
    const outcome = lintWithFixes(['job.yaml'], { rules: builtinRules, cwd: dir });
    expect(outcome.passes).toBe(3);
    expect(outcome.fixed[0]?.after).toBe(
      `${job}          imagePullPolicy: Always\n      restartPolicy: Never\n`,
    );
    expect(outcome.result.findings).toEqual([]);
    expect(run(['--fix', 'job.yaml'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'job.yaml'), 'utf8')).toBe(outcome.fixed[0]?.after);
  });

  it('chooses fixes that neither overlap nor touch', () => {
    const at = (start: number, end: number): Fix => ({
      description: `${start}-${end}`,
      edits: [
        {
          range: {
            start: { line: 1, column: start + 1, offset: start },
            end: { line: 1, column: end + 1, offset: end },
          },
          newText: 'x',
        },
      ],
    });
    expect(
      compatibleFixes([at(5, 5), at(0, 3), at(3, 4), at(5, 9), at(10, 12)]).map((f) => f.description),
    ).toEqual(['0-3', '5-5', '10-12']);
  });

  it('never writes a file whose fixed text would no longer parse', () => {
    const breaker = defineRule({
      id: 'test-breaker',
      meta: { category: 'style', severity: 'error', recommended: true, description: 'Test rule' },
      check(doc, ctx) {
        const range = doc.locate(['metadata', 'name']);
        ctx.report({
          path: ['metadata', 'name'],
          message: 'broken on purpose',
          fix: { description: 'break it', edits: [{ range, newText: '[unclosed' }] },
        });
      },
    });
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n';
    writeFileSync(join(dir, 'cm.yaml'), text);
    const err: string[] = [];
    const { result, failed } = runFixes(['cm.yaml'], { rules: [breaker], cwd: dir }, 'write', {
      stdout: () => undefined,
      stderr: (t) => err.push(t),
      cwd: dir,
    });
    expect(failed).toBe(false);
    expect(err.join('')).toBe('kubelint: not fixing cm.yaml: the fixed file would have new YAML errors\n');
    expect(readFileSync(join(dir, 'cm.yaml'), 'utf8')).toBe(text);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['test-breaker']);
  });

  it("writes atomically: keeps the mode, leaves no temporary file, replaces a symlink's target", () => {
    writeFileSync(join(dir, 'app.yaml'), COMMENTED);
    chmodSync(join(dir, 'app.yaml'), 0o640);
    symlinkSync('app.yaml', join(dir, 'link.yaml'));
    expect(run(['--fix', 'link.yaml'], dir).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['app.yaml', 'link.yaml']);
    expect(statSync(join(dir, 'app.yaml')).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(dir, 'app.yaml'), 'utf8')).toBe(COMMENTED_FIXED);
    expect(readFileSync(join(dir, 'link.yaml'), 'utf8')).toBe(COMMENTED_FIXED);
  });

  it('exits 1 after fixing only when errors remain', () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      containers:
        - {name: a, image: "busybox:1.36", args: [echo], ports: [{containerPort: 70000}]}
`;
    writeFileSync(join(dir, 'job.yaml'), job);
    const r = run(['--fix', 'job.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/port-out-of-range/);
    expect(r.stdout).not.toMatch(/job-restart-policy-always/);
  });
});

describe('kubelint --fix-dry-run', SPAWNS, () => {
  it('prints a unified diff that patch applies, and writes nothing', () => {
    writeFileSync(join(dir, 'app.yaml'), COMMENTED);
    const r = run(['--fix-dry-run', 'app.yaml'], dir);
    expect(readFileSync(join(dir, 'app.yaml'), 'utf8')).toBe(COMMENTED);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`--- a/app.yaml
+++ b/app.yaml
@@ -26,6 +26,7 @@
 
           env:   # environment
             - {name: DSN, value: "postgres://db:5432/app"}
+      restartPolicy: Never
       # end of the pod spec
     # end of the template
 ...
@@ -39,5 +40,6 @@
   containers:
   - name: web
     image: nginx # no tag
+    imagePullPolicy: Always
     ports: [{containerPort: 80}]   # flow
 # the end
`);
    writeFileSync(join(dir, 'fix.patch'), r.stdout);
    const patch = spawnSync('patch', ['-p1', '-i', 'fix.patch'], { cwd: dir, encoding: 'utf8' });
    expect(patch.status).toBe(0);
    expect(readFileSync(join(dir, 'app.yaml'), 'utf8')).toBe(COMMENTED_FIXED);
  });

  it('reports what would remain on stderr, with the exit code of the fixed state', () => {
    writeFileSync(
      join(dir, 'job.yaml'),
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: "busybox:1.36", args: [echo], ports: [{containerPort: 0}]}]\n',
    );
    const r = run(['--fix-dry-run', 'job.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('+++ b/job.yaml');
    expect(r.stderr).toMatch(/port-out-of-range/);
  });
});

describe('kubelint --fix with stdin', SPAWNS, () => {
  it('prints the fixed YAML on stdout and the report on stderr', () => {
    const r = run(['--fix', '-', '--stdin-filename', 'app.yaml'], dir, COMMENTED);
    expect(r).toMatchObject({ code: 0, stdout: COMMENTED_FIXED });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('prints unchanged input as it is', () => {
    const clean = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}   # fine\n';
    expect(run(['--fix', '-'], dir, clean)).toMatchObject({ code: 0, stdout: clean });
  });

  it('is only for lint', () => {
    expect(run(['simulate', '--fix', '-'], dir).code).toBe(2);
  });
});
