import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_RULES, type RuleInfo } from '../src/engine/index.js';
import { renderRulesTable } from '../src/report/rules-table.js';

export const META_START = '<!-- kubelint:meta:start -->';
export const META_END = '<!-- kubelint:meta:end -->';
export const TABLE_START = '<!-- kubelint:rules:start -->';
export const TABLE_END = '<!-- kubelint:rules:end -->';

export const REQUIRED_SECTIONS = [
  '## What it checks',
  '## Why',
  '## Examples',
  '## How to fix',
  '## Options',
];

/** The generated block at the top of a rule's README: description and metadata from the rule itself. */
export function renderRuleMeta(rule: RuleInfo): string {
  const m = rule.meta;
  return [
    META_START,
    `${m.description}.`,
    '',
    '| Category | Default severity | In `recommended` | Fixable |',
    '| --- | --- | --- | --- |',
    `| ${m.category} | ${m.severity} | ${m.recommended ? 'yes' : 'no'} | ${m.fixable ? 'yes' : 'no'} |`,
    META_END,
  ].join('\n');
}

/** The rules table of the main README, built from the registry so it never drifts. */
export function renderRulesBlock(rules: readonly RuleInfo[]): string {
  return [TABLE_START, renderRulesTable(rules, CORE_RULES), TABLE_END].join('\n');
}

function replaceBlock(text: string, start: string, end: string, block: string, file: string): string {
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i === -1 || j === -1 || j < i) throw new Error(`${file}: missing ${start} … ${end} markers`);
  return text.slice(0, i) + block + text.slice(j + end.length);
}

export interface DocsUpdate {
  file: string;
  current: string;
  expected: string;
}

/** Every docs file with its current and generated content. */
export function docsUpdates(root: string, rules: readonly RuleInfo[]): DocsUpdate[] {
  const updates: DocsUpdate[] = [];
  for (const rule of rules) {
    const file = join(root, 'rules', rule.id, 'README.md');
    const current = readFileSync(file, 'utf8');
    updates.push({
      file,
      current,
      expected: replaceBlock(current, META_START, META_END, renderRuleMeta(rule), file),
    });
  }
  const readme = join(root, 'README.md');
  const current = readFileSync(readme, 'utf8');
  updates.push({
    file: readme,
    current,
    expected: replaceBlock(current, TABLE_START, TABLE_END, renderRulesBlock(rules), readme),
  });
  return updates;
}

export function writeDocs(updates: DocsUpdate[]): void {
  for (const u of updates) if (u.current !== u.expected) writeFileSync(u.file, u.expected);
}
