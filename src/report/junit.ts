import type { Finding } from '../load/types.js';
import type { ReportContext } from './index.js';

// XML 1.0 allows only tab, LF, CR and printable characters; others (a stray \x1b in a message)
// would make the whole report unparsable, so they are dropped.
const INVALID_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function xml(s: string): string {
  return s
    .replace(INVALID_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

function line(f: Finding): string {
  return `${f.file}:${f.range.start.line}:${f.range.start.column}: ${f.severity}: ${f.message} (${f.ruleId})`;
}

/**
 * JUnit XML as GitLab and Azure DevOps read it: a test suite per file, a test case per file × rule
 * that can fire, failing with the rule's errors and warnings (infos are printed, not failures).
 */
export function formatJunit(findings: readonly Finding[], ctx: ReportContext): string {
  const byFile = new Map<string, Finding[]>();
  for (const file of ctx.files) byFile.set(file.path, []);
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const ruleIds = ctx.rules.map((r) => r.rule.id);
  let tests = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const [file, list] of byFile) {
    const ids = [...new Set([...ruleIds, ...list.map((f) => f.ruleId)])];
    const cases: string[] = [];
    let suiteFailures = 0;
    for (const id of ids) {
      const own = list.filter((f) => f.ruleId === id);
      const failing = own.filter((f) => f.severity !== 'info');
      const attrs = `classname="${xml(file)}" name="${xml(id)}" file="${xml(file)}"`;
      const body: string[] = [];
      if (failing.length) {
        suiteFailures++;
        const message = `${failing.length} problem${failing.length === 1 ? '' : 's'}`;
        body.push(
          `      <failure message="${xml(message)}" type="${failing.some((f) => f.severity === 'error') ? 'error' : 'warning'}">${xml(failing.map(line).join('\n'))}</failure>`,
        );
      }
      const infos = own.filter((f) => f.severity === 'info');
      if (infos.length) body.push(`      <system-out>${xml(infos.map(line).join('\n'))}</system-out>`);
      cases.push(
        body.length
          ? `    <testcase ${attrs}>\n${body.join('\n')}\n    </testcase>`
          : `    <testcase ${attrs}/>`,
      );
    }
    tests += ids.length;
    failures += suiteFailures;
    suites.push(
      `  <testsuite name="${xml(file)}" tests="${ids.length}" failures="${suiteFailures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(ctx.tool.name)}" tests="${tests}" failures="${failures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
