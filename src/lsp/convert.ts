import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type Range as LspRange,
} from 'vscode-languageserver/node.js';
import type { RuleInfo } from '../engine/index.js';
import type { Finding, Range, Severity } from '../load/types.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * kubelint positions are 1-based lines and 1-based columns counted in UTF-16 code units (JS string
 * indices), and both count `\r\n`, `\n` and a lone `\r` as one line break — exactly LSP's model, so
 * the conversion is a shift to 0-based, valid on lines with any non-ASCII characters.
 */
export function toLspRange(range: Range): LspRange {
  return {
    start: { line: range.start.line - 1, character: range.start.column - 1 },
    end: { line: range.end.line - 1, character: range.end.column - 1 },
  };
}

/** The file path kubelint lints for a document URI (other schemes, e.g. `untitled:`, keep the URI). */
export function pathOfUri(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export function uriOfPath(path: string): string {
  return /^[a-z][a-z0-9+.-]+:/i.test(path) && !/^[a-z]:[\\/]/i.test(path) ? path : pathToFileURL(path).href;
}

export function toDiagnostic(
  finding: Finding,
  rule: RuleInfo | undefined,
  uriOf: (path: string) => string,
): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toLspRange(finding.range),
    severity: SEVERITY[finding.severity],
    source: 'kubelint',
    code: finding.ruleId,
    message: finding.message,
  };
  if (rule) diagnostic.codeDescription = { href: rule.meta.docsUrl };
  if (rule?.meta.category === 'deprecation') diagnostic.tags = [DiagnosticTag.Deprecated];
  if (finding.related?.length)
    diagnostic.relatedInformation = finding.related.map((r) => ({
      message: r.message,
      location: { uri: uriOf(r.file), range: toLspRange(r.range) },
    }));
  return diagnostic;
}

/** True when the LSP position lies within the range (ends inclusive, so empty ranges can be hit). */
export function rangeContains(range: LspRange, line: number, character: number): boolean {
  const afterStart =
    line > range.start.line || (line === range.start.line && character >= range.start.character);
  const beforeEnd = line < range.end.line || (line === range.end.line && character <= range.end.character);
  return afterStart && beforeEnd;
}

export function rangesOverlap(a: LspRange, b: LspRange): boolean {
  const before = (x: LspRange['start'], y: LspRange['start']): boolean =>
    x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
