import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { TABLE_END, TABLE_START } from '../scripts/docs.js';
import { allRuleInfos, loadConfigFile } from '../src/engine/index.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'kubelint.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'kubelint-cfgcli-'));

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

describe('kubelint init', () => {
  it('writes a starter config that validates, documents every field and lints clean; refuses to overwrite', () => {
    const dir = tmp();
    const first = run(['init'], dir);
    expect(first).toMatchObject({ code: 0, stdout: 'wrote .kubelint.yaml\n' });
    const path = join(dir, '.kubelint.yaml');
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('# yaml-language-server: $schema=');
    for (const field of ['extends', 'kubernetesVersion', 'schemaDirs', 'rules', 'ignore', 'policies'])
      expect(text).toMatch(new RegExp(`^#? ?${field}:`, 'm'));
    expect(loadConfigFile(path, allRuleInfos(builtinRules)).presets).toEqual(['recommended']);
    // The starter lints clean: the manifest's findings are the same as with no config at all.
    writeFileSync(join(dir, 'deploy.yaml'), DEPLOYMENT);
    const lint = run(['--format', 'json'], dir);
    expect(lint.code).toBe(0);
    expect(JSON.parse(lint.stdout)).toEqual([]);

    writeFileSync(path, 'rules: {}\n');
    const again = run(['init'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('.kubelint.yaml already exists; use --force to overwrite it');
    expect(readFileSync(path, 'utf8')).toBe('rules: {}\n');
    expect(run(['init', '--force'], dir).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});

describe('kubelint rules', () => {
  it('prints the README rules table with --format markdown', () => {
    const r = run(['rules', '--format', 'markdown'], tmp());
    expect(r.code).toBe(0);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = readme.slice(
      readme.indexOf(TABLE_START) + TABLE_START.length + 1,
      readme.indexOf(TABLE_END),
    );
    expect(r.stdout).toBe(block);
    expect(r.stdout).toContain(
      '| [`duplicate-container-name`](rules/duplicate-container-name/README.md) | correctness | error | recommended, strict |',
    );
  });

  it('shows which rules are on under the resolved config, or --config', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'strict.yaml'),
      'extends: [strict]\nrules:\n  duplicate-container-name: warning\n',
    );
    writeFileSync(join(dir, '.kubelint.yaml'), 'rules:\n  duplicate-container-name: off\n');
    const near = run(['rules'], dir);
    expect(near.stdout).toMatch(/^duplicate-container-name +off +correctness/m);
    expect(near.stderr).toMatch(/rules on under \.kubelint\.yaml; presets: recommended\n$/);
    const strict = run(['rules', '--config', 'strict.yaml'], dir);
    expect(strict.stdout).toMatch(/^duplicate-container-name +warning +correctness/m);
    expect(strict.stdout).not.toMatch(/^\S+ +off /m);
    expect(strict.stderr).toContain('presets: strict');
  });

  it('explains a custom policy of the config, and rejects an id that is neither', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, '.kubelint.yaml'),
      'policies:\n  - id: team-label\n    severity: error\n    match: {kinds: [Deployment]}\n    assert: metadata.labels?.team != null\n    message: no team label\n',
    );
    const r = run(['explain', 'team-label'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# team-label\n\nCustom policy declared in .kubelint.yaml.');
    expect(r.stdout).toContain('- Severity: error\n- Kinds: Deployment');
    expect(r.stdout).toContain('```js\nmetadata.labels?.team != null\n```');
    const unknown = run(['explain', 'nope'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown rule or policy "nope"');
  });
});
