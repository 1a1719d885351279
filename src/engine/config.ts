import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type * as Yaml from 'yaml';
import type { Node } from 'yaml';
import { CONFIG_FILE_NAMES } from '../load/discover.js';
import type { Severity } from '../load/types.js';
import { embeddedVersions, resolveKubernetesVersion } from '../schema/index.js';
import { compilePolicy, PolicyConfigError, type PolicyRule } from '../policy/index.js';
import { closestName } from '../policy/names.js';
import { configSchemaProblem } from './config-schema.js';
import { CORE_RULES } from './core-rules.js';
import { inPreset, isPreset, presetIsEmpty, type Preset } from './presets.js';
import type { RuleInfo } from './rule.js';

/** `default`: on, each finding at the severity the rule gives it (what a preset enables). */
export type RuleSetting = { severity: Severity | 'off' | 'default'; options: Record<string, unknown> };

export interface Config {
  /** The file it came from, undefined for the built-in default. */
  path?: string;
  /** Severities set in `rules:` (merged over everything extended); they win over presets. */
  rules: Map<string, RuleSetting>;
  /** Rules on at their default severity unless `rules:` says otherwise: the presets' and the policies. */
  enabled: ReadonlySet<string>;
  /** The presets in effect (`recommended` when the config and what it extends name none). */
  presets: Preset[];
  ignore: string[];
  /** Custom policies declared in `policies:` (and in the configs it extends), as rules. */
  policies: PolicyRule[];
  /** The Kubernetes minor whose schemas validate the files (`1.34`); the newest embedded when unset. */
  kubernetesVersion?: string;
  /** `schemaDirs:` of the config and what it extends, as absolute paths (each relative to its file). */
  schemaDirs: string[];
}

export class ConfigError extends Error {
  constructor(
    readonly code:
      | 'config-parse'
      | 'config-invalid'
      | 'config-unknown-rule'
      | 'config-not-found'
      | 'config-policy'
      | 'config-extends',
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
const PACKAGE_JSON = 'package.json';
const PACKAGE_KEY = 'kubelint';

/** Parse `--rule id:severity` style settings. */
export function parseSeverity(value: string): Exclude<RuleSetting['severity'], 'default'> | undefined {
  return SEVERITIES.has(value) ? (value as Exclude<RuleSetting['severity'], 'default'>) : undefined;
}

const DEFAULT: RuleSetting = { severity: 'default', options: {} };
const OFF: RuleSetting = { severity: 'off', options: {} };

/** How a config sets a rule: its `rules:` entry, else on at defaults when enabled, else off. */
export function settingIn(config: Config, ruleId: string): RuleSetting {
  return config.rules.get(ruleId) ?? (config.enabled.has(ruleId) ? DEFAULT : OFF);
}

// The yaml package takes longer to load than linting a small file; most runs (a pre-commit hook on a
// repository without .kubelint.yaml) never read a config, so it is loaded on first use (DESIGN §9).
let yamlModule: typeof Yaml | undefined;
function yaml(): typeof Yaml {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}

type At = (
  node: Node | null | undefined,
  code: ConfigError['code'],
  message: string,
  offset?: number,
) => ConfigError;

/** One config file as read: its root mapping node (package.json: the `kubelint` key's value). */
interface ConfigSource {
  path: string;
  text: string;
  root: Node | null;
  at: At;
  /** `file:line:col` of a node, to name places in messages. */
  where(node: Node | null | undefined): string;
}

/** One file's settings merged over what it extends. */
interface Layer {
  presets: Preset[];
  rules: Map<string, RuleSetting>;
  ignore: string[];
  policies: PolicyRule[];
  /** Policy id → `file:line:col` of its declaration, to name both places of a duplicate. */
  origins: Map<string, string>;
  kubernetesVersion?: string;
  schemaDirs: string[];
}

/** Whether package.json in `dir` carries a `kubelint` key (a package.json that is not JSON is not ours). */
function packageJsonHasConfig(path: string): boolean {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null && PACKAGE_KEY in value;
  } catch {
    return false;
  }
}

/**
 * The config file of a directory, in precedence order: `.kubelint.yaml`, `.kubelint.yml`, then the
 * `kubelint` key of `package.json`.
 */
export function configFileIn(dir: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  const pkg = join(dir, PACKAGE_JSON);
  return existsSync(pkg) && packageJsonHasConfig(pkg) ? pkg : undefined;
}

function readSource(path: string): ConfigSource {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError('config-not-found', 'cannot read config file', path);
  }
  const { LineCounter, parseDocument, isMap, isScalar } = yaml();
  const lineCounter = new LineCounter();
  // JSON is YAML: package.json goes through the same parser, so its errors are positioned too.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const posOf = (node: Node | null | undefined, offset?: number): { line: number; col: number } =>
    lineCounter.linePos(offset ?? node?.range?.[0] ?? 0);
  const at: At = (node, code, message, offset) => {
    const pos = posOf(node, offset);
    return new ConfigError(code, message, path, pos.line, pos.col);
  };
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lineCounter.linePos(firstError.pos[0]);
    const message = firstError.message.split('\n')[0] ?? 'invalid YAML';
    throw new ConfigError('config-parse', message, path, pos.line, pos.col);
  }
  let root = doc.contents as Node | null;
  if (basename(path) === PACKAGE_JSON) {
    const pair = isMap(root)
      ? root.items.find((p) => isScalar(p.key) && p.key.value === PACKAGE_KEY)
      : undefined;
    if (!pair) throw at(root, 'config-invalid', `${PACKAGE_JSON} has no "${PACKAGE_KEY}" key`);
    root = (pair.value ?? null) as Node | null;
  }
  const where = (node: Node | null | undefined): string => {
    const pos = posOf(node);
    return `${path}:${pos.line}:${pos.col}`;
  };
  return { path, text, root, at, where };
}

