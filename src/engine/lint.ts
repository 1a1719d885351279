import { resolve } from 'node:path';
import { discoverFiles, type DiscoveredFile } from '../load/discover.js';
import { loadInput, type Unloaded } from '../load/input.js';
import { loadSource, type LoadedFile } from '../load/parse.js';
import { decodeSource } from '../load/read.js';
import type { Finding, ManifestDoc, Severity } from '../load/types.js';
import { ConfigResolver, settingIn, type Config, type RuleSetting } from './config.js';
import { CORE_RULES } from './core-rules.js';
import type { Rule, RuleContext, RuleInfo } from './rule.js';
import {
  DEFAULT_CONCURRENCY,
  planShares,
  runShares,
  type Concurrency,
  type WorkerOptions,
} from './parallel.js';
import { compareFindings, effectiveSeverity, runRules } from './run.js';
import { applyComments, ignoredByAnnotation, IGNORE_ANNOTATION } from './suppress.js';
import {
  assertSchemaDir,
  checkSchema,
  collectCrds,
  defaultKubernetesVersion,
  resolveKubernetesVersion,
  SCHEMA_RULE_IDS,
} from '../schema/index.js';

export type { Unloaded };

export interface LintOptions {
  rules: readonly Rule[];
  cwd?: string;
  /** Report suppression comments that silenced nothing (`unused-suppression`). */
  reportUnusedDisable?: boolean;
  /** Extra ignore globs (the nearest config's `ignore` applies too). */
  ignore?: string[];
  /** An explicit config file (`--config`) instead of searching upward from each file. */
  configFile?: string;
  /** `--rule id:severity` settings, which win over config files. */
  ruleOverrides?: ReadonlyMap<string, RuleSetting>;
  maxFileSize?: number;
  /** The content of `-` (stdin), read by the caller: bytes (decoded like a file) or text. */
  stdinText?: string | Uint8Array;
  /** The namespace of documents that set none (`--namespace`, default "default"). */
  namespace?: string;
  /** The name stdin's findings carry. */
  stdinPath?: string;
  /** The Kubernetes minor whose schemas validate the documents; wins over config (default the newest). */
  kubernetesVersion?: string;
  /** Unknown fields are `schema-unknown-field` errors, like `kubectl --validate=strict` (default true). */
  strict?: boolean;
  /** Directories of extra JSON Schemas in kubeconform's naming (`--schema-dir`), for unknown kinds. */
  schemaDirs?: string[];
  /** Texts that stand in for files' contents, by the path findings carry (`--fix` passes). */
  sources?: ReadonlyMap<string, string>;
  /**
   * The worker thread script for `concurrency`: src/cli/lint-worker.ts, which runs the built-in
   * rules, so only a caller linting with exactly those sets this (the CLI, and src/index.ts's `lint`
   * without `rules`). Without it, one thread lints.
   */
  workerScript?: URL;
  /** How many threads lint (src/engine/parallel.ts; default DEFAULT_CONCURRENCY). */
  concurrency?: Concurrency;
}

export interface FileResult {
  path: string;
  /** Findings in effect (suppressed ones are in `suppressed`). */
  findings: Finding[];
  /** Findings silenced by a comment or annotation, kept for reports such as SARIF's suppressions. */
  suppressed: Finding[];
  docs: number;
  /** The decoded text, for reporters that show snippets; absent when the file could not be read. */
  text?: string;
  /** Why the file could not be read (even when `file-unreadable` is configured off). */
  unreadable?: string;
}

/** A rule that can fire in this run: enabled for at least one file, at its most severe setting. */
export interface EnabledRule {
  rule: RuleInfo;
  severity: Severity;
}

export interface LintResult {
  files: FileResult[];
  findings: Finding[];
  suppressed: Finding[];
  /** Every rule enabled for at least one linted file (or by the root config), in registry order. */
  rules: EnabledRule[];
}

export function allRuleInfos(rules: readonly Rule[]): RuleInfo[] {
  return [...CORE_RULES, ...rules];
}

