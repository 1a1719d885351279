import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/corpus.js';
// The built package: worker threads run dist/src/engine/lint-worker.js (`npm test` builds first);
// the CLI runs the bundle's (dist/src/bundle/lint-worker.js).
import { builtinRules, lint } from '../dist/src/index.js';

const ROOT = join(import.meta.dirname, '..');
const WORKER = new URL('../dist/src/cli/lint-worker.js', import.meta.url);

// Cross-resource findings that span files: the Service and the budget in the first file, the
// Deployment they select in the last, so with workers they sit in different threads' shares.
const FRONT = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 8081
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: web
`;

const BACK = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:latest
          ports:
            - containerPort: 8080
---
apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      restartPolicy: Always
      containers:
        - name: once
          image: busybox
`;

/** The two files above around generated files (3% invalid documents). */
function writeRun(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelint-parallel-'));
  writeFileSync(join(dir, 'a-front.yaml'), FRONT);
  writeFileSync(join(dir, 'z-back.yaml'), BACK);
  for (const f of generateCorpus({ files: 24, docsPerFile: 10, seed: 5, invalidRate: 0.1 })) {
    mkdirSync(join(dir, 'm', f.path, '..'), { recursive: true });
    writeFileSync(join(dir, 'm', f.path), f.text);
  }
  return dir;
}

function run(dir: string, threads: number): ReturnType<typeof lint> {
  return lint([dir], { cwd: dir, concurrency: threads });
}

describe('worker threads', () => {
  it('give the findings of a one-thread run, in the same order', () => {
    const dir = writeRun();
    const one = run(dir, 1);
    expect(one.findings.length).toBeGreaterThan(20);
    // Related locations in another file (another thread's share) are located too.
    const across = one.findings.filter((f) => f.related?.some((r) => r.file !== f.file));
    expect(across.map((f) => f.ruleId).sort()).toEqual([
      'pdb-blocks-eviction',
      'service-target-port-not-exposed',
    ]);
    for (const threads of [2, 4]) expect(run(dir, threads)).toEqual(one);
  });

  it('give the CLI the same JSON report, fixes included (lazy fixes cross threads as data)', () => {
    const dir = writeRun();
    const cli = (concurrency: string): { status: number | null; stdout: string } => {
      const args = [join(ROOT, 'bin', 'kubelint.js'), '--format', 'json', '--concurrency', concurrency, '.'];
      const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout };
    };
    const one = cli('off');
    const report = JSON.parse(one.stdout) as { fix?: { edits: unknown[] } }[];
    expect(report.filter((f) => f.fix && f.fix.edits.length > 0).length).toBeGreaterThanOrEqual(2);
    expect(cli('2')).toEqual(one);
    expect(cli('nine')).toEqual({ status: 2, stdout: '' });
  });

  it('run only the built-in rules: other rules are refused, not silently swapped', () => {
    const dir = writeRun();
    const own = builtinRules.filter((r) => r.id !== 'duplicate-container-name');
    expect(() => lint([dir], { cwd: dir, rules: own, workerScript: WORKER, concurrency: 2 })).toThrow(
      /built-in rules only/,
    );
    // Without a worker script, any rules run on one thread.
    expect(lint([dir], { cwd: dir, rules: own }).findings.length).toBeGreaterThan(20);
  });

  it('start workers without the parent process flags (under node -e they would run its code again)', () => {
    const dir = writeRun();
    const code = `const { lint } = await import(${JSON.stringify(new URL('../dist/src/index.js', import.meta.url).href)});
      const r = lint(['.'], { concurrency: 2 });
      console.log(r.files.length, r.findings.length);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`${run(dir, 1).files.length} ${run(dir, 1).findings.length}`);
  });
});
