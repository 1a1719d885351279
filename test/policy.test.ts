import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { allRuleInfos, ConfigError, lintTexts, loadConfigFile } from '../src/engine/index.js';
import { evaluate, parseExpression, PolicyRuntimeError } from '../src/policy/index.js';
import { nestedQuantifier, ROOT_NAMES } from '../src/policy/parse.js';

const KNOWN = allRuleInfos(builtinRules);

function writeConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelint-policy-'));
  const path = join(dir, '.kubelint.yaml');
  writeFileSync(path, text);
  return path;
}

/** Lint `manifest` under a config holding `policies`; only the policies' findings. */
function lintWith(config: string, manifest: string, path = 'm.yaml') {
  const configFile = writeConfig(config);
  const ids = new Set(loadConfigFile(configFile, KNOWN).policies.map((p) => p.id));
  const result = lintTexts([{ path, text: manifest }], { rules: builtinRules, configFile });
  return {
    findings: result.findings.filter((f) => ids.has(f.ruleId)),
    suppressed: result.suppressed.filter((f) => ids.has(f.ruleId)),
    result,
  };
}

function configErrorOf(config: string): ConfigError {
  const path = writeConfig(config);
  try {
    loadConfigFile(path, KNOWN);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a config error');
}

function policyConfig(assert: string, extra = ''): string {
  return `policies:\n  - id: p\n    message: "failed"\n${extra}    assert: ${JSON.stringify(assert)}\n`;
}

const run = (assert: string, vars: Record<string, unknown> = {}, budget?: number): unknown =>
  evaluate(parseExpression(assert, [...ROOT_NAMES, 'container', 'x']), vars, budget);

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
  labels: {app: web}
spec:
  replicas: 1
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: registry.example.com/web:1.2
          resources: {limits: {memory: 128Mi}}
        - name: proxy
          image: docker.io/envoyproxy/envoy:v1.31
`;

describe('policy expressions: evaluation', () => {
  it('follows JavaScript semantics over JSON values', () => {
    const spec = { containers: [{ name: 'a', ports: [{ containerPort: 80 }] }, { name: 'b' }] };
    expect(run('spec.containers.length', { spec })).toBe(2);
    expect(run('spec.containers.map(c => c.name)', { spec })).toEqual(['a', 'b']);
    expect(run('spec.containers.some((c, i) => i == 1 && c.name === "b")', { spec })).toBe(true);
    expect(run('spec.containers.every(c => c.ports?.length > 0)', { spec })).toBe(false);
    expect(run('spec.containers.find(c => c.name.startsWith("b"))?.name', { spec })).toBe('b');
    expect(run('spec.containers.filter(c => !c.ports).length', { spec })).toBe(1);
    expect(run('spec.missing?.deep.deeper', { spec })).toBeUndefined();
    expect(run('spec.missing ?? "dflt"', { spec })).toBe('dflt');
    expect(run('`${kind}/${metadata.name}`', { kind: 'Pod', metadata: { name: 'x' } })).toBe('Pod/x');
    expect(
      run('Object.keys(metadata.labels).includes("team")', { metadata: { labels: { team: 'a' } } }),
    ).toBe(true);
    expect(run('Object.entries(metadata.labels)[0][1]', { metadata: { labels: { team: 'a' } } })).toBe('a');
    expect(run('/^v[0-9]+$/i.test(x)', { x: 'V12' })).toBe(true);
    expect(run('x.match(/:(.+)$/)?.[1]', { x: 'nginx:1.27' })).toBe('1.27');
    expect(run('(x + 1) * 2 % 5 >= 3 ? "hi" : "lo"', { x: 1 })).toBe('hi');
    expect(run('["a", "b"].includes(x) && typeof x == "string"', { x: 'b' })).toBe(true);
    expect(run('x == null && x != 0', { x: undefined })).toBe(true);
  });

  it('reads only own properties, never the prototype chain', () => {
    const vars = { metadata: { labels: { app: 'a' } }, x: 'constructor' };
    expect(run('metadata.labels.toString', vars)).toBeUndefined();
    expect(run('metadata.labels.hasOwnProperty', vars)).toBeUndefined();
    expect(() => run('metadata.labels[x]', vars)).toThrow(/"constructor" is not accessible/);
    expect(() => run('metadata.labels["__" + "proto__"]', vars)).toThrow(/not accessible/);
  });

  it('throws a positioned runtime error where JavaScript would', () => {
    const err = (() => {
      try {
        run('metadata.labels.team == "a"', { metadata: {} });
      } catch (e) {
        return e as PolicyRuntimeError;
      }
    })();
    expect(err).toBeInstanceOf(PolicyRuntimeError);
    expect(err?.message).toBe('cannot read "team" of undefined; use ?. where a field may be missing');
    expect(err?.offset).toBe(16);
    expect(() => run('x.some(c => c)', { x: 'str' })).toThrow('.some() is not available on string');
    expect(() => run('x < spec', { x: 1, spec: {} })).toThrow('cannot apply "<" to an object');
  });

  it('stops a runaway expression at its step budget', () => {
    const spec = { items: Array.from({ length: 300 }, (_, i) => i) };
    const expr = 'spec.items.some(a => spec.items.some(b => spec.items.some(c => a + b + c < 0)))';
    expect(() => run(expr, { spec })).toThrow('the expression exceeded its budget of 200000 steps');
    expect(run('spec.items.length', { spec }, 10)).toBe(300);
  });
});

describe('policy expressions: the whitelist', () => {
  it.each([
    ['metadata.constructor', '"constructor" is not accessible', 9],
    ['metadata["__proto__"]', '"__proto__" is not accessible', 9],
    ['spec.prototype', '"prototype" is not accessible', 5],
    ['this.spec', '"this" is not allowed in a policy expression', 0],
    ['require("fs")', 'calling "require" is not allowed', 0],
    ['import("fs")', 'import() is not allowed', 0],
    ['metadata.name = "x"', 'assignment is not allowed', 0],
    ['while (true) {}', 'a policy is one expression; a while statement is not allowed', 0],
    ['spec; kind', 'a policy is one expression; remove what follows it', 6],
    ['new Date()', '"new" is not allowed', 0],
    ['(function () { return 1 })()', 'calling is not allowed', 1],
    ['({a: 1})', 'object literals are not allowed', 1],
    ['spec.x++', '"++" and "--" are not allowed', 0],
    ['kind as string', 'TypeScript syntax is not allowed', 0],
    ['metdata.name', 'unknown name "metdata"; did you mean "metadata"?', 0],
    ['Object.assign(spec, {})', 'Object.assign is not allowed', 7],
    ['Object', 'Object is available only as Object.keys', 0],
    ['spec.x.at(0)', 'the method "at" is not allowed', 7],
    ['spec.x.some("a")', '.some(…) takes an arrow function', 12],
    ['spec.x.some(c => { return c })', 'an arrow function body must be an expression', 17],
    ['(c => c)', 'arrow functions are allowed only as the argument of', 1],
    ['kind in spec', 'the "in" operator is not allowed', 0],
    ['kind.match("a.*")', 'takes a regular expression literal', 11],
    ['/a/g.test(kind)', 'regular expression flag "g" is not allowed', 0],
    ['/(a+)+$/.test(kind)', 'a quantified group containing a quantifier', 5],
    [
      'spec.a.some(a => a.b.some(b => b.c.some(c => c.d.some(d => d))))',
      'arrow functions nest more than 3 deep',
      54,
    ],
    ['kind +', 'syntax error: Expression expected.', 6],
    ['', 'the expression is empty', 0],
  ])('rejects %s', (assert, message, offset) => {
    let error: { message: string; offset: number } | undefined;
    try {
      parseExpression(assert, ROOT_NAMES);
    } catch (err) {
      error = err as typeof error;
    }
    expect(error?.message).toContain(message);
    expect(error?.offset).toBe(offset);
  });

  it('finds nested quantifiers, and only those', () => {
    expect(nestedQuantifier('(a+)+')).toBe(4);
    expect(nestedQuantifier('(\\w*)*x')).toBe(5);
    expect(nestedQuantifier('((ab)+c)*')).toBe(8);
    expect(nestedQuantifier('(a|b+){2,}')).toBe(6);
    expect(nestedQuantifier('^[a-z]+(-[a-z0-9]+)?$')).toBeUndefined();
    expect(nestedQuantifier('(?:ab)+[(+)]*\\(a+\\)+')).toBeUndefined();
  });
});

describe('policies in config', () => {
  it('reports a rejected expression at its line and column in the config file', () => {
    const err = configErrorOf(
      'policies:\n  - id: p\n    message: m\n    assert: |\n      spec.containers.some(c =>\n        c.name == this.name)\n',
    );
    expect(err.format()).toMatch(/:6:19: "this" is not allowed in a policy expression \(config-policy\)$/);
    const quoted = configErrorOf(
      `policies:\n  - id: p\n    message: m\n    assert: "metadata['constructor']"\n`,
    );
    expect([quoted.line, quoted.column]).toEqual([4, 23]);
  });

  it.each([
    [
      'policies:\n  - id: p\n    message: m\n    asert: "true"\n',
      'unknown policy field "asert"; did you mean "assert"?',
      4,
      5,
    ],
    [
      'policies:\n  - id: Bad_Id\n    message: m\n    assert: "true"\n',
      'a policy id must be kebab-case',
      2,
      9,
    ],
    ['policies:\n  - id: p\n    message: m\n', 'a policy needs "assert"', 2, 5],
    [
      'policies:\n  - {id: p, message: m, assert: "true", match: {kind: [Pod]}}\n',
      'unknown policy field "kind"; did you mean "kinds"?',
      2,
      49,
    ],
    ['policies:\n  - {id: p, message: "{{knd}}", assert: "true"}\n', 'unknown placeholder "{{knd}}"', 2, 23],
    [
      'policies:\n  - {id: p, message: m, assert: "true", severity: loud}\n',
      '"severity" must be error, warning or info',
      2,
      51,
    ],
    [
      'policies:\n  - {id: p, message: m, assert: "true", forEach: pods}\n',
      '"forEach" supports only "containers"',
      2,
      50,
    ],
    ['policies:\n  - {id: p, message: m, assert: "container.name"}\n', 'unknown name "container"', 2, 34],
    [
      'policies:\n  - {id: latest-tag-implicit-pull, message: m, assert: "true"}\n',
      'is already a built-in rule',
      2,
      10,
    ],
    [
      'policies:\n  - {id: p, message: m, assert: "true"}\n  - {id: p, message: m, assert: "true"}\n',
      'policy id "p" is already a policy',
      3,
      10,
    ],
    ['policies: {id: p}\n', '"policies" must be a list of policies', 1, 11],
  ])('rejects %j', (config, message, line, column) => {
    const err = configErrorOf(config);
    expect(err.message).toContain(message);
    expect([err.line, err.column]).toEqual([line, column]);
  });

  it('lets rules: configure a policy declared in the same file', () => {
    const config = `rules:\n  p: off\n${policyConfig('false')}`;
    expect(lintWith(config, DEPLOYMENT).findings).toEqual([]);
    const error = lintWith(`rules:\n  p: error\n${policyConfig('false')}`, DEPLOYMENT).findings;
    expect(error.map((f) => f.severity)).toEqual(['error']);
  });
});

describe('policies as rules', () => {
  it('matches kinds, apiVersions, namespaces and labels, and fills the message placeholders', () => {
    const config = `policies:
  - id: p
    severity: error
    match:
      kinds: [Deployment]
      apiVersions: [apps/v1]
      namespaces: [prod]
      labelSelector: {matchLabels: {app: web}, matchExpressions: [{key: tier, operator: DoesNotExist}]}
    assert: metadata.labels?.team != null
    message: "{{kind}} {{name}} in {{namespace}} needs a team label ({{path}})"
`;
    const { findings } = lintWith(config, DEPLOYMENT);
    expect(findings.map((f) => [f.ruleId, f.severity, f.message, f.range.start.line])).toEqual([
      ['p', 'error', 'Deployment web in prod needs a team label (metadata.labels.team)', 6],
    ]);
    for (const other of [
      DEPLOYMENT.replace('kind: Deployment', 'kind: StatefulSet'),
      DEPLOYMENT.replace('apps/v1', 'apps/v1beta2'),
      DEPLOYMENT.replace('namespace: prod', 'namespace: dev'),
      DEPLOYMENT.replace('labels: {app: web}', 'labels: {app: api}'),
      DEPLOYMENT.replace('labels: {app: web}', 'labels: {app: web, tier: x}'),
    ])
      expect(lintWith(config, other).findings).toEqual([]);
  });

  it('runs forEach: containers per container, located at the container', () => {
    const config = `policies:
  - id: memory-limit
    forEach: containers
    assert: container.resources?.limits?.memory != null
    message: container "{{container}}" of {{kind}} {{name}} has no memory limit ({{path}})
`;
    const { findings } = lintWith(config, DEPLOYMENT);
    expect(findings.map((f) => [f.message, f.range.start.line, f.severity])).toEqual([
      [
        'container "proxy" of Deployment web has no memory limit (spec.template.spec.containers[1])',
        16,
        'warning',
      ],
    ]);
  });

  it('reports a policy that throws at run time as a finding naming it, not a crash', () => {
    const { findings } = lintWith(policyConfig('metadata.annotations.owner == "x"'), DEPLOYMENT);
    expect(findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      [
        'p',
        'error',
        'policy "p" failed to evaluate: cannot read "owner" of undefined; use ?. where a field may be missing (assert column 22)',
      ],
    ]);
  });

  it('is silenced by suppressions like any rule, and is known to them', () => {
    const manifest = `# kubelint-disable-next-line p -- legacy\n${DEPLOYMENT}`.replace(
      'metadata:\n  name: web',
      'metadata:\n  name: web\n  annotations: {kubelint.dev/ignore: "p"}',
    );
    const { findings, suppressed, result } = lintWith(policyConfig('false'), manifest);
    expect(findings).toEqual([]);
    expect(suppressed).toHaveLength(1);
    expect(result.findings.filter((f) => f.ruleId === 'suppression-unknown-rule')).toEqual([]);
  });

  it("appears among the run's enabled rules with its config file as docs link", () => {
    const { result } = lintWith(policyConfig('true'), DEPLOYMENT);
    const rule = result.rules.find((r) => r.rule.id === 'p');
    expect(rule?.severity).toBe('warning');
    expect(rule?.rule.meta).toMatchObject({ category: 'policy', description: 'failed' });
    expect(rule?.rule.meta.docsUrl).toMatch(/^file:\/\/.*\.kubelint\.yaml$/);
  });
});

