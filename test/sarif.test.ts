import { spawnSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { ruleDescriptor } from '../src/report/sarif.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'kubelint.js');
const MULTITOOL_DIR = dirname(createRequire(import.meta.url).resolve('@microsoft/sarif-multitool-linux'));
const SCHEMA = join(MULTITOOL_DIR, 'sarif-2.1.0.json');
const MULTITOOL = join(MULTITOOL_DIR, 'Sarif.Multitool');

interface SarifLog {
  runs: {
    tool: { driver: { name: string; version: string; rules: Record<string, unknown>[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: Record<string, unknown>[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    results: Record<string, unknown>[];
  }[];
}

function kubelint(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The examples' report, as `kubelint examples/ --format sarif > out.sarif` writes it. */
function examplesSarif(): string {
  const r = kubelint(['examples/', '--format', 'sarif'], ROOT);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  return r.stdout;
}

const POD = (name: string, image: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
    - name: app
      image: ${image}
    - name: app
      image: ${image}
`;

// A run that uses what the examples do not: related locations, a file that cannot be read, a path
// with a space and non-ASCII characters, CRLF line ends, an info-level finding.
let richDir: string;
function richSarif(): string {
  // settings.yaml is named explicitly: a directory walk skips non-manifests quietly.
  return kubelint(['.', 'settings.yaml', '--format', 'sarif'], richDir).stdout;
}

beforeAll(() => {
  richDir = mkdtempSync(join(tmpdir(), 'kubelint-sarif-'));
  mkdirSync(join(richDir, 'déploiement prod'));
  writeFileSync(
    join(richDir, 'déploiement prod', 'pod.yaml'),
    POD('ünïcode', 'nginx').replaceAll('\n', '\r\n'),
  );
  writeFileSync(join(richDir, 'binary.yaml'), Buffer.from([0x61, 0x00, 0x62]));
  writeFileSync(join(richDir, 'settings.yaml'), 'replicas: 3\n');
});

describe('SARIF against the official SARIF 2.1.0 JSON schema (ajv)', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);

  it('validates the examples report', () => {
    const ok = validate(JSON.parse(examplesSarif()));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('validates a report with related locations, notifications and non-ASCII paths', () => {
    const ok = validate(JSON.parse(richSarif()));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});

describe('SARIF content', () => {
  it('describes every rule that can fire, with help, helpUri, level and tags', () => {
    const log = JSON.parse(examplesSarif()) as SarifLog;
    const run = log.runs[0]!;
    expect(run.tool.driver).toMatchObject({ name: 'kubelint', informationUri: expect.any(String) as string });
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toContain('duplicate-container-name');
    expect(ids).toContain('yaml-syntax');
    const rule = run.tool.driver.rules.find((r) => r.id === 'probe-port-not-exposed');
    expect(rule).toMatchObject({
      name: 'ProbePortNotExposed',
      shortDescription: { text: "A probe's port matches no port the container declares." },
      helpUri: 'https://github.com/kubelint/kubelint/blob/main/rules/probe-port-not-exposed/README.md',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['reliability', 'kubernetes'] },
    });
    const help = rule?.help as { text: string; markdown: string };
    expect(help.markdown).toContain('## How to fix');
    expect(help.markdown).not.toContain('kubelint:meta');
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex as number]?.id).toBe(r.ruleId);
    }
  });

  it('tags security rules with security-severity, which GitHub ranks alerts by', () => {
    const meta = {
      category: 'security' as const,
      severity: 'warning' as const,
      recommended: true,
      description: 'A container runs privileged',
      docsUrl: 'https://example.invalid/privileged',
    };
    const docs = { markdown: '# privileged', uri: meta.docsUrl };
    expect(ruleDescriptor({ id: 'privileged-container', meta }, 'error', docs)).toMatchObject({
      name: 'PrivilegedContainer',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'kubernetes'], 'security-severity': '8.0' },
    });
    expect(ruleDescriptor({ id: 'privileged-container', meta }, 'warning', docs)).toMatchObject({
      properties: { 'security-severity': '5.5' },
    });
  });

  it('leaves out rules that are off, and uses the configured level', () => {
    const r = kubelint(
      [
        'examples/',
        '--format',
        'sarif',
        '--rule',
        'latest-tag-implicit-pull:off',
        '--rule',
        'duplicate-container-name:warning',
      ],
      ROOT,
    );
    const rules = (JSON.parse(r.stdout) as SarifLog).runs[0]!.tool.driver.rules;
    expect(rules.map((x) => x.id)).not.toContain('latest-tag-implicit-pull');
    expect(rules.find((x) => x.id === 'duplicate-container-name')).toMatchObject({
      defaultConfiguration: { level: 'warning' },
    });
  });

  it('locates results relative to %SRCROOT% with regions, snippets, related locations and fingerprints', () => {
    const run = (JSON.parse(richSarif()) as SarifLog).runs[0]!;
    expect(run.originalUriBaseIds['%SRCROOT%']?.uri).toBe(`${pathToFileURL(richDir).href}/`);
    const dup = run.results.find((r) => r.ruleId === 'duplicate-container-name');
    expect(dup).toMatchObject({
      level: 'error',
      message: { text: expect.stringMatching(/\.$/) as string },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'd%C3%A9ploiement%20prod/pod.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 8, startColumn: 13, endLine: 8, endColumn: 16, snippet: { text: 'app' } },
            contextRegion: { startLine: 8, endLine: 8, snippet: { text: '    - name: app' } },
          },
        },
      ],
      relatedLocations: [
        {
          id: 1,
          message: { text: '"app" first used here.' },
          physicalLocation: { region: { startLine: 6, startColumn: 13 } },
        },
      ],
      partialFingerprints: { 'kubelint/v1': expect.stringMatching(/^[0-9a-f]{32}$/) as string },
    });
    expect(run.results.find((r) => r.ruleId === 'not-a-manifest')).toMatchObject({ level: 'note' });
  });

  it('reports unreadable files as tool notifications and an unsuccessful execution', () => {
    const run = (JSON.parse(richSarif()) as SarifLog).runs[0]!;
    expect(run.invocations[0]).toMatchObject({
      executionSuccessful: false,
      toolExecutionNotifications: [
        {
          level: 'error',
          descriptor: { id: 'file-unreadable' },
          message: { text: expect.stringContaining('binary.yaml: file is binary') as string },
          locations: [
            { physicalLocation: { artifactLocation: { uri: 'binary.yaml', uriBaseId: '%SRCROOT%' } } },
          ],
        },
      ],
    });
    const examples = (JSON.parse(examplesSarif()) as SarifLog).runs[0]!;
    expect(examples.invocations[0]).toEqual({ executionSuccessful: true });
  });

  it('keeps fingerprints when lines move', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelint-fp-'));
    const fingerprints = () =>
      (JSON.parse(kubelint(['pod.yaml', '--format', 'sarif'], dir).stdout) as SarifLog).runs[0]!.results.map(
        (r) => [r.ruleId, (r.partialFingerprints as Record<string, string>)['kubelint/v1']],
      );
    writeFileSync(join(dir, 'pod.yaml'), POD('web', 'nginx'));
    const before = fingerprints();
    writeFileSync(join(dir, 'pod.yaml'), `# a comment\n# and another\n${POD('web', 'nginx')}`);
    expect(fingerprints()).toEqual(before);
    expect(new Set(before.map((b) => b[1])).size).toBe(before.length);
    writeFileSync(join(dir, 'pod.yaml'), POD('api', 'nginx'));
    expect(fingerprints()).not.toEqual(before);
  });
});

/**
 * The SARIF SDK's own validator with GitHub's ingestion rules (GH1001…) and the SARIF rules: zero
 * errors and zero warnings. It is a self-contained .NET binary for Linux x64; where it cannot run
 * the test says so — except under CI=true, where it must run.
 */
function multitoolProblem(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return `Sarif.Multitool ships for linux-x64 only (this is ${process.platform}-${process.arch})`;
  try {
    accessSync(MULTITOOL, constants.X_OK);
  } catch {
    try {
      chmodSync(MULTITOOL, 0o755); // what the package's postinstall does, when scripts did not run
    } catch (err) {
      return `${MULTITOOL} is not executable: ${(err as Error).message}`;
    }
  }
  const r = spawnSync(MULTITOOL, ['--version'], { encoding: 'utf8', env: multitoolEnv() });
  if (r.status !== 0) return `Sarif.Multitool --version failed: ${r.error?.message ?? r.stderr}`;
  return undefined;
}

function multitoolEnv(): NodeJS.ProcessEnv {
  // Without libicu, .NET refuses to start unless told to use invariant globalization.
  return { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' };
}

const multitoolSkip = multitoolProblem();
if (multitoolSkip) {
  if (process.env.CI === 'true') throw new Error(`CI=true but ${multitoolSkip}`);
  console.warn(`SKIPPED Sarif.Multitool validation: ${multitoolSkip}`);
}

describe.skipIf(multitoolSkip !== undefined)(
  'SARIF with Sarif.Multitool validate --rule-kind "Gh;Sarif"',
  () => {
    function validateWithMultitool(sarif: string): { ruleId: string; level: string; text: string }[] {
      const dir = mkdtempSync(join(tmpdir(), 'kubelint-multitool-'));
      writeFileSync(join(dir, 'out.sarif'), sarif);
      const r = spawnSync(
        MULTITOOL,
        [
          'validate',
          '--rule-kind',
          'Gh;Sarif',
          '--level',
          'Error;Warning',
          '--output',
          'validation.sarif',
          'out.sarif',
        ],
        { cwd: dir, encoding: 'utf8', env: multitoolEnv() },
      );
      expect(r.status, r.stdout + r.stderr).toBe(0);
      const log = JSON.parse(readFileSync(join(dir, 'validation.sarif'), 'utf8')) as {
        runs: {
          results?: { ruleId: string; level?: string; message: { text?: string; arguments?: string[] } }[];
          invocations?: {
            toolExecutionNotifications?: unknown[];
            toolConfigurationNotifications?: unknown[];
          }[];
        }[];
      };
      const run = log.runs[0]!;
      expect(run.invocations?.[0]?.toolExecutionNotifications ?? []).toEqual([]);
      return (run.results ?? [])
        .filter((x) => x.level === undefined || x.level === 'error' || x.level === 'warning')
        .map((x) => ({
          ruleId: x.ruleId,
          level: x.level ?? 'warning',
          text: x.message.text ?? (x.message.arguments ?? []).join(' '),
        }));
    }

    it('finds no errors and no warnings in the examples report', () => {
      expect(validateWithMultitool(examplesSarif())).toEqual([]);
    });

    it('finds no errors and no warnings in a report with related locations and notifications', () => {
      expect(validateWithMultitool(richSarif())).toEqual([]);
    });

    it('does find problems in a broken report (the validator is really running)', () => {
      const broken = JSON.parse(examplesSarif()) as SarifLog;
      const result = broken.runs[0]!.results[0]!;
      result.ruleIndex = 999;
      delete result.locations;
      expect(validateWithMultitool(JSON.stringify(broken)).length).toBeGreaterThan(0);
    });
  },
);
