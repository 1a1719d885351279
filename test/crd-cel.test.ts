import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRule, safePattern, syntaxMistake } from '../src/schema/cel/env.js';
import { fieldPathOf } from '../src/schema/cel/rules.js';
import { crdYaml, schemaFindings, schemaLint } from './crd-helpers.js';

const lint = schemaLint;
const findings = (files: Record<string, string>): string[] => schemaFindings(files, { severity: true });

/** A Scaler CRD whose spec schema is `spec` (indented under spec:), with root-level rules `root`. */
const crd = (spec: string, root = ''): string => crdYaml('Scaler', spec, root);

const SCALER = crd(
  `type: object
x-kubernetes-validations:
  - rule: self.minReplicas <= self.maxReplicas
    message: minReplicas must not exceed maxReplicas
    fieldPath: .minReplicas
  - rule: "!has(self.mode) || self.mode in ['fast', 'safe']"
  - rule: self.replicas == oldSelf.replicas
properties:
  minReplicas: {type: integer}
  maxReplicas: {type: integer, default: 10}
  replicas: {type: integer}
  mode: {type: string}
  ratio: {type: number, x-kubernetes-validations: [{rule: self >= 0.5, message: too low}]}
  ports:
    type: array
    items:
      type: object
      x-kubernetes-validations:
        - rule: self.port > 1024 || self.privileged
          messageExpression: "'port ' + string(self.port) + ' needs privileged: true'"
      properties:
        port: {type: integer}
        privileged: {type: boolean, default: false}
  tags:
    type: array
    items: {type: string}
    x-kubernetes-validations:
      - rule: self.isSorted() && self.all(t, t.matches('^[a-z]+$'))
        message: tags must be sorted lowercase words
`,
  `x-kubernetes-validations:
  - {rule: "self.metadata.name.startsWith('s-')", message: name must start with s-}`,
);

const cr = (name: string, spec: string): string =>
  `apiVersion: example.com/v1\nkind: Scaler\nmetadata: {name: ${name}}\nspec:\n${spec.replace(/^/gm, '  ')}`;

