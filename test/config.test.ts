import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import {
  allRuleInfos,
  ConfigResolver,
  defineRule,
  lintTexts,
  loadConfigFile,
  type Rule,
  type RuleMeta,
} from '../src/engine/index.js';
import { configErrorOf as errorOf } from './helpers.js';

const POD =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: app, image: "nginx:1"}\n';

function testRule(id: string, meta: Partial<RuleMeta>): Rule {
  return defineRule({
    id,
    meta: { category: 'security', severity: 'warning', recommended: false, description: id, ...meta },
    check(_doc, ctx) {
      ctx.report({ path: ['kind'], message: id });
    },
  });
}

/** Rules of every kind a preset selects on: none of these ids exist among the built-in rules. */
const RULES = [
  testRule('t-recommended', { recommended: true }),
  testRule('t-optional', {}),
  testRule('t-baseline', { pss: 'baseline' }),
  testRule('t-restricted', { pss: 'restricted' }),
];

/** Write files (path → text) into a fresh directory; returns the directory. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelint-cfg-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function firing(config: string | undefined, rules: readonly Rule[] = RULES): string[] {
  const dir = tree(config === undefined ? {} : { '.kubelint.yaml': config });
  const result = lintTexts([{ path: join(dir, 'p.yaml'), text: POD }], { rules, cwd: dir });
  return [...new Set(result.findings.map((f) => `${f.ruleId}:${f.severity}`))].sort();
}

describe('presets', () => {
  it('recommended is the default; strict is every rule', () => {
    expect(firing(undefined)).toEqual(['t-recommended:warning']);
    expect(firing('rules: {}\n')).toEqual(['t-recommended:warning']);
    expect(firing('extends: [recommended]\n')).toEqual(['t-recommended:warning']);
    expect(firing('extends: [strict]\n')).toEqual([
      't-baseline:warning',
      't-optional:warning',
      't-recommended:warning',
      't-restricted:warning',
    ]);
  });

  it('derives the Pod Security Standards presets from rule metadata (restricted includes baseline)', () => {
    expect(firing('extends: [pss-baseline]\n')).toEqual(['t-baseline:warning']);
    expect(firing('extends: [pss-restricted]\n')).toEqual(['t-baseline:warning', 't-restricted:warning']);
    expect(firing('extends: [recommended, pss-baseline]\n')).toEqual([
      't-baseline:warning',
      't-recommended:warning',
    ]);
  });

  it('lets rules: override what a preset enables, both ways', () => {
    expect(firing('extends: [pss-restricted]\nrules:\n  t-baseline: off\n  t-optional: error\n')).toEqual([
      't-optional:error',
      't-restricted:warning',
    ]);
  });

  it('rejects a PSS preset no rule implements yet, at the extends entry', () => {
    const rules = RULES.filter((r) => r.meta.pss !== 'baseline');
    const dir = tree({ '.kubelint.yaml': 'rules: {}\nextends:\n  - recommended\n  - pss-baseline\n' });
    const err = errorOf(() => loadConfigFile(join(dir, '.kubelint.yaml'), rules));
    expect(err).toMatchObject({ code: 'config-extends', line: 4, column: 5 });
    expect(err.message).toBe('no rules implement pss-baseline yet, so extending it would check nothing');
    // Restricted still has its own rule.
    expect(loadConfigFile(writeTo(dir, 'r.yaml', 'extends: [pss-restricted]\n'), rules).presets).toEqual([
      'pss-restricted',
    ]);
    const none = errorOf(() => loadConfigFile(writeTo(dir, 'n.yaml', 'extends: [pss-restricted]\n'), []));
    expect(none.message).toContain('no rules implement pss-restricted yet');
  });
});

function writeTo(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe('extends: config files', () => {
  it('merges in order, later wins, and the file itself wins over what it extends', () => {
    const dir = tree({
      'org/kubelint.yaml':
        'kubernetesVersion: "1.34"\nrules:\n  t-optional: error\n  t-recommended: info\nignore: [vendor/**]\n',
      'team/base.yaml': 'rules:\n  t-optional: warning\nignore: [tmp/**]\n',
      'team/app/.kubelint.yaml':
        'extends: [../../org/kubelint.yaml, ../base.yaml]\nrules:\n  t-recommended: error\n',
    });
    const c = loadConfigFile(join(dir, 'team/app/.kubelint.yaml'), RULES);
    expect(c.rules.get('t-optional')?.severity).toBe('warning');
    expect(c.rules.get('t-recommended')?.severity).toBe('error');
    expect(c.kubernetesVersion).toBe('1.34');
    expect(c.ignore).toEqual(['vendor/**', 'tmp/**']);
    expect(c.presets).toEqual(['recommended']);
  });

  it('collects presets across the chain', () => {
    const dir = tree({
      'base.yaml': 'extends: [pss-baseline]\n',
      '.kubelint.yaml': 'extends: [./base.yaml, recommended]\n',
    });
    expect(loadConfigFile(join(dir, '.kubelint.yaml'), RULES).presets).toEqual([
      'pss-baseline',
      'recommended',
    ]);
  });

  it('inherits policies, which rules: of the extending file can configure', () => {
    const dir = tree({
      'base.yaml':
        'policies:\n  - id: team-label\n    assert: metadata.labels?.team != null\n    message: no team\n',
      '.kubelint.yaml': 'extends: [./base.yaml]\nrules:\n  team-label: error\n',
    });
    const result = lintTexts([{ path: join(dir, 'p.yaml'), text: POD }], {
      rules: builtinRules,
      cwd: dir,
    });
    expect(result.findings.filter((f) => f.ruleId === 'team-label').map((f) => f.severity)).toEqual([
      'error',
    ]);
  });

  it('names the chain of a cycle', () => {
    const dir = tree({
      'a.yaml': 'extends: [./b.yaml]\n',
      'b.yaml': 'rules: {}\nextends: [./a.yaml]\n',
    });
    const err = errorOf(() => loadConfigFile(join(dir, 'a.yaml'), RULES));
    expect(err).toMatchObject({ code: 'config-extends', file: join(dir, 'b.yaml'), line: 2, column: 11 });
    expect(err.message).toBe('extends cycle: ./a.yaml → ./b.yaml → ./a.yaml');
    const self = tree({ '.kubelint.yaml': 'extends: [./.kubelint.yaml]\n' });
    expect(errorOf(() => loadConfigFile(join(self, '.kubelint.yaml'), RULES)).message).toBe(
      'extends cycle: ./.kubelint.yaml → ./.kubelint.yaml',
    );
  });

  it('reports a missing file at its entry, and errors inside an extended file in that file', () => {
    const dir = tree({
      '.kubelint.yaml': 'extends: [./nope.yaml]\n',
      'bad/.kubelint.yaml': 'extends: [./base.yaml]\n',
      'bad/base.yaml': 'rules:\n  t-optionl: error\n',
    });
    const missing = errorOf(() => loadConfigFile(join(dir, '.kubelint.yaml'), RULES));
    expect(missing).toMatchObject({ code: 'config-extends', line: 1, column: 11 });
    expect(missing.message).toContain('cannot find "./nope.yaml"');
    const inner = errorOf(() => loadConfigFile(join(dir, 'bad/.kubelint.yaml'), RULES));
    expect(inner).toMatchObject({ file: join(dir, 'bad/base.yaml'), line: 2, column: 3 });
    expect(inner.message).toBe('unknown rule "t-optionl"; did you mean "t-optional"?');
  });

  it('rejects a policy id declared in two merged configs, naming both places', () => {
    const policy = (id: string): string => `policies:\n  - id: ${id}\n    assert: "true"\n    message: m\n`;
    const dir = tree({
      'one.yaml': policy('p'),
      'two.yaml': policy('p'),
      'siblings.yaml': 'extends: [./one.yaml, ./two.yaml]\n',
      'own.yaml': `extends: [./one.yaml]\n${policy('p')}`,
    });
    const siblings = errorOf(() => loadConfigFile(join(dir, 'siblings.yaml'), RULES));
    expect(siblings).toMatchObject({ code: 'config-policy', line: 1, column: 23 });
    expect(siblings.message).toBe(
      `policy "p" is declared twice: at ${join(dir, 'one.yaml')}:2:9 and at ${join(dir, 'two.yaml')}:2:9`,
    );
    // A diamond reaches one declaration twice: that is not a duplicate.
    writeTo(dir, 'three.yaml', 'extends: [./one.yaml]\n');
    const diamond = writeTo(dir, 'diamond.yaml', 'extends: [./one.yaml, ./three.yaml]\n');
    expect(loadConfigFile(diamond, RULES).policies.map((p) => p.id)).toEqual(['p']);
    const own = errorOf(() => loadConfigFile(join(dir, 'own.yaml'), RULES));
    expect(own).toMatchObject({ code: 'config-policy', line: 3, column: 9 });
    expect(own.message).toContain(`declared at ${join(dir, 'one.yaml')}:2:9`);
  });
});

describe('config discovery', () => {
  const resolver = (): ConfigResolver => new ConfigResolver(allRuleInfos(RULES));

  it('reads the kubelint key of package.json; .kubelint.yaml and .kubelint.yml win in the same directory', () => {
    const dir = tree({
      'pkg/package.json': JSON.stringify({ name: 'x', kubelint: { rules: { 't-optional': 'error' } } }),
      'both/package.json': JSON.stringify({ kubelint: { rules: { 't-optional': 'error' } } }),
      'both/.kubelint.yml': 'rules:\n  t-optional: info\n',
      'plain/package.json': JSON.stringify({ name: 'no-config' }),
    });
    const r = resolver();
    expect(r.forFile(join(dir, 'pkg/a.yaml')).rules.get('t-optional')?.severity).toBe('error');
    expect(r.forFile(join(dir, 'both/a.yaml')).rules.get('t-optional')?.severity).toBe('info');
    // A package.json without the key is not a config: the search goes on upward (here: defaults).
    expect(r.forFile(join(dir, 'plain/a.yaml')).path).toBeUndefined();
  });

  it('positions errors inside package.json', () => {
    const dir = tree({
      'package.json': '{\n  "name": "x",\n  "kubelint": {\n    "rulez": {}\n  }\n}\n',
    });
    const err = errorOf(() => resolver().forFile(join(dir, 'a.yaml')));
    expect(err).toMatchObject({ file: join(dir, 'package.json'), line: 4, column: 5 });
    expect(err.message).toContain('unknown config field "rulez"; did you mean "rules"?');
  });
});

describe('the config schema', () => {
  it.each([
    ['rule:\n  x: off\n', 'config-invalid', 1, 1, 'unknown config field "rule"; did you mean "rules"?'],
    ['ignore: vendor\n', 'config-invalid', 1, 9, '"ignore" must be a list of glob strings'],
    ['ignore: [1]\n', 'config-invalid', 1, 10, '"ignore" must be a list of glob strings'],
    ['extends: [recomended]\n', 'config-invalid', 1, 11, 'did you mean "recommended"?'],
    ['extends: [base.yaml]\n', 'config-invalid', 1, 11, 'or a relative path starting with ./ or ../'],
    ['rules:\n  t-optional: eror\n', 'config-invalid', 2, 15, 'did you mean "error"?'],
    ['rules:\n  t-optional: [warning, 5]\n', 'config-invalid', 2, 25, 'rule options must be a mapping'],
    [
      'rules:\n  t-optional: [loud]\n',
      'config-invalid',
      2,
      16,
      'a severity must be off, info, warning or error',
    ],
    ['- a\n', 'config-invalid', 1, 1, 'the config must be a mapping'],
    [
      'policies:\n  - id: p\n    message: 3\n    assert: "true"\n',
      'config-policy',
      3,
      14,
      '"message" must be a string',
    ],
  ])('rejects %j', (text, code, line, column, message) => {
    const dir = tree({ '.kubelint.yaml': text });
    const err = errorOf(() => loadConfigFile(join(dir, '.kubelint.yaml'), RULES));
    expect(err).toMatchObject({ code, line, column });
    expect(err.message).toContain(message);
  });

  it('reads an unquoted kubernetesVersion as written: 1.30 is "1.30", not 1.3', () => {
    const dir = tree({ 'ok.yaml': 'kubernetesVersion: 1.34\n', 'bad.yaml': 'kubernetesVersion: 1.30\n' });
    expect(loadConfigFile(join(dir, 'ok.yaml'), RULES).kubernetesVersion).toBe('1.34');
    const err = errorOf(() => loadConfigFile(join(dir, 'bad.yaml'), RULES));
    expect(err).toMatchObject({ code: 'config-invalid', line: 1, column: 20 });
    expect(err.message).toMatch(/^kubelint has no schemas for Kubernetes 1\.30 \(embedded: /);
  });
});

describe('policy field paths against the schemas', () => {
  const policy = (assert: string, extra = ''): string =>
    `policies:\n  - id: p\n    message: m\n${extra}    assert: ${JSON.stringify(assert)}\n`;
  const load = (text: string): unknown =>
    loadConfigFile(join(tree({ '.kubelint.yaml': text }), '.kubelint.yaml'), RULES);

  it('reports a typo at its column in the config, with a did-you-mean', () => {
    const err = errorOf(() =>
      load(policy('metadata.lables?.team != null', '    match: {kinds: [Deployment]}\n')),
    );
    expect(err).toMatchObject({ code: 'config-policy', line: 5, column: 23 });
    expect(err.message).toBe(
      '"metadata.lables" is not a field of Deployment (Kubernetes 1.36 schema), so it always reads as undefined; did you mean "labels"?',
    );
    // Without kinds, metadata is still an ObjectMeta.
    expect(errorOf(() => load(policy('metadata.lables != null'))).message).toContain(
      'did you mean "labels"?',
    );
    const container = errorOf(() =>
      load(policy('container.imagePullPolicyy == "Always"', '    forEach: containers\n')),
    );
    expect(container.message).toContain('"container.imagePullPolicyy" is not a field of a container');
    expect(container.message).toContain('did you mean "imagePullPolicy"?');
    const pod = errorOf(() => load(policy('pod?.securityContext?.runAsNonroot == true')));
    expect(pod.message).toContain('did you mean "runAsNonRoot"?');
    const deep = errorOf(() =>
      load(policy('spec.template.spec.containers[0].imagee != null', '    match: {kinds: [Deployment]}\n')),
    );
    expect(deep.message).toContain('"spec.template.spec.containers.0.imagee" is not a field of Deployment');
  });

  it.each([
    ['metadata.labels?.team != null', ''],
    ['metadata.annotations?.["example.com/owner"]?.length > 0', ''],
    ['Object.keys(metadata.labels).length > 0', ''],
    ['spec.template.spec.containers.length > 0', '    match: {kinds: [Deployment, StatefulSet]}\n'],
    ['spec.template.spec.nodeSelector?.zone != null', '    match: {kinds: [Deployment]}\n'],
    ['data?.key != null', '    match: {kinds: [ConfigMap, Secret]}\n'],
    ['spec.replicas.toFixed == null', '    match: {kinds: [Deployment]}\n'],
    ['spec.whatever != null', '    match: {kinds: [Widget]}\n'],
    ['spec.anything != null', ''],
    ['container.targetContainerName != "x"', '    forEach: containers\n'],
    ['container.resources?.limits?.memory != null', '    forEach: containers\n'],
    ['pod.containers.some(c => c.imagee)', ''],
    ['status.phase != "Failed"', '    match: {kinds: [Pod]}\n'],
  ])('accepts %j', (assert, extra) => {
    expect(() => load(policy(assert, extra))).not.toThrow();
  });
});
