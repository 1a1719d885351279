import type { Finding, Severity } from '../load/types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

// Workflow command escaping, as the runner unescapes it (actions/toolkit `command.ts`):
// in the message `%`, CR and LF; in a property value also `:` and `,`, which delimit properties.
export function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`), one per finding: the runner
 * turns them into annotations on the pull request's diff. Paths stay relative to the working
 * directory, which in a workflow is the repository root.
 */
export function formatGithub(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const { start, end } = f.range;
      const props = [
        `file=${escapeProperty(f.file.replaceAll('\\', '/'))}`,
        `line=${start.line}`,
        `col=${start.column}`,
        `endLine=${end.line}`,
        `endColumn=${end.column}`,
        `title=${escapeProperty(f.ruleId)}`,
      ].join(',');
      const related = (f.related ?? []).map(
        (r) => `\n${r.file}:${r.range.start.line}:${r.range.start.column}: ${r.message}`,
      );
      return `::${COMMAND[f.severity]} ${props}::${escapeData(f.message + related.join(''))}\n`;
    })
    .join('');
}