describe('x-kubernetes-validations (CEL) on custom resources', () => {
  it('accepts a resource that keeps every rule, with defaults applied first', () => {
    const ok = cr(
      's-ok',
      'minReplicas: 5\nmode: fast\nratio: 0.5\nports: [{port: 8080}, {port: 80, privileged: true}]\ntags: [a, b]\n',
    );
    expect(findings({ 'crd.yaml': SCALER, 'cr.yaml': ok })).toEqual([]);
  });

  it("reports a false rule with its message, messageExpression or the API server's failed rule, at fieldPath or the value", () => {
    const bad = cr(
      'bad',
      'minReplicas: 20\nmode: slow\nratio: 0.25\nports:\n  - {port: 8080}\n  - {port: 80}\ntags: [b, a]\n',
    );
    expect(findings({ 'crd.yaml': SCALER, 'cr.yaml': bad })).toEqual([
      'cr.yaml 1:1 error crd-validation-rule name must start with s-',
      "cr.yaml 5:3 error crd-validation-rule spec: failed rule: !has(self.mode) || self.mode in ['fast', 'safe']",
      'cr.yaml 5:16 error crd-validation-rule spec.minReplicas: minReplicas must not exceed maxReplicas',
      'cr.yaml 7:10 error crd-validation-rule spec.ratio: too low',
      'cr.yaml 10:7 error crd-validation-rule spec.ports[1]: port 80 needs privileged: true',
      'cr.yaml 11:9 error crd-validation-rule spec.tags: tags must be sorted lowercase words',
    ]);
  });

  it('reports an unset field a rule reads (the API server\'s "no such key"), but not one the schema does not declare', () => {
    const schema = crd(`type: object
x-kubernetes-validations:
  - rule: self.limit > 1
  - rule: self.undeclared > 1
  - rule: self.items[3] == 1
  - rule: self.limit / self.zero > 0
properties:
  limit: {type: integer}
  zero: {type: integer}
  items: {type: array, items: {type: integer}}
`);
    expect(findings({ 'crd.yaml': schema, 'cr.yaml': cr('c', 'items: [1]\n') })).toEqual([
      'cr.yaml 5:3 error crd-validation-rule spec: no such key: limit evaluating rule: self.limit > 1',
      'cr.yaml 5:3 error crd-validation-rule spec: no such key: index out of bounds, index 3 >= size 1 evaluating rule: self.items[3] == 1',
      'cr.yaml 5:3 error crd-validation-rule spec: no such key: limit evaluating rule: self.limit / self.zero > 0',
    ]);
    expect(
      findings({ 'crd.yaml': schema, 'cr.yaml': cr('c', 'items: [1, 2, 3, 1]\nlimit: 5\nzero: 0\n') }),
    ).toEqual([
      'cr.yaml 5:3 error crd-validation-rule spec: division by zero evaluating rule: self.limit / self.zero > 0',
    ]);
    // CEL sees only name and generateName of metadata: reading labels does not compile there, even
    // where another object of the schema declares labels.
    const labels = crd(
      `type: object
properties:
  template:
    type: object
    properties:
      metadata: {type: object, properties: {labels: {type: object, additionalProperties: {type: string}}}}
`,
      'x-kubernetes-validations: [{rule: "self.metadata.labels.size() > 0"}]',
    );
    expect(findings({ 'crd.yaml': labels, 'cr.yaml': cr('c', 'template: {}\n') })).toEqual([]);
  });

  it('skips a rule whose string indexes or ordering would count UTF-16 units where CEL counts code points', () => {
    const schema = crd(`type: object
x-kubernetes-validations:
  - rule: self.s.indexOf('x') == 1
  - rule: self.s.matches('^.x$')
  - rule: self.s.size() == 2
properties:
  s: {type: string}
`);
    // cel-go: "🚀x".indexOf("x") is 1 and "^.x$" matches; UTF-16 would say 2 and no match.
    expect(findings({ 'crd.yaml': schema, 'cr.yaml': cr('c', 's: "🚀x"\n') })).toEqual([]);
    expect(findings({ 'crd.yaml': schema, 'cr.yaml': cr('c', 's: "ayx"\n') })).toEqual([
      "cr.yaml 5:3 error crd-validation-rule spec: failed rule: self.s.indexOf('x') == 1",
      "cr.yaml 5:3 error crd-validation-rule spec: failed rule: self.s.matches('^.x$')",
      'cr.yaml 5:3 error crd-validation-rule spec: failed rule: self.s.size() == 2',
    ]);
  });

  it('types values like the API server: integer is int, number is double, int-or-string either', () => {
    const schema = crd(`type: object
x-kubernetes-validations:
  - rule: self.count + 1 == 3
  - rule: self.ratio + 0.5 == 2.0
  - rule: "type(self.port) == int ? self.port > 0 : self.port.startsWith('http')"
  - rule: self.free.n + 1 == 2 && self.free.s == 'x'
properties:
  count: {type: integer}
  ratio: {type: number}
  port: {x-kubernetes-int-or-string: true}
  free: {type: object, x-kubernetes-preserve-unknown-fields: true}
`);
    const good = cr('c', 'count: 2\nratio: 1.5\nport: 8080\nfree: {n: 1, s: x}\n');
    expect(findings({ 'crd.yaml': schema, 'cr.yaml': good })).toEqual([]);
    expect(
      findings({
        'crd.yaml': schema,
        'cr.yaml': cr('c', 'count: 2\nratio: 1.5\nport: ftp\nfree: {n: 1, s: x}\n'),
      }),
    ).toEqual([
      "cr.yaml 5:3 error crd-validation-rule spec: failed rule: type(self.port) == int ? self.port > 0 : self.port.startsWith('http')",
    ]);
  });
});

