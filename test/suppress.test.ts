import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintTexts } from '../src/index.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'kubelint.js');

const lint = (text: string, reportUnusedDisable = false) =>
  lintTexts([{ path: 's.yaml', text }], { reportUnusedDisable });
const active = (text: string, unused = false) =>
  lint(text, unused).findings.map((f) => [f.ruleId, f.range.start.line]);

const POD = (containers: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: p
${extra}spec:
  containers:
${containers}`;

describe('inline suppressions', () => {
  it('disable-next-line silences the named rules on the next line only, keeping the finding as suppressed', () => {
    const text = POD(`    - name: a
      # kubelint-disable-next-line latest-tag-implicit-pull -- pinned by the registry mirror
      image: nginx
    - name: b
      image: redis
`);
    expect(active(text)).toEqual([['latest-tag-implicit-pull', 11]]);
    const [suppressed] = lint(text).suppressed;
    expect(suppressed).toMatchObject({
      ruleId: 'latest-tag-implicit-pull',
      range: { start: { line: 9 } },
      suppressed: { source: 'comment', justification: 'pinned by the registry mirror' },
    });
  });

  it('a trailing comment works too, and no rule id means every rule', () => {
    const text = POD(`    - {name: a, image: nginx} # kubelint-disable-next-line
    - {name: a, image: nginx}
`);
    // Line 7's finding is on the comment's own line; line 8's (two rules) are silenced.
    expect(active(text)).toEqual([['latest-tag-implicit-pull', 7]]);
  });

  it('disable … enable blocks, per rule or for all, and disable-file', () => {
    const text = POD(`    # kubelint-disable latest-tag-implicit-pull
    - {name: a, image: nginx}
    - {name: a, image: redis}
    # kubelint-enable latest-tag-implicit-pull
    - {name: c, image: httpd}
`);
    expect(active(text)).toEqual([
      ['duplicate-container-name', 9],
      ['latest-tag-implicit-pull', 11],
    ]);
    expect(active(`# kubelint-disable-file latest-tag-implicit-pull\n${text}`)).toEqual([
      ['duplicate-container-name', 10],
    ]);
    expect(active(`# kubelint-disable-file\n${text}`)).toEqual([]);
  });

  it('the kubelint.dev/ignore annotation silences rules for that resource only', () => {
    const text = `${POD('    - {name: a, image: nginx}\n', '  annotations:\n    kubelint.dev/ignore: "latest-tag-implicit-pull, nope"\n')}---\n${POD('    - {name: b, image: nginx}\n')}`;
    const result = lint(text);
    expect(result.findings.map((f) => [f.ruleId, f.range.start.line])).toEqual([
      ['suppression-unknown-rule', 6],
      ['latest-tag-implicit-pull', 17],
    ]);
    expect(result.suppressed.map((f) => [f.ruleId, f.suppressed?.source])).toEqual([
      ['latest-tag-implicit-pull', 'annotation'],
    ]);
  });

  it('reports unknown rule ids in comments, and unused suppressions when asked', () => {
    const text = POD(`    # kubelint-disable-next-line latest-tag-implict-pull
    - {name: a, image: "nginx:1.27"}
`);
    expect(active(text)).toEqual([['suppression-unknown-rule', 7]]);
    expect(active(text, true)).toEqual([
      ['suppression-unknown-rule', 7],
      ['unused-suppression', 7],
    ]);
  });

  it('suppressed findings do not fail the run; SARIF carries them with --include-suppressed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelint-suppress-'));
    const job = [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata: {name: j}',
      'spec:',
      '  template:',
      '    spec:',
      '      # kubelint-disable-next-line job-restart-policy-always -- migrated next sprint',
      '      restartPolicy: Always',
      '      containers: [{name: a, image: "busybox:1.36", command: ["true"]}]',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'job.yaml'), job);
    const run = (args: string[]) =>
      spawnSync(process.execPath, [BIN, 'job.yaml', ...args], { cwd: dir, encoding: 'utf8' });
    expect(run([]).status).toBe(0);
    const sarif = JSON.parse(run(['--format', 'sarif', '--include-suppressed']).stdout) as {
      runs: { results: { ruleId: string; suppressions?: { kind: string; justification?: string }[] }[] }[];
    };
    expect(
      sarif.runs[0]?.results.find((r) => r.ruleId === 'job-restart-policy-always')?.suppressions,
    ).toEqual([{ kind: 'inSource', justification: 'migrated next sprint' }]);
    const plain = JSON.parse(run(['--format', 'sarif']).stdout) as { runs: { results: unknown[] }[] };
    expect(plain.runs[0]?.results).toEqual([]);
  });
});