/** The node at a path of keys and indices under `root`, and the pair's key node for `key`. */
function nodeAt(root: Node | null, path: readonly string[], key = false): Node | null | undefined {
  const { isMap, isSeq, isScalar } = yaml();
  let node: unknown = root;
  for (const [i, seg] of path.entries()) {
    if (isSeq(node)) node = node.items[Number(seg)];
    else if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      node = key && i === path.length - 1 ? pair?.key : pair?.value;
    } else return node as Node;
    if (!node) return undefined;
  }
  return node as Node;
}

/**
 * The config's plain value, with an unquoted `kubernetesVersion: 1.30` read as the text "1.30" it was
 * written as: YAML makes it the float 1.3, which names another Kubernetes minor.
 */
function plainValue(source: ConfigSource): unknown {
  const { isMap, isScalar } = yaml();
  const root = source.root;
  const value = root ? (root.toJSON() as unknown) : {};
  if (isMap(root) && value && typeof value === 'object') {
    const version = nodeAt(root, ['kubernetesVersion']);
    if (isScalar(version) && typeof version.value === 'number' && version.range)
      (value as Record<string, unknown>).kubernetesVersion = source.text
        .slice(version.range[0], version.range[1])
        .trim();
  }
  return value;
}

/** Reads config files with what they extend; one per resolver, caching each file's merged layer. */
class ConfigLoader {
  private readonly layers = new Map<string, Layer>();
  private readonly known: ReadonlySet<string>;
  private readonly core: ReadonlySet<string>;

  constructor(private readonly rules: readonly RuleInfo[]) {
    this.known = new Set(rules.map((r) => r.id));
    this.core = new Set(CORE_RULES.map((r) => r.id));
  }

  /** The config of a file: presets expanded into the rules they enable. */
  config(path: string): Config {
    const layer = this.layer(path, []);
    return this.configOf(layer, path);
  }

  defaultConfig(): Config {
    return this.configOf(emptyLayer(), undefined);
  }

  private configOf(layer: Layer, path: string | undefined): Config {
    const presets: Preset[] = layer.presets.length ? layer.presets : ['recommended'];
    const enabled = new Set(
      this.rules.filter((r) => presets.some((p) => inPreset(p, r, this.core.has(r.id)))).map((r) => r.id),
    );
    for (const p of layer.policies) enabled.add(p.id);
    const config: Config = {
      rules: layer.rules,
      enabled,
      presets,
      ignore: layer.ignore,
      policies: layer.policies,
      schemaDirs: layer.schemaDirs,
    };
    if (path !== undefined) config.path = path;
    if (layer.kubernetesVersion) config.kubernetesVersion = layer.kubernetesVersion;
    return config;
  }

  private layer(path: string, chain: readonly string[]): Layer {
    const cached = this.layers.get(path);
    if (cached) return cached;
    const layer = this.read(path, [...chain, path]);
    this.layers.set(path, layer);
    return layer;
  }

