import { builtinRules } from '../rules/index.js';
import {
  lint as lintWith,
  lintTexts as lintTextsWith,
  allRuleInfos,
  type LintOptions,
  type LintResult,
} from './engine/index.js';
import { simulateInputs, type SimulateOptions, type Simulation } from './lifecycle/run.js';

export type { Finding, ManifestDoc, Range, Pos, Severity, JsonPath, ResourceId } from './load/types.js';
export type { LintOptions, LintResult, FileResult, Rule, RuleMeta, RuleContext } from './engine/index.js';
export { ConfigError, RuleError, defineRule } from './engine/index.js';
export { builtinRules };
export type { Simulation, SimulateOptions } from './lifecycle/run.js';
export type { PodOutcome, TimelineEvent, Fact } from './lifecycle/index.js';

type PublicOptions = Partial<LintOptions>;

/** The worker thread script of large runs (src/cli/lint-worker.ts), which runs the built-in rules. */
const WORKER_SCRIPT = new URL('./cli/lint-worker.js', import.meta.url);

/**
 * Lint files, directories, globs (and `-` with `stdinText`) with the built-in rules; large inputs on
 * worker threads (src/engine/parallel.ts) unless other rules are given.
 */
export function lint(inputs: string[], options: PublicOptions = {}): LintResult {
  const workerScript = options.rules ? options.workerScript : WORKER_SCRIPT;
  return lintWith(inputs, { ...options, rules: options.rules ?? builtinRules, workerScript });
}

/** Lint in-memory texts, e.g. editor buffers. */
export function lintTexts(texts: { path: string; text: string }[], options: PublicOptions = {}): LintResult {
  return lintTextsWith(texts, { ...options, rules: options.rules ?? builtinRules });
}

/** Predict each pod template's lifecycle (what `kubelint simulate` prints). */
export function simulate(inputs: string[], options: SimulateOptions = {}): Simulation[] {
  return simulateInputs(inputs, { ruleIds: allRuleInfos(builtinRules), ...options });
}