describe('CEL rules in the style of real CRDs (Gateway API policy targets)', () => {
  it('checks nested comprehensions, has() and ternaries over defaulted list items', () => {
    const text = readFileSync(join(import.meta.dirname, 'fixtures', 'crd-cel', 'policies.yaml'), 'utf8');
    expect(findings({ 'policies.yaml': text })).toEqual([
      'policies.yaml 58:9 error crd-validation-rule spec.refs: section must be set when two refs name the same target',
      'policies.yaml 58:9 error crd-validation-rule spec.refs: section must be unique per target',
      'policies.yaml 59:11 error crd-validation-rule spec.hosts[0]: a wildcard must be the first label',
    ]);
  });
});

describe('x-kubernetes-validations kubelint does not evaluate', () => {
  it('says so once per CustomResourceDefinition, and skips transition rules and costly or unsafe rules without a finding', () => {
    const schema = crd(`type: object
x-kubernetes-validations:
  - rule: self.url.isURL()
  - rule: quantity(self.size).isGreaterThan(quantity('1Gi'))
  - rule: self.name.matches('^(a+)+$')
  - rule: self.replicas >= oldSelf.replicas
  - rule: self.items.all(a, self.items.all(b, self.items.all(c, false)))
    message: never true
properties:
  url: {type: string}
  size: {type: string}
  name: {type: string}
  replicas: {type: integer}
  items: {type: array, items: {type: integer}}
`);
    const items = Array.from({ length: 3000 }, (_, i) => i).join(', ');
    const resource = cr(
      'c',
      `url: "::"\nsize: 1Mi\nname: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\nreplicas: 1\nitems: [${items}]\n`,
    );
    expect(findings({ 'crd.yaml': schema, 'cr.yaml': resource })).toEqual([
      "crd.yaml 20:25 info crd-validation-rule kubelint does not check 3 of the 5 x-kubernetes-validations rules of this CustomResourceDefinition; the first, spec.versions[0].schema.openAPIV3Schema.properties.spec.x-kubernetes-validations[0].rule: kubelint cannot evaluate it (found no matching overload for 'dyn.isURL()')",
    ]);
  });

  it('reports a rule that is not CEL, and the text checks of the API server, as crd-schema-invalid', () => {
    const schema = crd(`type: object
x-kubernetes-validations:
  - rule: self.a +
  - rule: "  "
  - {rule: self.a > 0, message: " "}
  - {rule: "self.a > 0 &&\\n self.a < 9"}
  - {rule: self.a > 0, messageExpression: "'a is ' +"}
  - {rule: self.a > 0, reason: FieldValueWrong}
properties:
  a: {type: integer}
`);
    const at = 'spec.versions[0].schema.openAPIV3Schema.properties.spec.x-kubernetes-validations';
    expect(findings({ 'crd.yaml': schema })).toEqual([
      `crd.yaml 20:19 error crd-schema-invalid ${at}[0].rule is not valid CEL: it ends with "+"`,
      `crd.yaml 21:19 error crd-schema-invalid ${at}[1].rule must not be empty (rule is not specified)`,
      `crd.yaml 22:38 error crd-schema-invalid ${at}[2].message must be non-empty if specified`,
      `crd.yaml 23:19 error crd-schema-invalid ${at}[3].message must be specified if rule contains line breaks`,
      `crd.yaml 24:38 error crd-schema-invalid ${at}[4].messageExpression is not valid CEL: it ends with "+"`,
      `crd.yaml 25:38 error crd-schema-invalid ${at}[5].reason must be one of "FieldValueInvalid", "FieldValueForbidden", "FieldValueRequired", "FieldValueDuplicate"`,
    ]);
  });
});