  private read(path: string, chain: readonly string[]): Layer {
    const source = readSource(path);
    const { root, at } = source;
    const value = plainValue(source) as { kubernetesVersion?: unknown; ignore?: string[] };
    const problem = configSchemaProblem(value);
    if (problem)
      throw at(
        nodeAt(root, problem.path, problem.key) ?? root,
        problem.policy ? 'config-policy' : 'config-invalid',
        problem.message,
      );
    if (!root) return emptyLayer();
    const inherited = this.extended(source, chain);
    const own = emptyLayer();
    const version = nodeAt(root, ['kubernetesVersion']);
    if (version) {
      const raw = String(value.kubernetesVersion);
      const resolved = resolveKubernetesVersion(raw);
      if (!resolved)
        throw at(
          version,
          'config-invalid',
          `kubelint has no schemas for Kubernetes ${raw} (embedded: ${embeddedVersions().join(', ')})`,
        );
      own.kubernetesVersion = resolved;
    }
    const policies = nodeAt(root, ['policies']);
    if (policies)
      this.policies(source, policies, own.kubernetesVersion ?? inherited.kubernetesVersion, inherited, own);
    const rules = nodeAt(root, ['rules']);
    const { isMap, isScalar } = yaml();
    if (isMap(rules)) {
      const known = new Set([...this.known, ...inherited.origins.keys(), ...own.origins.keys()]);
      for (const pair of rules.items) {
        const id = isScalar(pair.key) ? String(pair.key.value) : '';
        if (!known.has(id)) {
          const hint = closestName(id, known);
          throw at(
            pair.key as Node,
            'config-unknown-rule',
            `unknown rule "${id}"${hint ? `; did you mean "${hint}"?` : ''}`,
          );
        }
        own.rules.set(id, settingOf((pair.value as Node | null)?.toJSON() as unknown));
      }
    }
    if (value.ignore) own.ignore = value.ignore;
    own.schemaDirs = schemaDirsOf(source);
    return merge(inherited, own);
  }

  /** The layers named by `extends:`, merged in order (later wins); presets are collected. */
  private extended(source: ConfigSource, chain: readonly string[]): Layer {
    const { isSeq, isScalar } = yaml();
    const node = nodeAt(source.root, ['extends']);
    let merged = emptyLayer();
    if (!isSeq(node)) return merged;
    for (const item of node.items as Node[]) {
      const name = isScalar(item) ? String(item.value) : '';
      if (isPreset(name)) {
        if (presetIsEmpty(name, this.rules))
          throw source.at(
            item,
            'config-extends',
            `no rules implement ${name} yet, so extending it would check nothing`,
          );
        if (!merged.presets.includes(name)) merged.presets = [...merged.presets, name];
        continue;
      }
      const target = resolve(dirname(source.path), name);
      if (chain.includes(target)) {
        const base = dirname(chain[0] ?? source.path);
        const show = (p: string): string => {
          const rel = relative(base, p);
          return rel.startsWith('..') ? rel : `./${rel}`;
        };
        throw source.at(
          item,
          'config-extends',
          `extends cycle: ${[...chain.slice(chain.indexOf(target)), target].map(show).join(' → ')}`,
        );
      }
      if (!existsSync(target))
        throw source.at(item, 'config-extends', `cannot find "${name}" (resolved to ${target})`);
      const layer = this.layer(target, chain);
      merged = merge(merged, layer, (id, first, second) =>
        source.at(item, 'config-policy', `policy "${id}" is declared twice: at ${first} and at ${second}`),
      );
    }
    return merged;
  }

  /** Compile `policies:`; a policy's problem points at the offending node, or into its `assert` text. */
  private policies(
    source: ConfigSource,
    node: Node,
    kubernetesVersion: string | undefined,
    inherited: Layer,
    own: Layer,
  ): void {
    const { isMap, isPair, isScalar, isSeq } = yaml();
    if (!isSeq(node)) return;
    for (const item of node.items as Node[]) {
      let policy: PolicyRule;
      try {
        policy = compilePolicy(item.toJSON(), source.path, kubernetesVersion);
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
          isScalar(located) && err.offset !== undefined
            ? scalarOffset(source.text, located, err.offset)
            : undefined;
        throw source.at(located, 'config-policy', err.message, offset);
      }
      const idNode = nodeAt(item, ['id']) ?? item;
      const earlier = own.origins.get(policy.id) ?? inherited.origins.get(policy.id);
      if (this.known.has(policy.id) || earlier)
        throw source.at(
          idNode,
          'config-policy',
          this.known.has(policy.id)
            ? `policy id "${policy.id}" is already a built-in rule`
            : own.origins.has(policy.id)
              ? `policy id "${policy.id}" is already a policy (at ${earlier})`
              : `policy id "${policy.id}" is already a policy, declared at ${earlier} (extended)`,
        );
      own.policies.push(policy);
      own.origins.set(policy.id, source.where(idNode));
    }
  }
}