export function ruleIdsOf(rules: readonly Rule[]): Set<string> {
  return new Set(allRuleInfos(rules).map((r) => r.id));
}

/**
 * Discover the inputs (files, directories, globs, `-`), honouring `--ignore` and the root config's
 * `ignore`.
 */
function discoverInputs(
  inputs: string[],
  options: Omit<LintOptions, 'rules'>,
  resolver: ConfigResolver,
): DiscoveredFile[] {
  const cwd = options.cwd ?? process.cwd();
  const rootConfig = resolver.forFile(resolve(cwd, '.kubelint-root'));
  return discoverFiles(inputs, { cwd, ignore: [...(options.ignore ?? []), ...rootConfig.ignore] });
}

/**
 * Discover, read and parse the inputs. Files that cannot be read carry their finding instead of
 * documents.
 */
export function loadInputs(
  inputs: string[],
  options: Omit<LintOptions, 'rules'>,
  resolver: ConfigResolver,
): (LoadedFile | Unloaded)[] {
  const cwd = options.cwd ?? process.cwd();
  return discoverInputs(inputs, options, resolver).map((input) => loadInput(input, { ...options, cwd }));
}

/**
 * Lint files, directories, globs and stdin: load, run rules over the whole set, apply config.
 * With a `workerScript`, `concurrency` may spread the files over worker threads
 * (src/engine/parallel.ts).
 */
export function lint(inputs: string[], options: LintOptions): LintResult {
  const cwd = options.cwd ?? process.cwd();
  const resolver = new ConfigResolver(
    allRuleInfos(options.rules),
    options.configFile && resolve(cwd, options.configFile),
  );
  options.schemaDirs?.forEach((dir) => assertSchemaDir(resolve(cwd, dir), dir));
  const schemaDirs = options.schemaDirs?.map((dir) => resolve(cwd, dir));
  const paths = discoverInputs(inputs, options, resolver);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const script = options.workerScript;
  const shares = script && !options.sources ? planShares(paths, cwd, concurrency) : undefined;
  const lintOptions = { ...options, schemaDirs };
  const rootConfig = [resolve(cwd, '.kubelint-root')];
  if (!shares || !script) {
    const loaded = paths.map((input) => loadInput(input, { ...options, cwd }));
    return lintLoaded(loaded, lintOptions, resolver, cwd, rootConfig);
  }
  const workerOptions: WorkerOptions = {
    cwd,
    maxFileSize: options.maxFileSize,
    configFile: options.configFile,
    ruleOverrides: options.ruleOverrides,
    namespace: options.namespace,
    reportUnusedDisable: options.reportUnusedDisable,
    kubernetesVersion: options.kubernetesVersion,
    strict: options.strict,
    schemaDirs,
    ruleIds: options.rules.map((r) => r.id),
  };
  const { own, workerFiles } = runShares(shares, script, workerOptions, (loaded, index) =>
    lintLoaded(loaded, lintOptions, resolver, cwd, rootConfig, { index }),
  );
  return resultOf([...own.files, ...workerFiles], lintOptions, resolver, cwd, rootConfig);
}

/**
 * Lint texts already in memory (editors, tests): each entry is a file path and its content.
 * `context` are files parsed earlier (an editor's other workspace files): cross-resource rules see
 * their documents, but they are not linted or reported on.
 */
