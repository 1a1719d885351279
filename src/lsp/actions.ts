import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver/node.js';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../load/types.js';
import { toLspRange } from './convert.js';
import { ignoreAnnotationEdits } from './ignore-annotation.js';

export interface Published {
  finding: Finding;
  diagnostic: Diagnostic;
}

const DISABLE_COMMENT = /^([ \t]*)#[ \t]*kubelint-disable-next-line[ \t]+([^\r\n]*?)[ \t]*$/;

/**
 * The quick fixes for findings on one document: the rule's own fix, then "disable for this line", then
 * "disable for this resource" (the `kubelint.dev/ignore` annotation, for rules that honour it).
 */
export function codeActionsFor(
  document: TextDocument,
  published: readonly Published[],
  honoursAnnotation: (ruleId: string) => boolean = () => false,
): CodeAction[] {
  const fixes: CodeAction[] = [];
  const disables: CodeAction[] = [];
  const resourceDisables: CodeAction[] = [];
  const seen = new Set<string>();
  const seenResource = new Set<string>();
  for (const { finding, diagnostic } of published) {
    const resourceKey = `${JSON.stringify(finding.resource)}\0${finding.ruleId}`;
    if (finding.resource && honoursAnnotation(finding.ruleId) && !seenResource.has(resourceKey)) {
      seenResource.add(resourceKey);
      const edits = ignoreAnnotationEdits(
        document.getText(),
        document.offsetAt(diagnostic.range.start),
        finding.ruleId,
        { json: /\.json$/i.test(document.uri) },
      );
      if (edits)
        resourceDisables.push({
          title: `Disable ${finding.ruleId} for this resource`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: {
            changes: {
              [document.uri]: edits.map((e) => ({
                range: { start: document.positionAt(e.start), end: document.positionAt(e.end) },
                newText: e.newText,
              })),
            },
          },
        });
    }
    if (finding.fix?.edits.length)
      fixes.push({
        title: finding.fix.description,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: {
          changes: {
            [document.uri]: finding.fix.edits.map((e) => ({
              range: toLspRange(e.range),
              newText: e.newText,
            })),
          },
        },
      });
    const line = diagnostic.range.start.line;
    const key = `${line}\0${finding.ruleId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    disables.push({
      title: `Disable ${finding.ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [document.uri]: [disableNextLine(document, line, finding.ruleId)] } },
    });
  }
  return [...fixes, ...disables, ...resourceDisables];
}

/**
 * `# kubelint-disable-next-line <id>` above the line, at its indentation (a comment is valid YAML at
 * any indentation, and a finding never starts inside a block scalar, so the YAML means the same).
 * When the line above already disables other rules, the id is appended to it.
 */
export function disableNextLine(document: TextDocument, line: number, ruleId: string): TextEdit {
  const text = lineText(document, line);
  const above = line > 0 ? DISABLE_COMMENT.exec(lineText(document, line - 1)) : null;
  if (above) {
    const ids = (above[2] ?? '').split(/[\s,]+/).filter(Boolean);
    const end = { line: line - 1, character: lineText(document, line - 1).length };
    const start = { line: line - 1, character: (above[1] ?? '').length };
    return {
      range: { start, end },
      newText: `# kubelint-disable-next-line ${(ids.includes(ruleId) ? ids : [...ids, ruleId]).join(', ')}`,
    };
  }
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  const eol = document.getText({
    start: { line, character: text.length },
    end: { line: line + 1, character: 0 },
  });
  const newline = eol === '\r\n' || eol === '\r' ? eol : '\n';
  const at = { line, character: 0 };
  return {
    range: { start: at, end: at },
    newText: `${indent}# kubelint-disable-next-line ${ruleId}${newline}`,
  };
}

function lineText(document: TextDocument, line: number): string {
  const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return text.replace(/\r?\n$|\r$/, '');
}
