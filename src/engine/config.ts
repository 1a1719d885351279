import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type * as Yaml from 'yaml';
import type { Node } from 'yaml';
import { CONFIG_FILE_NAMES } from '../load/discover.js';
import type { Severity } from '../load/types.js';
import { embeddedVersions, resolveKubernetesVersion } from '../schema/index.js';
import { compilePolicy, PolicyConfigError } from '../policy/index.js';
import type { Rule } from './rule.js';

export type RuleSetting = { severity: Severity | 'off'; options: Record<string, unknown> };

export interface Config {
  /** The file it came from, undefined for the built-in default. */
  path?: string;
  rules: Map<string, RuleSetting>;
  ignore: string[];
  /** Custom policies declared in `policies:`, as rules. */
  policies: Rule[];
  /** The Kubernetes minor whose schemas validate the files (`1.34`); the newest embedded when unset. */
  kubernetesVersion?: string;
}

export class ConfigError extends Error {
  constructor(
    readonly code:
      'config-parse' | 'config-invalid' | 'config-unknown-rule' | 'config-not-found' | 'config-policy',
    message: string,
    readonly file: string,
    readonly line = 1,
    readonly column = 1,
  ) {
    super(message);
    this.name = 'ConfigError';
  }

  /** One template for every config error: `file:line:col: message (code)`. */
  format(): string {
    return `${this.file}:${this.line}:${this.column}: ${this.message} (${this.code})`;
  }
}

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

export function emptyConfig(): Config {
  return { rules: new Map(), ignore: [], policies: [] };
}

/** Parse `--rule id:severity` style settings. */
export function parseSeverity(value: string): RuleSetting['severity'] | undefined {
  return SEVERITIES.has(value) ? (value as RuleSetting['severity']) : undefined;
}

// The yaml package takes longer to load than linting a small file; most runs (a pre-commit hook on a
// repository without .kubelint.yaml) never read a config, so it is loaded on first use (DESIGN §9).
let yamlModule: typeof Yaml | undefined;
function yaml(): typeof Yaml {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}

/** Read and validate a config file; `knownRules` rejects typos in rule ids. */
export function loadConfigFile(path: string, knownRules: ReadonlySet<string>): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError('config-not-found', 'cannot read config file', path);
  }
  const { LineCounter, parseDocument, isMap, isScalar, isSeq } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at: At = (node, code, message, offset) => {
    const pos = lineCounter.linePos(offset ?? node?.range?.[0] ?? 0);
    return new ConfigError(code, message, path, pos.line, pos.col);
  };
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lineCounter.linePos(firstError.pos[0]);
    throw new ConfigError(
      'config-parse',
      firstError.message.split('\n')[0] ?? 'invalid YAML',
      path,
      pos.line,
      pos.col,
    );
  }
  const config: Config = { path, rules: new Map(), ignore: [], policies: [] };
  if (doc.contents === null) return config;
  if (!isMap(doc.contents)) throw at(doc.contents, 'config-invalid', 'config must be a mapping');
  const keyOf = (pair: { key: unknown }): string => (isScalar(pair.key) ? String(pair.key.value) : '');
  // Policies first: `rules:` may set the severity of a policy declared further down.
  const pairs = [...doc.contents.items].sort(
    (a, b) => +(keyOf(b) === 'policies') - +(keyOf(a) === 'policies'),
  );
  const known = new Set(knownRules);
  for (const pair of pairs) {
    const key = keyOf(pair);
    const value = pair.value as Node | null;
    if (key === 'policies') {
      config.policies = loadPolicies(value ?? pair.key, path, text, at, knownRules);
      for (const p of config.policies) known.add(p.id);
    } else if (key === 'rules') {
      if (!isMap(value))
        throw at(value ?? pair.key, 'config-invalid', '"rules" must be a mapping of rule id to severity');
      for (const rulePair of value.items) {
        const id = isScalar(rulePair.key) ? String(rulePair.key.value) : '';
        const settingNode = rulePair.value as Node | null;
        if (!known.has(id)) throw at(rulePair.key as Node, 'config-unknown-rule', `unknown rule "${id}"`);
        config.rules.set(id, ruleSetting(settingNode, at));
      }
    } else if (key === 'ignore') {
      if (!isSeq(value) || !value.items.every((i) => isScalar(i) && typeof i.value === 'string'))
        throw at(value ?? pair.key, 'config-invalid', '"ignore" must be a list of glob strings');
      config.ignore = value.items.map((i) => String((i as { value: unknown }).value));
    } else if (key === 'kubernetesVersion') {
      if (!isScalar(value) || !/^v?1\.\d+$/.test(String(value.value)))
        throw at(
          value ?? pair.key,
          'config-invalid',
          '"kubernetesVersion" must be a Kubernetes minor version such as "1.34"',
        );
      const version = resolveKubernetesVersion(String(value.value));
      if (!version)
        throw at(
          value,
          'config-invalid',
          `kubelint has no schemas for Kubernetes ${String(value.value)} (embedded: ${embeddedVersions().join(', ')})`,
        );
      config.kubernetesVersion = version;
    } else {
      throw at(
        pair.key,
        'config-invalid',
        `unknown config field "${key}" (supported: rules, ignore, kubernetesVersion, policies)`,
      );
    }
  }
  return config;
}