export function lintTexts(
  texts: { path: string; text: string }[],
  options: Omit<LintOptions, 'stdinText' | 'ignore'> & { context?: readonly LoadedFile[] },
): LintResult {
  const cwd = options.cwd ?? process.cwd();
  const resolver = new ConfigResolver(
    allRuleInfos(options.rules),
    options.configFile && resolve(cwd, options.configFile),
  );
  const loaded = texts.map(({ path, text }) => {
    const read = decodeSource(path, new TextEncoder().encode(text));
    return read.ok ? loadSource(read.file) : { path, findings: [read.finding] };
  });
  return lintLoaded(loaded, options, resolver, cwd, [], { context: options.context });
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * The documents a lint sees besides its own files': an editor's other workspace files (`context`),
 * or, on a thread of a parallel run, the whole run's documents in run order (`index`, its own too).
 */
export interface LintScope {
  context?: readonly LoadedFile[];
  index?: readonly ManifestDoc[];
}

export function lintLoaded(
  loaded: (LoadedFile | Unloaded)[],
  options: Pick<
    LintOptions,
    | 'rules'
    | 'ruleOverrides'
    | 'namespace'
    | 'reportUnusedDisable'
    | 'kubernetesVersion'
    | 'strict'
    | 'schemaDirs'
  >,
  resolver: ConfigResolver,
  cwd: string,
  extraConfigs: string[],
  scope: LintScope = {},
): LintResult {
  // Rules ask for each document's settings: resolve each file's config once, not per question.
  const configByPath = new Map<string, Config>();
  const configOf = (path: string): Config => {
    let config = configByPath.get(path);
    if (!config) configByPath.set(path, (config = resolver.forFile(resolve(cwd, path))));
    return config;
  };
  const settingFor = (path: string, ruleId: string): RuleSetting | undefined =>
    options.ruleOverrides?.get(ruleId) ?? settingIn(configOf(path), ruleId);
  const versionOf = (path: string): string => {
    const version = options.kubernetesVersion ?? configOf(path).kubernetesVersion;
    const resolved = version ? resolveKubernetesVersion(version) : defaultKubernetesVersion();
    if (!resolved) throw new Error(`kubelint has no schemas for Kubernetes ${version}`);
    return resolved;
  };
  const docs: ManifestDoc[] = loaded.flatMap((l) => ('docs' in l ? l.docs : []));
  const context = scope.context ?? [];
  const index = scope.index ?? (context.length ? [...docs, ...context.flatMap((c) => c.docs)] : docs);
  const configs = new Set(loaded.map((l) => configOf('file' in l ? l.file.path : l.path)));
  const ruleFindings = runRules(
    [...options.rules, ...policyRules(configs, configOf)],
    index,
    (doc, ruleId) => settingFor(doc.file.path, ruleId),
    options.namespace,
    (doc) => versionOf(doc.file.path),
    index === docs ? undefined : new Set(docs),
  );
  const coreById = new Map(CORE_RULES.map((r) => [r.id, r]));
  // Loader and suppression findings get their severity from config here; rules' findings already have it.
  const withSeverity = (path: string, f: Finding): Finding[] => {
    const rule = coreById.get(f.ruleId);
    const severity = rule ? effectiveSeverity(rule, settingFor(path, f.ruleId), f.severity) : f.severity;
    return severity ? [{ ...f, severity }] : [];
  };
  // The schema pass runs before the rules' findings join: its findings are configured like the loader's.
  // CustomResourceDefinitions anywhere in the run give their custom resources a schema.
  // CRDs of the context files (an editor's other workspace files) validate the linted ones too.
  const crds = collectCrds(index);
  const schemaFindings = (l: LoadedFile | Unloaded): Finding[] => {
    if (!('docs' in l)) return [];
    const path = l.file.path;
    const on = SCHEMA_RULE_IDS.some((id) => effectiveSeverity(coreById.get(id)!, settingFor(path, id)));
    const kubernetesVersion = versionOf(path);
    // --schema-dir first, then the file's config's `schemaDirs` (resolved against the config file).
    const schemaDirs = [...new Set([...(options.schemaDirs ?? []), ...configOf(path).schemaDirs])];
    const schemaOptions = { kubernetesVersion, strict: options.strict, crds, schemaDirs };
    return on ? l.docs.flatMap((doc) => checkSchema(doc, schemaOptions)) : [];
  };
  const byFile = new Map<string, Finding[]>();
  for (const l of loaded) {
    const path = 'file' in l ? l.file.path : l.path;
    byFile.set(
      path,
      [...l.findings, ...schemaFindings(l)].flatMap((f) => withSeverity(path, f)),
    );
  }
  for (const f of ruleFindings) byFile.get(f.file)?.push(f);
  const known = ruleIdsOf(options.rules);
  for (const config of configs) for (const p of config.policies) known.add(p.id);
  for (const doc of docs) {
    const unknown = ignoredByAnnotation(doc).filter((id) => !known.has(id));
    const path = doc.file.path;
    for (const id of unknown)
      byFile.get(path)?.push(
        ...withSeverity(path, {
          ruleId: 'suppression-unknown-rule',
          severity: 'warning',
          message: `the ${IGNORE_ANNOTATION} annotation names "${id}", which is not a kubelint rule`,
          file: path,
          range: doc.locate(['metadata', 'annotations', IGNORE_ANNOTATION]),
          path: ['metadata', 'annotations', IGNORE_ANNOTATION],
        }),
      );
  }
  for (const l of loaded) {
    if (!('file' in l)) continue;
    const own = byFile.get(l.file.path) ?? [];
    const extra = applyComments(l.file, own, known, options.reportUnusedDisable ?? false);
    own.push(...extra.flatMap((f) => withSeverity(l.file.path, f)));
  }
  const files: FileResult[] = loaded.map((l) => {
    const path = 'file' in l ? l.file.path : l.path;
    const all = (byFile.get(path) ?? []).sort(compareFindings);
    const result: FileResult = {
      path,
      findings: all.filter((f) => !f.suppressed),
      suppressed: all.filter((f) => f.suppressed),
      docs: 'docs' in l ? l.docs.length : 0,
    };
    if ('file' in l) result.text = l.file.text;
    else result.unreadable = l.findings[0]?.message ?? 'file could not be read';
    return result;
  });
  return resultOf(files, options, resolver, cwd, extraConfigs);
}

/** A run's result from its files' results (in run order). */
function resultOf(
  files: FileResult[],
  options: Pick<LintOptions, 'rules' | 'ruleOverrides'>,
  resolver: ConfigResolver,
  cwd: string,
  extraConfigs: string[],
): LintResult {
  const configured = [...files.map((f) => resolve(cwd, f.path)), ...extraConfigs];
  return {
    files,
    findings: files.flatMap((f) => f.findings),
    suppressed: files.flatMap((f) => f.suppressed),
    rules: enabledRules(options, configured, (f) => resolver.forFile(f)),
  };
}

/**
 * Each config's policies as rules that check only the documents that config governs: two configs
 * (say, in sibling directories) may declare different policies under one id.
 */
function policyRules(configs: ReadonlySet<Config>, configOf: (path: string) => Config): Rule[] {
  return [...configs].flatMap((config) =>
    config.policies.map((policy) => ({
      ...policy,
      check: (doc: ManifestDoc, ctx: RuleContext) => {
        if (configOf(doc.file.path) === config) policy.check(doc, ctx);
      },
    })),
  );
}

/** Rules enabled for any of the files (each file has its nearest config), at their most severe setting. */
function enabledRules(
  options: Pick<LintOptions, 'rules' | 'ruleOverrides'>,
  files: string[],
  configOf: (file: string) => Config,
): EnabledRule[] {
  const configs = new Set(files.map(configOf));
  const policies = new Map<string, RuleInfo>();
  for (const config of configs)
    for (const p of config.policies) if (!policies.has(p.id)) policies.set(p.id, p);
  return [...allRuleInfos(options.rules), ...policies.values()].flatMap((rule) => {
    let severity: Severity | undefined;
    for (const config of configs) {
      // A policy is enabled only where a config declares it.
      if (policies.get(rule.id) === rule && !config.policies.some((p) => p.id === rule.id)) continue;
      const s = effectiveSeverity(rule, options.ruleOverrides?.get(rule.id) ?? settingIn(config, rule.id));
      if (s && (!severity || SEVERITY_RANK[s] > SEVERITY_RANK[severity])) severity = s;
    }
    return severity ? [{ rule, severity }] : [];
  });
}