describe('malformed extensions', () => {
  it('never throw, on the CRD or its resources', () => {
    const nodes = [
      'x-kubernetes-validations: rule',
      'x-kubernetes-validations: [1, null, {rule: 5}, {rule: "self", message: 3}, {rule: "self.a", fieldPath: 7}]',
      'x-kubernetes-validations: [{rule: "self.a.b.c.d == 1", fieldPath: ".a[\'x"}, {rule: "[1,2,3].map(x, [x, x]).size() == 3"}]',
      'x-kubernetes-validations: [{rule: "self.size() > 0", messageExpression: "1 + 1"}, {rule: "self.x", message: ok}]',
      'x-kubernetes-list-type: map\nx-kubernetes-list-map-keys: name',
      'x-kubernetes-list-type: [set]\nx-kubernetes-map-type: 1',
      'default: [a]',
      'default: {a: {b: [1, {c: null}]}}',
    ];
    for (const node of nodes) {
      const schema = crd(
        `type: object\n${node}\nproperties:\n  a: {type: object, x-kubernetes-preserve-unknown-fields: true}\n  l: {type: array, items: {type: object}}`,
      );
      for (const spec of ['a: {b: 1}\nl: [{}, {}]\n', 'a: null\nl: [1, null]\n', 'a: [1]\n'])
        expect(() => lint({ 'crd.yaml': schema, 'cr.yaml': cr('s-x', spec) })).not.toThrow();
    }
  });
});

describe('CEL rules on the defaults of a CustomResourceDefinition', () => {
  it('reports a default that breaks a rule of its own node, as the API server refuses it', () => {
    const schema = crd(`type: object
properties:
  window:
    type: object
    default: {min: 5, max: 1}
    x-kubernetes-validations: [{rule: self.min <= self.max, message: min must not exceed max}]
    properties:
      min: {type: integer}
      max: {type: integer}
  ok: {type: integer, default: 3, x-kubernetes-validations: [{rule: self > 0}]}
`);
    expect(findings({ 'crd.yaml': schema })).toEqual([
      'crd.yaml 22:19 error crd-schema-invalid spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.window.default breaks the x-kubernetes-validations rules of its schema, so the API server refuses the CustomResourceDefinition: min must not exceed max',
    ]);
  });
});

