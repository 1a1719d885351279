import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rule as latestTagImplicitPull } from '../rules/latest-tag-implicit-pull/rule.js';
import { ConfigError, defineRule, lintTexts, loadConfigFile, RuleError } from '../src/engine/index.js';

const POD =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: app, image: "nginx:1"}\n';

const twoSeverities = defineRule({
  id: 'two-severities',
  meta: { category: 'style', severity: 'error', recommended: true, description: 'Test rule' },
  check(_doc, ctx) {
    for (const c of ctx.containers()) {
      ctx.report({ path: [...c.path, 'name'], message: 'soft', severity: 'warning' });
      ctx.report({
        path: [...c.path, 'image'],
        message: 'hard',
        related: [{ message: 'here', path: ['metadata', 'name'] }],
      });
    }
  },
});

const optIn = defineRule({
  id: 'opt-in',
  meta: { category: 'style', severity: 'info', recommended: false, description: 'Not recommended' },
  check(_doc, ctx) {
    ctx.report({ path: ['kind'], message: `options: ${JSON.stringify(ctx.options)}` });
  },
});

function writeConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelint-config-'));
  const path = join(dir, '.kubelint.yaml');
  writeFileSync(path, text);
  return path;
}

describe('engine', () => {
  it('uses a report severity unless the rule is configured, and locates related paths', () => {
    const r = lintTexts([{ path: 'p.yaml', text: POD }], { rules: [twoSeverities] });
    expect(r.findings.map((f) => [f.message, f.severity])).toEqual([
      ['soft', 'warning'],
      ['hard', 'error'],
    ]);
    expect(r.findings[1]!.related?.[0]?.range.start).toMatchObject({ line: 3, column: 18 });
    const configured = lintTexts([{ path: 'p.yaml', text: POD }], {
      rules: [twoSeverities],
      ruleOverrides: new Map([['two-severities', { severity: 'info', options: {} }]]),
    });
    expect(configured.findings.map((f) => f.severity)).toEqual(['info', 'info']);
  });

  it('runs rules outside recommended only when configured, with their options', () => {
    expect(lintTexts([{ path: 'p.yaml', text: POD }], { rules: [optIn] }).findings).toEqual([]);
    const config = writeConfig('rules:\n  opt-in: [warning, {max: 3}]\n');
    const r = lintTexts([{ path: 'p.yaml', text: POD }], { rules: [optIn], configFile: config });
    expect(r.findings.map((f) => [f.severity, f.message])).toEqual([['warning', 'options: {"max":3}']]);
  });

  it('turns loader findings off like rules', () => {
    const texts = [{ path: 'v.yaml', text: 'replicaCount: 1\n' }];
    expect(lintTexts(texts, { rules: [] }).findings.map((f) => f.ruleId)).toEqual(['not-a-manifest']);
    const off = new Map([['not-a-manifest', { severity: 'off' as const, options: {} }]]);
    expect(lintTexts(texts, { rules: [], ruleOverrides: off }).findings).toEqual([]);
  });

  it('wraps a crashing rule with its id, file and resource', () => {
    const crash = defineRule({
      id: 'crash',
      meta: { category: 'style', severity: 'error', recommended: true, description: 'Crashes' },
      check() {
        throw new TypeError('boom');
      },
    });
    let error: unknown;
    try {
      lintTexts([{ path: 'p.yaml', text: POD }], { rules: [crash] });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RuleError);
    expect((error as RuleError).message).toBe('rule "crash" crashed on Pod "p" in p.yaml: boom');
    expect((error as RuleError).cause).toBeInstanceOf(TypeError);
  });
});

describe('config files', () => {
  const known = [latestTagImplicitPull];

  it('reads severities, options and ignore globs', () => {
    const c = loadConfigFile(
      writeConfig(
        'kubernetesVersion: "1.34"\nrules:\n  latest-tag-implicit-pull: off\nignore: [vendor/**]\n',
      ),
      known,
    );
    expect(c.rules.get('latest-tag-implicit-pull')).toEqual({ severity: 'off', options: {} });
    expect(c.ignore).toEqual(['vendor/**']);
  });

  it.each([
    ['rules:\n  nope: error\n', 'config-unknown-rule', 2, 3],
    ['rules:\n  latest-tag-implicit-pull: loud\n', 'config-invalid', 2, 29],
    ['extends: [strct]\n', 'config-invalid', 1, 11],
    ['extends: [pss-baseline]\n', 'config-extends', 1, 11],
    ['rules: [a]\n', 'config-invalid', 1, 8],
    ['kubernetesVersion: latest\n', 'config-invalid', 1, 20],
    ['rules: {a: 1\n', 'config-parse', 2, 1],
  ])('rejects %j with a positioned error', (text, code, line, column) => {
    let error: unknown;
    try {
      loadConfigFile(writeConfig(text), known);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code, line, column });
  });
});

describe('lintTexts with context files', () => {
  it('lets rules see context documents but reports only on the texts', async () => {
    const { loadSource } = await import('../src/load/parse.js');
    const { createSourceFile } = await import('../src/load/source.js');
    const { builtinRules } = await import('../rules/index.js');
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - {name: wait, image: "busybox:1", command: [sh, -c, "until nslookup mydb; do sleep 2; done"]}
  containers:
    - {name: app, image: "nginx:1", imagePullPolicy: latest-is-wrong}
`;
    const service = (name: string): string =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {selector: {app: x}, ports: [{port: 80, extra: 1}]}\n`;
    const alone = lintTexts([{ path: '/ws/pod.yaml', text: pod }], { rules: builtinRules, cwd: tmpdir() });
    expect(alone.findings.map((f) => f.ruleId)).toContain('init-waits-for-missing-service');
    const context = [loadSource(createSourceFile('/ws/db.yaml', service('mydb')))];
    const result = lintTexts([{ path: '/ws/pod.yaml', text: pod }], {
      rules: builtinRules,
      cwd: tmpdir(),
      context,
    });
    expect(result.findings.map((f) => f.ruleId)).not.toContain('init-waits-for-missing-service');
    // The context file's own problems (an unknown field) are not linted.
    expect(result.files.map((f) => f.path)).toEqual(['/ws/pod.yaml']);
    expect(result.findings.every((f) => f.file === '/ws/pod.yaml')).toBe(true);
  });
});
