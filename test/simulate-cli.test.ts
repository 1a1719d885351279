import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

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

const CRASH = `apiVersion: v1
kind: Pod
metadata: {name: crash, namespace: jobs}
spec:
  containers:
  - {name: c, image: "busybox:1.36", command: ["echo", "SUCCESS"]}
`;
const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{containerPort: 80}]
        readinessProbe: {httpGet: {path: /, port: 80}}
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelint-sim-'));
  writeFileSync(join(dir, 'crash.yaml'), CRASH);
  writeFileSync(join(dir, 'web.yaml'), WEB);
});

describe('kubelint simulate (built binary)', () => {
  it('prints a timeline per pod template and the steady state, exiting 1 when a pod is predicted to fail', () => {
    const r = run(['simulate', 'crash.yaml', 'web.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Pod/crash -n jobs  crash.yaml:2');
    expect(r.stdout).toMatch(/^ {2}10s +Running +c +restarted \(restart #1\)$/m);
    expect(r.stdout).toContain('⇒ CrashLoopBackOff: "c" keeps exiting and being restarted');
    expect(r.stdout).toContain('Deployment/web  web.yaml:2');
    expect(r.stdout).toContain('⇒ Running and Ready');
  });

  it('exits 0 when every pod reaches a good steady state', () => {
    expect(run(['simulate', 'web.yaml'], dir).code).toBe(0);
  });

  it('gives the same as JSON, from stdin, with --horizon', () => {
    const r = run(['simulate', '-', '--format', 'json', '--horizon', '1m'], dir, CRASH);
    const [sim] = JSON.parse(r.stdout) as {
      outcome: { status: string };
      events: { t: number }[];
      facts: { id: string }[];
    }[];
    expect(sim?.outcome.status).toBe('CrashLoopBackOff');
    expect(Math.max(...(sim?.events.map((e) => e.t) ?? []))).toBeLessThanOrEqual(60);
    expect(sim?.facts.map((f) => f.id)).toEqual(['crashloop-exits-immediately']);
  });

  it('rejects formats it cannot print and bad durations', () => {
    expect(run(['simulate', 'web.yaml', '--format', 'sarif'], dir).code).toBe(2);
    expect(run(['simulate', 'web.yaml', '--horizon', 'soon'], dir).code).toBe(2);
  });
});
