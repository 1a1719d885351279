import { createColors } from 'picocolors';
import { formatSeconds } from '../lifecycle/index.js';
import { resourceLabel, type Simulation } from '../lifecycle/run.js';

/** `kubelint simulate` as text: per pod template, the timeline and the steady state in words. */
export function formatTimelines(simulations: readonly Simulation[], options: { color: boolean }): string {
  const c = createColors(options.color);
  const out: string[] = [];
  for (const s of simulations) {
    const ns = s.namespace === 'default' ? '' : ` -n ${s.namespace}`;
    out.push(`${c.bold(resourceLabel(s.resource))}${ns}  ${c.dim(`${s.file}:${s.line}`)}`);
    const rows = s.events.map((e) => [formatSeconds(e.t), e.status, e.container ?? '', e.event]);
    const widths = [4, 6, 9].map((min, i) => Math.max(min, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (r: string[]): string =>
      `  ${r
        .slice(0, 3)
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')}  ${r[3] ?? ''}`.trimEnd();
    out.push(c.dim(line(['TIME', 'STATUS', 'CONTAINER', 'EVENT'])));
    for (const r of rows) out.push(line(r));
    const ok = s.facts.length === 0;
    const verdict = `  ⇒ ${s.outcome.summary}${s.outcome.phase ? ` (phase ${s.outcome.phase})` : ''}`;
    out.push(ok ? c.green(verdict) : c.red(verdict));
    out.push('');
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** `kubelint simulate --format json`: the same as data. */
export function formatTimelinesJson(simulations: readonly Simulation[]): string {
  return `${JSON.stringify(
    simulations.map((s) => ({
      file: s.file,
      line: s.line,
      resource: s.resource,
      namespace: s.namespace,
      outcome: s.outcome,
      events: s.events,
      facts: s.facts,
    })),
    null,
    2,
  )}\n`;
}