type At = (
  node: Node | null | undefined,
  code: ConfigError['code'],
  message: string,
  offset?: number,
) => ConfigError;

/** Compile `policies:`; a policy's problem points at the offending node, or into its `assert` text. */
function loadPolicies(
  node: Node,
  file: string,
  text: string,
  at: At,
  knownRules: ReadonlySet<string>,
): Rule[] {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  if (!isSeq(node)) throw at(node, 'config-invalid', '"policies" must be a list of policies');
  const policies: Rule[] = [];
  for (const item of node.items as Node[]) {
    let policy: Rule;
    try {
      policy = compilePolicy(item.toJSON(), file);
    } catch (err) {
      if (!(err instanceof PolicyConfigError)) throw err;
      let target: unknown = item;
      // Unknown fields point at their key, everything else at the value.
      for (const [i, seg] of err.path.entries()) {
        const pair = isMap(target)
          ? target.items.find((p) => isScalar(p.key) && p.key.value === seg)
          : undefined;
        target = isSeq(target)
          ? target.items[Number(seg)]
          : i === err.path.length - 1 &&
              err.offset === undefined &&
              isPair(pair) &&
              /^unknown/.test(err.message)
            ? pair.key
            : pair?.value;
        if (!target) break;
      }
      const located = (target ?? item) as Node;
      const offset =
        isScalar(located) && err.offset !== undefined ? scalarOffset(text, located, err.offset) : undefined;
      throw at(located, 'config-policy', err.message, offset);
    }
    if (knownRules.has(policy.id) || policies.some((p) => p.id === policy.id)) {
      const id = isMap(item) ? item.items.find((p) => isScalar(p.key) && p.key.value === 'id')?.value : item;
      throw at(
        id as Node,
        'config-policy',
        `policy id "${policy.id}" is already a ${knownRules.has(policy.id) ? 'built-in rule' : 'policy'}`,
      );
    }
    policies.push(policy);
  }
  return policies;
}

/**
 * The file offset of character `index` of a scalar's value. Quoting, escapes, block indentation and
 * folding make the value differ from its source text, so walk both: each value character is found at
 * or after the previous one in the source (escapes and folds map near enough for an error position).
 */
function scalarOffset(text: string, node: Node, index: number): number {
  const [start = 0, end = start] = node.range ?? [];
  const raw = (node as { value?: unknown }).value;
  const value = typeof raw === 'string' ? raw : '';
  let src = start;
  for (let i = 0; i < index && i < value.length; i++) {
    const found = text.indexOf(value[i] ?? '', src);
    if (found !== -1 && found < end && text.slice(src, found).trim().length <= 2) src = found + 1;
  }
  // Skip to the next occurrence of the character at `index` itself (past indentation or a quote).
  const here = text.indexOf(value[index] ?? '', src);
  return here !== -1 && here < end && text.slice(src, here).trim().length <= 2 ? here : src;
}

function ruleSetting(node: Node | null, at: At): RuleSetting {
  const { isMap, isScalar, isSeq } = yaml();
  const expected = 'a rule setting must be off, info, warning or error, or [severity, {options}]';
  if (isScalar(node)) {
    const severity = parseSeverity(String(node.value));
    if (!severity) throw at(node, 'config-invalid', expected);
    return { severity, options: {} };
  }
  if (isSeq(node)) {
    const [sev, opts] = node.items as (Node | undefined)[];
    const severity = isScalar(sev) ? parseSeverity(String(sev.value)) : undefined;
    if (!severity || node.items.length > 2) throw at(node, 'config-invalid', expected);
    if (opts !== undefined && !isMap(opts))
      throw at(opts, 'config-invalid', 'rule options must be a mapping');
    const options = (opts?.toJSON() ?? {}) as Record<string, unknown>;
    return { severity, options };
  }
  throw at(node, 'config-invalid', expected);
}

/** Finds the nearest config file upward from each linted file's directory, caching per directory. */
export class ConfigResolver {
  private readonly byDir = new Map<string, Config>();
  private readonly byPath = new Map<string, Config>();

  constructor(
    private readonly knownRules: ReadonlySet<string>,
    private readonly explicit?: string,
  ) {}

  forFile(file: string): Config {
    if (this.explicit) return this.load(resolve(this.explicit));
    return this.forDir(dirname(resolve(file)));
  }

  private forDir(dir: string): Config {
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    const found = CONFIG_FILE_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
    const parent = dirname(dir);
    const config = found ? this.load(found) : parent === dir ? emptyConfig() : this.forDir(parent);
    this.byDir.set(dir, config);
    return config;
  }

  private load(path: string): Config {
    let config = this.byPath.get(path);
    if (!config) {
      config = loadConfigFile(path, this.knownRules);
      this.byPath.set(path, config);
    }
    return config;
  }
}
