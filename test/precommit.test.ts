import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The hook as users run it: the real `pre-commit` (Debian package; .ci/run installs it) installs
// this repository with `language: node` (npm install, npm pack, npm install -g) and runs it on a
// good and a bad manifest in a throwaway git repository.
const ROOT = join(import.meta.dirname, '..');

const GOOD = `apiVersion: v1
kind: Pod
metadata: {name: good}
spec:
  containers:
    - {name: app, image: "nginx:1.27"}
`;
const BAD = `apiVersion: v1
kind: Pod
metadata: {name: bad}
spec:
  containers:
    - {name: app, image: "nginx:1.27"}
    - {name: app, image: "nginx:1.27"}
`;

const CRASHLOOP = `apiVersion: v1
kind: Pod
metadata: {name: worker}
spec:
  containers:
    - {name: worker, image: "busybox:1.36.1", command: [sh, -c, "echo done"]}
`;

function preCommitProblem(): string | undefined {
  const r = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    return `pre-commit is not installed (apt-get install pre-commit): ${r.error?.message ?? r.stderr}`;
  return undefined;
}

const skip = preCommitProblem();
if (skip) {
  if (process.env.CI === 'true') throw new Error(`CI=true but ${skip}`);
  console.warn(`SKIPPED pre-commit end-to-end test: ${skip}`);
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'kubelint test',
  GIT_AUTHOR_EMAIL: 'test@kubelint.invalid',
  GIT_COMMITTER_NAME: 'kubelint test',
  GIT_COMMITTER_EMAIL: 'test@kubelint.invalid',
};

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** `pre-commit try-repo <this repo> <hook> --files …` in `cwd`; each try-repo installs afresh. */
function tryRepo(
  cwd: string,
  files: string[],
  hook = 'kubelint',
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('pre-commit', ['try-repo', ROOT, hook, '--verbose', '--files', ...files], {
      cwd,
      env: {
        ...process.env,
        ...GIT_ENV,
        PRE_COMMIT_HOME: mkdtempSync(join(tmpdir(), 'pre-commit-home-')),
        NO_COLOR: '1',
      },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(skip !== undefined)('pre-commit hook (real pre-commit, try-repo)', () => {
  it('declares the kubelint hook for YAML files', () => {
    const hooks = readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
    expect(hooks).toMatch(/^- id: kubelint$/m);
    expect(hooks).toMatch(/^ {2}language: node$/m);
    expect(hooks).toMatch(/^ {2}files: \\\.\(ya\?ml\)\$$/m);
    expect(hooks).toMatch(/^ {2}types: \[yaml\]$/m);
    expect(hooks).toMatch(/^- id: kubelint-simulate\n(?: {2}.*\n)* {2}entry: kubelint simulate$/m);
  });

  it(
    'fails on a bad manifest with the finding shown, and passes a good one',
    { timeout: 600_000 },
    async () => {
      const repo = mkdtempSync(join(tmpdir(), 'kubelint-precommit-'));
      git(repo, 'init', '-q');
      writeFileSync(join(repo, 'good.yaml'), GOOD);
      writeFileSync(join(repo, 'bad.yaml'), BAD);
      writeFileSync(join(repo, 'notes.txt'), 'not yaml\n');
      writeFileSync(join(repo, 'crashloop.yaml'), CRASHLOOP);
      git(repo, 'add', '.');
      // Independent installs; run them side by side.
      const [bad, good, stuck] = await Promise.all([
        tryRepo(repo, ['good.yaml', 'bad.yaml', 'notes.txt']),
        tryRepo(repo, ['good.yaml', 'notes.txt']),
        tryRepo(repo, ['crashloop.yaml', 'good.yaml'], 'kubelint-simulate'),
      ]);
      expect(bad.code, bad.output).toBe(1);
      expect(bad.output).toMatch(/^kubelint\.+Failed$/m);
      expect(bad.output).toMatch(/^bad\.yaml$/m);
      expect(bad.output).toMatch(/^ {2}7:14 +error .*"app".* duplicate-container-name$/m);
      expect(bad.output).not.toMatch(/^good\.yaml$/m);
      expect(good.code, good.output).toBe(0);
      expect(good.output).toMatch(/^kubelint\.+Passed$/m);
      // kubelint-simulate: the pod that exits at once is predicted to crash-loop (exit codes of a
      // simulation where every pod runs are covered by simulate-cli.test.ts).
      expect(stuck.code, stuck.output).toBe(1);
      expect(stuck.output).toMatch(/^kubelint simulate\.+Failed$/m);
      expect(stuck.output).toMatch(/^Pod\/worker +crashloop\.yaml:2$/m);
      expect(stuck.output).toMatch(/CrashLoopBackOff: "worker" keeps exiting/);
    },
  );
});
