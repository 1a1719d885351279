import type { EnabledRule, FileResult, RuleInfo } from '../engine/index.js';
import type { Finding } from '../load/types.js';

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export interface RuleDocs {
  markdown: string;
  uri: string;
}

export interface ToolInfo {
  name: string;
  version: string;
  informationUri: string;
}

/** Everything a reporter may need besides the findings it shows. */
export interface ReportContext {
  color: boolean;
  /** Findings' relative paths are relative to this directory (SARIF's %SRCROOT%). */
  cwd: string;
  /** Every file of the run, with its text (snippets) or why it could not be read. */
  files: readonly FileResult[];
  /** The rules that can fire in this run's configuration. */
  rules: readonly EnabledRule[];
  /** Fingerprints of all findings of the run (see fingerprint.ts). */
  fingerprints: ReadonlyMap<Finding, string>;
  tool: ToolInfo;
  /** A rule's documentation as Markdown (its README) and where it is published. */
  docsOf: (rule: RuleInfo) => RuleDocs;
}

/**
 * Render a report. Reporters are imported on first use: a pre-commit hook printing `stylish`
 * should not pay for loading the SARIF or JUnit writers (DESIGN §9, start-up budget).
 */
export async function formatReport(
  format: Format,
  findings: readonly Finding[],
  ctx: ReportContext,
): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('./json.js')).formatJson(findings, ctx.fingerprints);
    case 'sarif':
      return (await import('./sarif.js')).formatSarif(findings, ctx);
    case 'github':
      return (await import('./github.js')).formatGithub(findings);
    case 'junit':
      return (await import('./junit.js')).formatJunit(findings, ctx);
    default:
      return (await import('./stylish.js')).formatStylish(findings, ctx);
  }
}

export { countFindings, type Counts } from './counts.js';
export { fingerprintFindings, FINGERPRINT_KEY } from './fingerprint.js';