describe('the CEL library kubelint adds', () => {
  const run = (rule: string, self: unknown = {}): unknown => {
    const compiled = compileRule(rule);
    if (compiled.status !== 'ok') return compiled.status;
    try {
      return compiled.program({ self }) as unknown;
    } catch (err) {
      return `error: ${(err as Error).message.split('\n')[0]}`;
    }
  };

  it('has the Kubernetes list functions', () => {
    expect(run('[1, 2, 2, 5].isSorted() && !["b", "a"].isSorted()')).toBe(true);
    expect(run('[1, 2, 3].sum() == 6 && [1.5, 2.5].sum() == 4.0 && [].sum() == 0')).toBe(true);
    expect(run('[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3 && ["b", "a"].min() == "a"')).toBe(true);
    expect(run('[1, 2, 1].indexOf(1) == 0 && [1, 2, 1].lastIndexOf(1) == 2 && [1].indexOf(5) == -1')).toBe(
      true,
    );
    expect(run('[9223372036854775807, 1].sum()')).toMatch(/^error: .*integer overflow/);
    expect(run('[].min()')).toMatch(/^error: /);
  });

  it('has the Kubernetes string functions, counting code points', () => {
    expect(run('"héllo🚀x".charAt(5) == "🚀" && "abc".charAt(3) == ""')).toBe(true);
    expect(run('"a-b-c".replace("-", "+") == "a+b+c" && "a-b-c".replace("-", "+", 1) == "a+b-c"')).toBe(true);
    expect(run('"abc".lowerAscii() == "abc" && "a,b".split(",").size() == 2 && " x ".trim() == "x"')).toBe(
      true,
    );
  });

  it('has the CEL macros and int/uint/double semantics', () => {
    expect(
      run(
        '[1, 2, 3].exists_one(x, x > 2) && [1, 2].map(x, x * 2) == [2, 4] && [1, 2, 3].filter(x, x > 1).size() == 2',
      ),
    ).toBe(true);
    expect(run('7 / 2 == 3 && 7 % 2 == 1 && 7.0 / 2.0 == 3.5 && 1u + 2u == 3u')).toBe(true);
    expect(run('9223372036854775807 + 1')).toMatch(/^error: .*overflow/);
    expect(run('has(self.a) || !has(self.b)', { a: 1n })).toBe(true);
  });

  it('evaluates matches() only for patterns RE2 and JavaScript read alike, without catastrophic backtracking', () => {
    for (const ok of ['^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', '^\\d+(\\.\\d+)?$', 'ab|cd', '^[^/]+/[^/]+$'])
      expect(safePattern(ok), ok).toBe(true);
    for (const bad of [
      '(a+)+$',
      '(a|aa)*',
      '(?i)abc',
      '(?=a)b',
      '(a)\\1',
      '\\pL',
      'a*a*a*a*b',
      '[[:alpha:]]',
      '(',
    ])
      expect(safePattern(bad), bad).toBe(false);
  });

  it('calls a rule invalid only for mistakes no CEL parser accepts', () => {
    expect(syntaxMistake('self.a +')).toBe('it ends with "+"');
    expect(syntaxMistake('(self.a > 1')).toBe('"(" is not closed');
    expect(syntaxMistake('self.a[0)]')).toBe('")" does not close an open bracket');
    expect(syntaxMistake('self.s == "abc')).toBe('a string literal is not terminated');
    expect(syntaxMistake("self.s == 'a\nb'")).toBe(
      'a string literal is not terminated before the end of the line',
    );
    for (const valid of [
      "self.s == ')' && self.t == \"[\" // a comment with ( and '",
      "self.s == '''multi\nline ( '''",
      'self.s == r"\\d(" && b"\\x00" == b"\\x00"',
      '[?self.?x].size() == 0',
      '.5 < 1.0',
    ])
      expect(syntaxMistake(valid), valid).toBeUndefined();
    // Valid CEL the interpreter's parser does not read is not checked, rather than called invalid.
    expect(compileRule('[?self.?x].size() == 0').status).toBe('unsupported');
    expect(compileRule('.5 < 1.0').status).toBe('unsupported');
    expect(compileRule('self.a +').status).toBe('invalid');
  });

  it('reads fieldPath like the API server', () => {
    expect(fieldPathOf('.spec.replicas')).toEqual(['spec', 'replicas']);
    expect(fieldPathOf(".labels['app.kubernetes.io/name']")).toEqual(['labels', 'app.kubernetes.io/name']);
    expect(fieldPathOf('.ports[1].name')).toEqual(['ports', 1, 'name']);
    expect(fieldPathOf('spec')).toBeUndefined();
  });

  it('comes from a package that never compiles expressions to JavaScript (no eval, Function or vm)', () => {
    const lib = dirname(createRequire(import.meta.url).resolve('@marcbachmann/cel-js'));
    const sources = readdirSync(lib).filter((f) => f.endsWith('.js'));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      const text = readFileSync(join(lib, file), 'utf8');
      expect(text, file).not.toMatch(
        /new Function\b|[^\w.]Function\(|[^\w.]eval\(|require\(['"](node:)?vm['"]\)|from ['"](node:)?vm['"]/,
      );
    }
  });
});

describe('kubelint with CEL rules (CLI)', () => {
  it('fails on a broken rule, with the finding at the field the rule names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelint-cel-'));
    writeFileSync(join(dir, 'crd.yaml'), SCALER);
    writeFileSync(join(dir, 'scaler.yaml'), cr('s-1', 'minReplicas: 11\n'));
    const bin = join(import.meta.dirname, '..', 'bin', 'kubelint.js');
    const r = spawnSync(process.execPath, [bin, '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as {
      file: string;
      ruleId: string;
      message: string;
      range: { start: { line: number; column: number } };
    }[];
    expect(
      report.map((f) => `${f.file} ${f.range.start.line}:${f.range.start.column} ${f.ruleId} ${f.message}`),
    ).toEqual([
      'scaler.yaml 5:16 crd-validation-rule spec.minReplicas: minReplicas must not exceed maxReplicas',
    ]);
    writeFileSync(join(dir, 'scaler.yaml'), cr('s-1', 'minReplicas: 10\n'));
    expect(spawnSync(process.execPath, [bin, '.'], { cwd: dir, encoding: 'utf8' }).status).toBe(0);
  });
});
