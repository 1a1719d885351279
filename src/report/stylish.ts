import { createColors } from 'picocolors';
import type { Finding, Severity } from '../load/types.js';
import { countFindings } from './counts.js';

export interface StylishOptions {
  color: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** eslint's stylish layout: findings grouped by file, `line:col severity message rule-id`, then a summary. */
export function formatStylish(findings: readonly Finding[], options: StylishOptions): string {
  const c = createColors(options.color);
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const out: string[] = [];
  for (const [file, list] of byFile) {
    out.push(c.underline(file));
    const rows = list.map(
      (f) =>
        [
          `${f.range.start.line}:${f.range.start.column}`,
          f.severity,
          f.suppressed ? `${f.message} (suppressed)` : f.message,
          f.ruleId,
        ] as const,
    );
    const posWidth = Math.max(...rows.map((r) => r[0].length));
    const sevWidth = Math.max(...rows.map((r) => r[1].length));
    for (const [pos, sev, message, ruleId] of rows) {
      out.push(
        `  ${c.dim(pos.padEnd(posWidth))}  ${paint[sev](sev.padEnd(sevWidth))}  ${message}  ${c.dim(ruleId)}`,
      );
    }
    out.push('');
  }
  const counts = countFindings(findings);
  const total = findings.length;
  if (total === 0) return '';
  const summary = `✖ ${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')})`;
  out.push((counts.error ? c.red : counts.warning ? c.yellow : c.blue)(c.bold(summary)));
  return `${out.join('\n')}\n`;
}