function emptyLayer(): Layer {
  return { presets: [], rules: new Map(), ignore: [], policies: [], origins: new Map(), schemaDirs: [] };
}

/**
 * `schemaDirs:` resolved against the config file's directory (as eslint resolves a config's paths), so
 * the CLI and the editor find the same schemas whatever their working directory. One that is not a
 * directory is an error at its entry: linting on without it would pass what it was meant to check.
 */
function schemaDirsOf(source: ConfigSource): string[] {
  const { isScalar, isSeq } = yaml();
  const node = nodeAt(source.root, ['schemaDirs']);
  if (!isSeq(node)) return [];
  return (node.items as Node[]).map((item) => {
    const name = isScalar(item) ? String(item.value) : '';
    const dir = resolve(dirname(source.path), name);
    let ok = false;
    try {
      ok = statSync(dir).isDirectory();
    } catch {
      // reported below
    }
    if (!ok)
      throw source.at(
        item,
        'config-invalid',
        `schema directory "${name}" is not a directory (resolved to ${dir})`,
      );
    return dir;
  });
}

/**
 * `over` on top of `base`: rule settings and kubernetesVersion of `over` win, presets, ignore globs,
 * policies and schema directories add up (`over`'s directories are searched first). A policy id declared in both is an error (`duplicate` builds it).
 */
function merge(
  base: Layer,
  over: Layer,
  duplicate?: (id: string, first: string, second: string) => ConfigError,
): Layer {
  for (const [id, second] of over.origins) {
    const first = base.origins.get(id);
    // The same declaration reached twice (a diamond: a config extended by two others) is one policy.
    if (first && first !== second && duplicate) throw duplicate(id, first, second);
  }
  const layer: Layer = {
    presets: [...new Set([...base.presets, ...over.presets])],
    rules: new Map([...base.rules, ...over.rules]),
    ignore: [...new Set([...base.ignore, ...over.ignore])],
    policies: [...base.policies, ...over.policies.filter((p) => !base.origins.has(p.id))],
    origins: new Map([...base.origins, ...over.origins]),
    schemaDirs: [...new Set([...over.schemaDirs, ...base.schemaDirs])],
  };
  const version = over.kubernetesVersion ?? base.kubernetesVersion;
  if (version) layer.kubernetesVersion = version;
  return layer;
}

/** A `rules:` value the schema accepted: `severity` or `[severity, {options}]`. */
function settingOf(value: unknown): RuleSetting {
  if (Array.isArray(value)) {
    const [severity, options] = value as [RuleSetting['severity'], Record<string, unknown> | undefined];
    return { severity, options: options ?? {} };
  }
  return { severity: value as RuleSetting['severity'], options: {} };
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

/** Read and validate a config file with everything it extends; `rules` are the rules it may name. */
export function loadConfigFile(path: string, rules: readonly RuleInfo[]): Config {
  return new ConfigLoader(rules).config(resolve(path));
}

/**
 * Finds the nearest config upward from each linted file's directory (`.kubelint.yaml`, `.kubelint.yml`
 * or package.json's `kubelint` key), caching per directory.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, Config>();
  private readonly byPath = new Map<string, Config>();
  private readonly loader: ConfigLoader;
  private fallback: Config | undefined;

  constructor(
    rules: readonly RuleInfo[],
    private readonly explicit?: string,
  ) {
    this.loader = new ConfigLoader(rules);
  }

  forFile(file: string): Config {
    if (this.explicit) return this.load(resolve(this.explicit));
    return this.forDir(dirname(resolve(file)));
  }

  private forDir(dir: string): Config {
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    const found = configFileIn(dir);
    const parent = dirname(dir);
    const config = found
      ? this.load(found)
      : parent === dir
        ? (this.fallback ??= this.loader.defaultConfig())
        : this.forDir(parent);
    this.byDir.set(dir, config);
    return config;
  }

  private load(path: string): Config {
    let config = this.byPath.get(path);
    if (!config) {
      if (!existsSync(path)) throw new ConfigError('config-not-found', 'cannot read config file', path);
      config = this.loader.config(path);
      this.byPath.set(path, config);
    }
    return config;
  }
}
