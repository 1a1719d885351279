import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleInfo } from '../engine/index.js';
import type { Finding, Range, Severity } from '../load/types.js';
import { FINGERPRINT_KEY } from './fingerprint.js';
import type { ReportContext, RuleDocs } from './index.js';

// SARIF 2.1.0 (OASIS), restricted to what GitHub code scanning ingests:
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };

// GitHub ranks security alerts by `security-severity` (a CVSS-like score: over 9 critical, 7–8.9 high,
// 4–6.9 medium, below 4 low).
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '2.0' };

// GitHub keeps 5,000 results (of at most 25,000) and 100 locations per result; a snippet is context,
// not a copy of the file.
const MAX_RELATED = 100;
const MAX_SNIPPET = 2_000;

/** SARIF messages are sentences (the SDK's SARIF2001 wants the period kubelint's style leaves out). */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase());
}

/** A finding's file as a URI reference relative to %SRCROOT% (the working directory), `/`-separated. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  if (isAbsolute(rel) || rel.split(sep)[0] === '..') return { uri: pathToFileURL(file).href };
  return { uri: rel.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function srcrootUri(cwd: string): string {
  const href = pathToFileURL(cwd).href;
  return href.endsWith('/') ? href : `${href}/`;
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  snippet?: { text: string };
}

/** The whole lines of a region, which GitHub shows around an alert (SARIF §3.29.5 contextRegion). */
function contextRegion(text: string, start: number, end: number): Record<string, unknown> | undefined {
  const from = text.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
  const eol = text.indexOf('\n', Math.max(start, end - 1));
  const to = eol === -1 ? text.length : eol;
  const lines = text.slice(from, to).replace(/\r$/, '');
  // SARIF1008: a context region is a proper superset of its region, or absent.
  if (from >= start && from + lines.length <= end) return undefined;
  if (lines.length > MAX_SNIPPET) return undefined;
  const startLine = text.slice(0, from).split('\n').length;
  return { startLine, endLine: startLine + lines.split('\n').length - 1, snippet: { text: lines } };
}

export function ruleDescriptor(rule: RuleInfo, severity: Severity, docs: RuleDocs): Record<string, unknown> {
  const { meta } = rule;
  const tags = meta.category === 'security' ? ['security', 'kubernetes'] : [meta.category, 'kubernetes'];
  const properties: Record<string, unknown> = { tags, category: meta.category };
  if (meta.category === 'security') properties['security-severity'] = SECURITY_SEVERITY[severity];
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: sentence(meta.description) },
    fullDescription: { text: sentence(meta.description) },
    help: { text: docs.markdown, markdown: docs.markdown },
    helpUri: docs.uri,
    defaultConfiguration: { level: LEVEL[severity] },
    properties,
  };
}

/** A SARIF 2.1.0 log with one run, ready for `github/codeql-action/upload-sarif`. */
export function formatSarif(findings: readonly Finding[], ctx: ReportContext): string {
  const texts = new Map(ctx.files.map((f) => [f.path, f.text]));
  const region = (file: string, range: Range): SarifRegion => {
    const r: SarifRegion = {
      startLine: range.start.line,
      startColumn: range.start.column,
      endLine: range.end.line,
      endColumn: range.end.column,
    };
    const text = texts.get(file)?.slice(range.start.offset, range.end.offset);
    if (text) r.snippet = { text: text.length > MAX_SNIPPET ? text.slice(0, MAX_SNIPPET) : text };
    return r;
  };
  const location = (file: string, range: Range) => {
    const physicalLocation: Record<string, unknown> = {
      artifactLocation: artifactLocation(file, ctx.cwd),
      region: region(file, range),
    };
    const text = texts.get(file);
    const context =
      text === undefined ? undefined : contextRegion(text, range.start.offset, range.end.offset);
    if (context) physicalLocation.contextRegion = context;
    return { physicalLocation };
  };

  const rules = [...ctx.rules];
  // A finding of a rule that is not in the run's list (it cannot happen through the CLI, but a
  // result must never point at a missing rule) gets a descriptor too.
  const ruleIndex = new Map(rules.map((r, i) => [r.rule.id, i]));
  for (const f of findings) {
    if (!ruleIndex.has(f.ruleId)) {
      ruleIndex.set(f.ruleId, rules.length);
      rules.push({
        rule: {
          id: f.ruleId,
          meta: {
            category: 'correctness',
            severity: f.severity,
            recommended: false,
            description: f.ruleId,
            docsUrl: ctx.tool.informationUri,
          },
        },
        severity: f.severity,
      });
    }
  }

  const results = findings.map((f) => {
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: sentence(f.message) },
      locations: [location(f.file, f.range)],
    };
    if (f.related?.length)
      result.relatedLocations = f.related.slice(0, MAX_RELATED).map((r, i) => ({
        id: i + 1,
        ...location(r.file, r.range),
        message: { text: sentence(r.message) },
      }));
    // A finding silenced in the source (comment or annotation), shown with --include-suppressed.
    if (f.suppressed)
      result.suppressions = [
        f.suppressed.justification
          ? { kind: 'inSource', justification: f.suppressed.justification }
          : { kind: 'inSource' },
      ];
    const fingerprint = ctx.fingerprints.get(f);
    if (fingerprint) result.partialFingerprints = { [FINGERPRINT_KEY]: fingerprint };
    return result;
  });

  const unreadable = ctx.files.filter((f) => f.unreadable !== undefined);
  const invocation: Record<string, unknown> = {
    // An unreadable file was not analysed, so the run did not do all it was asked to.
    executionSuccessful: unreadable.length === 0,
  };
  if (unreadable.length)
    invocation.toolExecutionNotifications = unreadable.map((f) => ({
      level: 'error',
      message: { text: sentence(`${f.path}: ${f.unreadable ?? 'file could not be read'}`) },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.path, ctx.cwd) } }],
      descriptor: { id: 'file-unreadable' },
    }));

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: ctx.tool.name,
            version: ctx.tool.version,
            semanticVersion: ctx.tool.version,
            informationUri: ctx.tool.informationUri,
            rules: rules.map((r) => ruleDescriptor(r.rule, r.severity, ctx.docsOf(r.rule))),
          },
        },
        invocations: [invocation],
        originalUriBaseIds: { [SRCROOT]: { uri: srcrootUri(ctx.cwd) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
