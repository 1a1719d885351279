import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { ConfigResolver, allRuleInfos, lintTexts } from '../src/engine/index.js';
import { configErrorOf as errorOf } from './helpers.js';

// `schemaDirs:` in a config: JSON Schema directories (kubeconform naming) relative to the config file.

const THING = `apiVersion: acme.io/v1alpha1
kind: Thing
metadata: {name: t}
spec:
  replicas: -1
`;

const schema = (maximum: number): string =>
  JSON.stringify({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        additionalProperties: false,
        properties: { replicas: { type: 'integer', minimum: 0, maximum } },
      },
    },
  });

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelint-schemadirs-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const BIN = join(import.meta.dirname, '..', 'bin', 'kubelint.js');

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('schemaDirs in the config', () => {
  it('resolves directories against the config file, and extended files against theirs', () => {
    const dir = tree({
      'org/kubelint.yaml': 'schemaDirs: [./org-schemas]\n',
      'org/org-schemas/.keep': '',
      'app/.kubelint.yaml': 'extends: [../org/kubelint.yaml]\nschemaDirs: [schemas, ../shared]\n',
      'app/schemas/.keep': '',
      'shared/.keep': '',
    });
    const config = new ConfigResolver(allRuleInfos(builtinRules)).forFile(join(dir, 'app', 'deep', 'x.yaml'));
    expect(config.schemaDirs).toEqual([
      join(dir, 'app', 'schemas'),
      join(dir, 'shared'),
      join(dir, 'org', 'org-schemas'),
    ]);
  });

  it('validates with the schemas of the directories the file’s config names (lintTexts, as the LSP)', () => {
    const dir = tree({
      'app/.kubelint.yaml': 'schemaDirs: [../schemas]\n',
      'schemas/thing-acme-v1alpha1.json': schema(10),
    });
    // The working directory is elsewhere: the config's own directory anchors the path.
    const result = lintTexts([{ path: join(dir, 'app', 'thing.yaml'), text: THING }], {
      rules: [],
      cwd: tmpdir(),
    });
    expect(
      result.findings.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.ruleId} ${f.message}`),
    ).toEqual(['5:13 schema-format spec.replicas must be at least 0, got the number -1']);
  });

  it('reports a directory that does not exist at its entry, also inside package.json', () => {
    const dir = tree({
      '.kubelint.yaml': 'rules: {}\nschemaDirs:\n  - ./schemas\n  - missing\n',
      'schemas/.keep': '',
    });
    const err = errorOf(() => new ConfigResolver(allRuleInfos(builtinRules)).forFile(join(dir, 'a.yaml')));
    expect(err).toMatchObject({
      code: 'config-invalid',
      file: join(dir, '.kubelint.yaml'),
      line: 4,
      column: 5,
    });
    expect(err.message).toBe(
      `schema directory "missing" is not a directory (resolved to ${join(dir, 'missing')})`,
    );
    const pkg = tree({ 'package.json': '{\n  "kubelint": {\n    "schemaDirs": ["nope"]\n  }\n}\n' });
    expect(
      errorOf(() => new ConfigResolver(allRuleInfos(builtinRules)).forFile(join(pkg, 'a.yaml'))),
    ).toMatchObject({ code: 'config-invalid', line: 3, column: 20 });
    const file = tree({ '.kubelint.yaml': 'schemaDirs: [a-file]\n', 'a-file': 'x' });
    expect(
      errorOf(() => new ConfigResolver(allRuleInfos(builtinRules)).forFile(join(file, 'a.yaml'))),
    ).toMatchObject({ code: 'config-invalid', line: 1, column: 14 });
  });

  it('rejects a value that is not a list of paths, at the value', () => {
    const dir = tree({ '.kubelint.yaml': 'schemaDirs: schemas\n' });
    const err = errorOf(() => new ConfigResolver(allRuleInfos(builtinRules)).forFile(join(dir, 'a.yaml')));
    expect(err).toMatchObject({ code: 'config-invalid', line: 1, column: 13 });
    expect(err.message).toBe('"schemaDirs" must be a list of directory paths');
  });
});

describe('kubelint with schemaDirs in the config (CLI)', () => {
  it('uses the config’s directories; --schema-dir adds to them and is searched first', () => {
    const dir = tree({
      'deploy/.kubelint.yaml': '# team config\nschemaDirs: [../schemas]\n',
      'deploy/thing.yaml': THING.replace('-1', '12'),
      'schemas/thing-acme-v1alpha1.json': schema(10),
      'override/thing-acme-v1alpha1.json': schema(5),
    });
    const lines = (stdout: string): string[] =>
      (
        JSON.parse(stdout) as {
          ruleId: string;
          message: string;
          range: { start: { line: number; column: number } };
        }[]
      )
        .filter((f) => f.ruleId.startsWith('schema'))
        .map((f) => `${f.range.start.line}:${f.range.start.column} ${f.ruleId} ${f.message}`);
    const fromConfig = run(['deploy/thing.yaml', '--format', 'json'], dir);
    expect(fromConfig.code).toBe(1);
    expect(lines(fromConfig.stdout)).toEqual([
      '5:13 schema-format spec.replicas must be at most 10, got the number 12',
    ]);
    const both = run(['deploy/thing.yaml', '--format', 'json', '--schema-dir', 'override'], dir);
    expect(lines(both.stdout)).toEqual([
      '5:13 schema-format spec.replicas must be at most 5, got the number 12',
    ]);
  });

  it('stops with exit code 2 and the config position when a directory is missing', () => {
    const dir = tree({ '.kubelint.yaml': 'schemaDirs: [./gone]\n', 'thing.yaml': THING });
    const r = run(['thing.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${join(dir, '.kubelint.yaml')}:1:14: schema directory "./gone" is not a directory (resolved to ${join(dir, 'gone')}) (config-invalid)`,
    );
  });
});