/** The policies of the README's "Writing policies" section, run against manifests that break them. */
describe('README policies', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Writing policies'));
  const config = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

  const BAD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: prod}
spec:
  replicas: 1
  template:
    spec:
      hostNetwork: true
      containers:
        - name: api
          image: docker.io/library/api:1
        - name: sidecar
          image: registry.example.com/proxy:2
          resources: {limits: {memory: 64Mi}}
          securityContext: {runAsNonRoot: true}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: prod, labels: {team: web}}
spec:
  rules: [{host: example.com}]
`;
  const GOOD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: prod, labels: {team: payments}}
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1
          resources: {limits: {memory: 64Mi}}
          securityContext: {runAsNonRoot: true}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: prod, labels: {team: web}}
spec:
  tls: [{hosts: [example.com], secretName: web-tls}]
  rules: [{host: example.com}]
`;

  it('holds five policies', () => {
    expect(config.match(/^ {2}- id: /gm)).toHaveLength(5);
  });

  it('each fires on the bad manifest and none on the good one', () => {
    const bad = lintWith(config, BAD).findings;
    expect(bad.map((f) => `${f.range.start.line} ${f.ruleId}: ${f.message}`)).toEqual([
      '3 team-label: Deployment "api" has no team label',
      '5 prod-replicas: Deployment "api" runs fewer than 2 replicas in prod',
      '8 no-host-network: Deployment "api" shares the node\'s network namespace',
      '10 container-hardening: container "api" needs a memory limit and runAsNonRoot',
      '11 trusted-registry: container "api" of Deployment "api" pulls its image from outside registry.example.com',
    ]);
    expect(lintWith(config, GOOD).findings).toEqual([]);
  });
});

describe('policies from the CLI', () => {
  const BIN = join(import.meta.dirname, '..', 'bin', 'kubelint.js');
  const cli = (args: string[], cwd: string) => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('lints with a policy, lists it in kubelint rules, and exits 2 on a bad one', () => {
    const dir = dirname(
      writeConfig(
        `rules:\n  team-label: error\n${policyConfig('metadata.labels?.team != null').replace('id: p', 'id: team-label')}`,
      ),
    );
    writeFileSync(join(dir, 'deploy.yaml'), DEPLOYMENT);
    const lint = cli(['deploy.yaml', '--format', 'json'], dir);
    expect(lint.code).toBe(1);
    const findings = JSON.parse(lint.stdout) as { ruleId: string; line: number; severity: string }[];
    expect(findings.filter((f) => f.ruleId === 'team-label').map((f) => f.severity)).toEqual(['error']);
    const rules = cli(['rules'], dir);
    expect(rules.stdout).toMatch(/^team-label\s+error\s+policy\s+failed$/m);
    writeFileSync(join(dir, '.kubelint.yaml'), policyConfig('require("child_process")'));
    const bad = cli(['deploy.yaml'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`.kubelint.yaml:4:14: calling "require" is not allowed`);
  });
});
