import { resolve } from 'node:path';
import { discoverFiles, STDIN } from '../load/discover.js';
import { loadSource, type LoadedFile } from '../load/parse.js';
import { DEFAULT_MAX_FILE_SIZE, decodeSource, readSource } from '../load/read.js';
import type { Finding, ManifestDoc } from '../load/types.js';
import { ConfigResolver, type Config, type RuleSetting } from './config.js';
import { CORE_RULES } from './core-rules.js';
import type { Rule, RuleInfo } from './rule.js';
import { compareFindings, effectiveSeverity, runRules } from './run.js';

export interface LintOptions {
  rules: readonly Rule[];
  cwd?: string;
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
}

export interface FileResult {
  path: string;
  findings: Finding[];
  docs: number;
}

export interface LintResult {
  files: FileResult[];
  findings: Finding[];
}

function bytesOf(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

export function allRuleInfos(rules: readonly Rule[]): RuleInfo[] {
  return [...CORE_RULES, ...rules];
}

export function ruleIdsOf(rules: readonly Rule[]): Set<string> {
  return new Set(allRuleInfos(rules).map((r) => r.id));
}

/** Lint files, directories, globs and stdin: load, run rules over the whole set, apply config. */
export function lint(inputs: string[], options: LintOptions): LintResult {
  const cwd = options.cwd ?? process.cwd();
  const resolver = new ConfigResolver(
    ruleIdsOf(options.rules),
    options.configFile && resolve(cwd, options.configFile),
  );
  const rootConfig = resolver.forFile(resolve(cwd, '.kubelint-root'));
  const paths = discoverFiles(inputs, { cwd, ignore: [...(options.ignore ?? []), ...rootConfig.ignore] });
  const loaded: (LoadedFile | { path: string; findings: Finding[] })[] = paths.map((path) => {
    const read =
      path === STDIN
        ? decodeSource(options.stdinPath ?? '<stdin>', bytesOf(options.stdinText ?? ''))
        : readSource(resolve(cwd, path), options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
    const shown = path === STDIN ? (options.stdinPath ?? '<stdin>') : path;
    if (!read.ok) return { path: shown, findings: [{ ...read.finding, file: shown }] };
    return loadSource({ ...read.file, path: shown });
  });
  return lintLoaded(loaded, options, resolver, cwd);
}

/** Lint texts already in memory (editors, tests): each entry is a file path and its content. */
export function lintTexts(
  texts: { path: string; text: string }[],
  options: Omit<LintOptions, 'stdinText' | 'ignore'>,
): LintResult {
  const cwd = options.cwd ?? process.cwd();
  const resolver = new ConfigResolver(
    ruleIdsOf(options.rules),
    options.configFile && resolve(cwd, options.configFile),
  );
  const loaded = texts.map(({ path, text }) => {
    const read = decodeSource(path, new TextEncoder().encode(text));
    return read.ok ? loadSource(read.file) : { path, findings: [read.finding] };
  });
  return lintLoaded(loaded, options, resolver, cwd);
}

function lintLoaded(
  loaded: (LoadedFile | { path: string; findings: Finding[] })[],
  options: Pick<LintOptions, 'rules' | 'ruleOverrides' | 'namespace'>,
  resolver: ConfigResolver,
  cwd: string,
): LintResult {
  const configOf = (path: string): Config => resolver.forFile(resolve(cwd, path));
  const settingFor = (path: string, ruleId: string): RuleSetting | undefined =>
    options.ruleOverrides?.get(ruleId) ?? configOf(path).rules.get(ruleId);
  const docs: ManifestDoc[] = loaded.flatMap((l) => ('docs' in l ? l.docs : []));
  const ruleFindings = runRules(
    options.rules,
    docs,
    (doc, ruleId) => settingFor(doc.file.path, ruleId),
    options.namespace,
  );
  const coreById = new Map(CORE_RULES.map((r) => [r.id, r]));
  const byFile = new Map<string, Finding[]>();
  for (const l of loaded) {
    const path = 'file' in l ? l.file.path : l.path;
    const own = l.findings.flatMap((f) => {
      const rule = coreById.get(f.ruleId);
      const severity = rule ? effectiveSeverity(rule, settingFor(path, f.ruleId), f.severity) : f.severity;
      return severity ? [{ ...f, severity }] : [];
    });
    byFile.set(path, own);
  }
  for (const f of ruleFindings) byFile.get(f.file)?.push(f);
  const files: FileResult[] = loaded.map((l) => {
    const path = 'file' in l ? l.file.path : l.path;
    return {
      path,
      findings: (byFile.get(path) ?? []).sort(compareFindings),
      docs: 'docs' in l ? l.docs.length : 0,
    };
  });
  return { files, findings: files.flatMap((f) => f.findings) };
}
