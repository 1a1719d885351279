import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { docsUpdates, REQUIRED_SECTIONS } from '../scripts/docs.js';
import { lintTexts } from '../src/index.js';
import { ruleUnderTest } from './helpers.js';

const ROOT = join(import.meta.dirname, '..');

function examples(markdown: string, kind: 'bad' | 'good'): string[] {
  const re = new RegExp('```yaml ' + kind + '\\n([\\s\\S]*?)```', 'g');
  return [...markdown.matchAll(re)].map((m) => m[1] ?? '');
}

function expectedLines(text: string, id: string): number[] {
  return text.split('\n').flatMap((line, i) =>
    (
      line
        .match(/#\s*expect:\s*(.+)$/)?.[1]
        ?.split(',')
        .map((s) => s.trim()) ?? []
    )
      .filter((x) => x === id)
      .map(() => i + 1),
  );
}

describe('docs', () => {
  it('rule READMEs and the main rules table are generated from the rules (npm run docs)', () => {
    for (const u of docsUpdates(ROOT, builtinRules)) expect(u.current, u.file).toBe(u.expected);
  });

  describe.each(builtinRules.map((r) => r.id))('rules/%s/README.md', (id) => {
    const readme = readFileSync(join(ROOT, 'rules', id, 'README.md'), 'utf8');
    const options = ruleUnderTest(id);

    it('has the title and every section', () => {
      expect(readme.startsWith(`# ${id}\n`)).toBe(true);
      for (const section of REQUIRED_SECTIONS) expect(readme).toContain(`\n${section}\n`);
    });

    it('has bad examples producing exactly the marked findings, and good examples producing none', () => {
      const bad = examples(readme, 'bad');
      const good = examples(readme, 'good');
      expect(bad.length).toBeGreaterThan(0);
      expect(good.length).toBeGreaterThan(0);
      for (const text of bad) {
        const lines = lintTexts([{ path: 'example.yaml', text }], options)
          .findings.filter((f) => f.ruleId === id)
          .map((f) => f.range.start.line);
        expect(lines.sort()).toEqual(expectedLines(text, id).sort());
        expect(lines.length).toBeGreaterThan(0);
      }
      for (const text of good) {
        const findings = lintTexts([{ path: 'example.yaml', text }], options).findings;
        expect(findings.filter((f) => f.ruleId === id || f.ruleId === 'yaml-syntax')).toEqual([]);
      }
    });
  });
});
