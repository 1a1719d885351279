import { rangeOf, type SourceFile } from '../load/source.js';
import type { Finding, ManifestDoc } from '../load/types.js';

/**
 * Inline suppressions, as ESLint spells them:
 *   # kubelint-disable-next-line rule-a, rule-b -- why
 *   # kubelint-disable rule-a   …   # kubelint-enable rule-a
 *   # kubelint-disable-file
 * No rule id means every rule. Directives are read from comment lines and trailing comments.
 */
export interface Directive {
  kind: 'disable-next-line' | 'disable' | 'enable' | 'disable-file';
  rules: string[];
  line: number;
  start: number;
  end: number;
  justification?: string;
  used: boolean;
}

const DIRECTIVE = /(?:^|\s)#\s*kubelint-(disable-next-line|disable-file|disable|enable)(?=\s|$)(.*)$/;
export const IGNORE_ANNOTATION = 'kubelint.dev/ignore';

export function parseDirectives(file: SourceFile): Directive[] {
  if (!file.text.includes('kubelint-')) return [];
  const out: Directive[] = [];
  const lines = file.text.split(/\r\n|\r|\n/);
  lines.forEach((text, i) => {
    const m = DIRECTIVE.exec(text);
    if (!m) return;
    const [spec = '', justification] = (m[2] ?? '').split(/\s--\s?/, 2);
    const start = (file.lineStarts[i] ?? 0) + text.indexOf('#', m.index);
    const directive: Directive = {
      kind: m[1] as Directive['kind'],
      rules: spec
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
      line: i + 1,
      start,
      end: (file.lineStarts[i] ?? 0) + text.length,
      used: false,
    };
    if (justification?.trim()) directive.justification = justification.trim();
    out.push(directive);
  });
  return out;
}

function covers(d: Directive, ruleId: string): boolean {
  return d.rules.length === 0 || d.rules.includes(ruleId);
}

/** The directive that silences a finding starting on `line`, if any (and marks it used). */
export function suppressingDirective(
  directives: Directive[],
  ruleId: string,
  line: number,
): Directive | undefined {
  let found: Directive | undefined;
  for (const d of directives) {
    if (!covers(d, ruleId)) continue;
    if (d.kind === 'disable-file' || (d.kind === 'disable-next-line' && d.line + 1 === line)) found ??= d;
    else if (d.kind === 'disable' && d.line < line) {
      // Open unless an enable for this rule comes between the disable and the finding.
      const closed = directives.some(
        (e) => e.kind === 'enable' && covers(e, ruleId) && e.line > d.line && e.line <= line,
      );
      if (!closed) found ??= d;
    }
  }
  if (found) found.used = true;
  return found;
}

/** Rule ids listed in a resource's `kubelint.dev/ignore` annotation. */
export function ignoredByAnnotation(doc: ManifestDoc): string[] {
  const object = doc.object as { metadata?: { annotations?: Record<string, unknown> } } | undefined;
  const value = object?.metadata?.annotations?.[IGNORE_ANNOTATION];
  return typeof value === 'string'
    ? value
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean)
    : [];
}

function directiveFinding(file: SourceFile, d: Directive, ruleId: string, message: string): Finding {
  return {
    ruleId,
    severity: 'warning',
    message,
    file: file.path,
    range: rangeOf(file, d.start, d.end),
    path: [],
  };
}

/**
 * Mark the findings of one file that its comments silence; report suppressions naming unknown rules
 * and, when asked, suppressions that silenced nothing.
 */
export function applyComments(
  file: SourceFile,
  findings: Finding[],
  knownRules: ReadonlySet<string>,
  reportUnused: boolean,
): Finding[] {
  const directives = parseDirectives(file);
  if (directives.length === 0) return [];
  for (const f of findings) {
    if (f.suppressed) continue;
    const d = suppressingDirective(directives, f.ruleId, f.range.start.line);
    if (d)
      f.suppressed = d.justification
        ? { source: 'comment', justification: d.justification }
        : { source: 'comment' };
  }
  const extra: Finding[] = [];
  for (const d of directives) {
    for (const id of d.rules.filter((r) => !knownRules.has(r)))
      extra.push(
        directiveFinding(
          file,
          d,
          'suppression-unknown-rule',
          `kubelint-${d.kind} names "${id}", which is not a kubelint rule`,
        ),
      );
    if (reportUnused && !d.used && d.kind !== 'enable')
      extra.push(
        directiveFinding(
          file,
          d,
          'unused-suppression',
          `kubelint-${d.kind}${d.rules.length ? ` ${d.rules.join(', ')}` : ''} suppresses no finding; remove it`,
        ),
      );
  }
  return extra;
}
