import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRules } from '../rules/index.js';
import type { RuleSetting } from '../src/engine/index.js';
import { ConfigError } from '../src/engine/config.js';
import { loadSource, type LoadedFile } from '../src/load/parse.js';
import { createSourceFile } from '../src/load/source.js';
import type { Range } from '../src/load/types.js';

export function load(text: string, path = 'test.yaml'): LoadedFile {
  return loadSource(createSourceFile(path, text));
}

/** The source text a range covers. */
export function textAt(text: string, range: Range): string {
  return text.slice(range.start.offset, range.end.offset);
}

/** [line, column, endLine, endColumn] of a range. */
export function span(range: Range): [number, number, number, number] {
  return [range.start.line, range.start.column, range.end.line, range.end.column];
}

/**
 * Lint options that turn a rule on for its fixtures and README examples: the rule folder's
 * `.kubelint.yaml` when it has one (rules that need options), else the rule at its default severity,
 * even when it is not in `recommended`.
 */
export function ruleUnderTest(id: string): { configFile?: string; ruleOverrides?: Map<string, RuleSetting> } {
  const config = join(import.meta.dirname, '..', 'rules', id, '.kubelint.yaml');
  if (existsSync(config)) return { configFile: config };
  const rule = builtinRules.find((r) => r.id === id);
  if (!rule || rule.meta.recommended) return {};
  return { ruleOverrides: new Map([[id, { severity: rule.meta.severity, options: {} }]]) };
}

/** The ConfigError `fn` throws (any other error is rethrown; none fails the test). */
export function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a config error');
}

/**
 * A Job with non-ASCII text before and inside its findings (é, ☕, 🚀: UTF-16 ranges in editors) and
 * two containers named "app" and restartPolicy Always, for the LSP and Neovim end-to-end tests.
 */
export const UNICODE_JOB = `# Café ☕ — nightly report 🚀
apiVersion: batch/v1
kind: Job
metadata:
  name: report
spec:
  template:
    spec:
      restartPolicy: Always
      containers:
        - {name: app, image: "busybox:1.36", args: ["echo", "héllo 🚀"]}
        - {args: ["résumé 🚀"], image: "busybox:1.36", name: app}
`;
