import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, lintTexts } from '../src/index.js';
import type { Finding } from '../src/load/types.js';
import { ruleUnderTest } from './helpers.js';

const RULES_DIR = join(import.meta.dirname, '..', 'rules');
const folders = readdirSync(RULES_DIR)
  .filter((n) => statSync(join(RULES_DIR, n)).isDirectory())
  .sort();

/** `# expect: rule-a, rule-b` on a line: each id is one finding of that rule starting on the line. */
function expectedOf(text: string, ruleId: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /#\s*expect:\s*(.+)$/.exec(line);
    if (!m?.[1]) return;
    for (const id of m[1].split(',').map((s) => s.trim())) if (id === ruleId) out.push(`${i + 1}:${id}`);
  });
  return out.sort();
}

/**
 * Lint a rule's fixture with that rule on: under the rule folder's `.kubelint.yaml` when it has one
 * (rules that need options), else with the rule at its default severity even when it is not in
 * `recommended`.
 */
function lintFixture(path: string, id: string): Finding[] {
  const text = readFileSync(path, 'utf8');
  return lintTexts([{ path, text }], { cwd: RULES_DIR, ...ruleUnderTest(id) }).findings;
}

describe('rule registry', () => {
  it('has exactly one rule per folder, with id == folder name', () => {
    expect(builtinRules.map((r) => r.id).sort()).toEqual(folders);
  });
});

describe.each(folders)('rule %s', (id) => {
  const dir = join(RULES_DIR, id);

  it('has a README, valid.yaml and invalid.yaml', () => {
    for (const f of ['rule.ts', 'README.md', 'valid.yaml', 'invalid.yaml'])
      expect(existsSync(join(dir, f)), f).toBe(true);
  });

  it('reports nothing on valid.yaml, which parses cleanly', () => {
    const findings = lintFixture(join(dir, 'valid.yaml'), id);
    expect(
      findings.filter((f) => f.ruleId === id || f.ruleId === 'yaml-syntax' || f.ruleId === 'duplicate-key'),
    ).toEqual([]);
  });

  it('reports exactly the findings marked with # expect: on invalid.yaml', () => {
    const path = join(dir, 'invalid.yaml');
    const expected = expectedOf(readFileSync(path, 'utf8'), id);
    expect(expected.length, 'invalid.yaml marks at least one expected finding').toBeGreaterThan(0);
    const findings = lintFixture(path, id);
    expect(findings.filter((f) => f.ruleId === 'yaml-syntax')).toEqual([]);
    const actual = findings
      .filter((f) => f.ruleId === id)
      .map((f) => `${f.range.start.line}:${f.ruleId}`)
      .sort();
    expect(actual).toEqual(expected);
  });
});
