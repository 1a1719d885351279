import { presetsOf } from '../engine/presets.js';
import type { RuleInfo } from '../engine/rule.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/**
 * The Markdown rules table (`kubelint rules --format markdown`, and the README between its markers):
 * built-in rules linked to their README, then the loader's and schema pass's findings (`core`).
 */
export function renderRulesTable(rules: readonly RuleInfo[], core: readonly RuleInfo[]): string {
  const row = (r: RuleInfo, isCore: boolean): string => {
    const id = isCore ? `\`${r.id}\`` : `[\`${r.id}\`](rules/${r.id}/README.md)`;
    const presets = presetsOf(r, isCore).join(', ');
    const m = r.meta;
    return `| ${id} | ${m.category} | ${m.severity} | ${presets} | ${m.fixable ? 'yes' : ''} | ${cell(m.description)} |`;
  };
  return [
    '| Rule | Category | Severity | Presets | Fixable | What it reports |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rules.map((r) => row(r, false)),
    ...core.map((r) => row(r, true)),
  ].join('\n');
}
