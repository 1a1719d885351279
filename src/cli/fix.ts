import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { lint, type LintOptions, type LintResult } from '../engine/index.js';
import { applyEdits, compatibleFixes } from '../fix/apply.js';
import { unifiedDiff } from '../fix/diff.js';
import { loadSource } from '../load/parse.js';
import { createSourceFile } from '../load/source.js';

/** Fixes can enable further fixes (or wait for an overlapping one): re-lint and repeat, this often. */
export const MAX_FIX_PASSES = 10;

export interface FixedFile {
  /** The path findings carry (as given, or the stdin name). */
  path: string;
  before: string;
  after: string;
  /** Fixes applied over all passes. */
  fixes: number;
}

export interface FixOutcome {
  /** The lint of the final, fixed texts. */
  result: LintResult;
  fixed: FixedFile[];
  /** Files whose fixes were dropped because the fixed text would parse worse than the original. */
  refused: { path: string; reason: string }[];
  passes: number;
}

const PARSE_RULES = new Set(['yaml-syntax', 'duplicate-key', 'yaml-alias-limit']);

function parseHealth(path: string, text: string): { loader: number; yaml: number; docs: number } {
  const loaded = loadSource(createSourceFile(path, text));
  const docs = parseAllDocuments(text);
  const yaml = Array.isArray(docs) ? docs.reduce((n, d) => n + d.errors.length, 0) : 0;
  return {
    loader: loaded.findings.filter((f) => PARSE_RULES.has(f.ruleId)).length,
    yaml,
    docs: loaded.docs.length,
  };
}

/**
 * Why `after` must not replace `before`, if it must not: it has YAML errors the original has not
 * (by kubelint's parser or by the `yaml` package's), or it lost documents.
 */
export function parseRegression(path: string, before: string, after: string): string | undefined {
  const b = parseHealth(path, before);
  const a = parseHealth(path, after);
  if (a.loader > b.loader || a.yaml > b.yaml) return 'the fixed file would have new YAML errors';
  if (a.docs < b.docs) return 'the fixed file would lose documents';
  return undefined;
}

/**
 * Lint, apply every fix that does not overlap another, and lint again, until no fix applies (at most
 * MAX_FIX_PASSES passes). Works on texts in memory: nothing is written here. A file whose fixed text
 * would parse worse than before keeps its last good text and gets no more fixes.
 */
export function lintWithFixes(inputs: string[], options: LintOptions): FixOutcome {
  const sources = new Map<string, string>();
  const originals = new Map<string, string>();
  const counts = new Map<string, number>();
  const refused: FixOutcome['refused'] = [];
  const frozen = new Set<string>();
  let result = lint(inputs, options);
  let passes = 1;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    let changed = false;
    for (const file of result.files) {
      if (file.text === undefined || frozen.has(file.path)) continue;
      // Suppressed findings are left alone: the user said so.
      const fixes = compatibleFixes(file.findings.flatMap((f) => (f.fix ? [f.fix] : [])));
      if (fixes.length === 0) continue;
      const next = applyEdits(
        file.text,
        fixes.flatMap((f) => f.edits),
      );
      if (next === file.text) continue;
      const regression = parseRegression(file.path, file.text, next);
      if (regression) {
        frozen.add(file.path);
        refused.push({ path: file.path, reason: regression });
        continue;
      }
      if (!originals.has(file.path)) originals.set(file.path, file.text);
      sources.set(file.path, next);
      counts.set(file.path, (counts.get(file.path) ?? 0) + fixes.length);
      changed = true;
    }
    if (!changed) break;
    result = lint(inputs, { ...options, sources });
    passes++;
  }
  const fixed = [...originals].flatMap(([path, before]) => {
    const after = sources.get(path) ?? before;
    return after === before ? [] : [{ path, before, after, fixes: counts.get(path) ?? 0 }];
  });
  return { result, fixed, refused, passes };
}

const UTF8_BOM = '\uFEFF';

/**
 * Replace a file's content atomically: write a temporary file in the same directory (same file
 * system), give it the original's mode, and rename it over the original, so a reader never sees a
 * half-written manifest. A symlink is followed: its target is replaced, the link stays. Refuses when
 * the file changed since it was read (`expected`), and keeps a UTF-8 byte order mark.
 */
export function writeFileAtomically(path: string, text: string, expected: string): void {
  const target = realpathSync(path);
  const bytes = readFileSync(target);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const current = new TextDecoder('utf-8').decode(bytes);
  if (current !== expected) throw new Error('it changed while kubelint was fixing it');
  const mode = statSync(target).mode & 0o7777;
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.kubelint-tmp`);
  try {
    writeFileSync(temp, bom ? UTF8_BOM + text : text, { flag: 'wx', mode: 0o600 });
    chmodSync(temp, mode);
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** The diff header name of a file: relative to the working directory, `a/`/`b/` prefixed (`patch -p1`). */
export function diffName(path: string, cwd: string): string {
  const rel = path.startsWith('<') ? path : relative(cwd, resolve(cwd, path));
  return rel.split('\\').join('/');
}

export function diffOf(file: FixedFile, cwd: string): string {
  const name = diffName(file.path, cwd);
  return unifiedDiff(`a/${name}`, `b/${name}`, file.before, file.after);
}

export interface FixIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

/**
 * Lint with fixes and deliver them: write the files (`write`), or print a unified diff (`dry-run`).
 * Fixed stdin is printed, not written. Returns the final lint, whether stdout now carries data (so
 * the report goes to stderr), and whether any file could not be written.
 */
export function runFixes(
  inputs: string[],
  options: LintOptions,
  mode: 'write' | 'dry-run',
  io: FixIo,
): { result: LintResult; stdoutTaken: boolean; failed: boolean } {
  const outcome = lintWithFixes(inputs, options);
  const stdinName = inputs.includes('-') ? (options.stdinPath ?? '<stdin>') : undefined;
  let failed = false;
  for (const r of outcome.refused) io.stderr(`kubelint: not fixing ${r.path}: ${r.reason}\n`);
  if (mode === 'dry-run') {
    for (const f of outcome.fixed) io.stdout(diffOf(f, io.cwd));
    return { result: outcome.result, stdoutTaken: true, failed };
  }
  let written = 0;
  let applied = 0;
  for (const f of outcome.fixed) {
    if (f.path === stdinName) continue;
    try {
      writeFileAtomically(resolve(io.cwd, f.path), f.after, f.before);
      written++;
      applied += f.fixes;
    } catch (err) {
      failed = true;
      io.stderr(`kubelint: could not write the fixes to ${f.path}: ${(err as Error).message}\n`);
    }
  }
  if (written > 0)
    io.stderr(
      `kubelint: applied ${applied} fix${applied === 1 ? '' : 'es'} to ${written} file${written === 1 ? '' : 's'}\n`,
    );
  if (stdinName === undefined) return { result: outcome.result, stdoutTaken: false, failed };
  // stdin's fixed YAML (or its unchanged text) is the output; the report moves to stderr.
  const stdin = outcome.fixed.find((f) => f.path === stdinName);
  io.stdout(stdin ? stdin.after : (outcome.result.files.find((f) => f.path === stdinName)?.text ?? ''));
  return { result: outcome.result, stdoutTaken: true, failed };
}
