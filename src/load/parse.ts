import { TreeManifest } from './manifest.js';
import { rangeOf, type SourceFile } from './source.js';
import { TreeBuilder, type TreeNode, type TreeProblem } from './tree.js';
import type { Finding, ManifestDoc } from './types.js';
import { parseStream, type AstNode } from './yaml-ast.js';

export interface LoadedFile {
  file: SourceFile;
  docs: ManifestDoc[];
  /** Problems found while reading the file (syntax errors, duplicate keys, non-manifests). */
  findings: Finding[];
}

/** Re-parses after syntax errors are bounded, so a file full of errors still costs linear-ish time. */
const MAX_RECOVERIES = 50;
const DOC_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

function loaderFinding(
  file: SourceFile,
  ruleId: string,
  severity: Finding['severity'],
  message: string,
  start: number,
  end: number,
): Finding {
  return { ruleId, severity, message, file: file.path, range: rangeOf(file, start, end), path: [] };
}

function tokenEnd(text: string, offset: number): number {
  const rest = /^[^\s]*/.exec(text.slice(offset, offset + 200))?.[0] ?? '';
  return offset + Math.max(1, rest.length);
}

function nextDocMarker(text: string, from: number): number {
  const lineStart = text.lastIndexOf('\n', Math.max(0, from - 1)) + 1;
  DOC_MARKER.lastIndex = lineStart;
  const m = DOC_MARKER.exec(text);
  return m ? m.index : -1;
}

function problemFinding(file: SourceFile, p: TreeProblem): Finding {
  const ruleId =
    p.kind === 'duplicate-key'
      ? 'duplicate-key'
      : p.kind === 'alias-limit'
        ? 'yaml-alias-limit'
        : 'yaml-syntax';
  const finding = loaderFinding(file, ruleId, 'error', p.message, p.start, p.end);
  if (p.kind === 'duplicate-key') {
    finding.message = `${p.message}: the API server rejects duplicate fields in strict decoding, and the last value silently wins otherwise`;
    if (p.firstStart !== undefined)
      finding.related = [
        {
          message: 'first defined here',
          file: file.path,
          range: rangeOf(file, p.firstStart, p.firstEnd ?? p.firstStart),
        },
      ];
  }
  return finding;
}

function isListKind(value: unknown): value is { kind: string; items: unknown[] } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; apiVersion?: unknown; items?: unknown };
  return (
    typeof v.kind === 'string' &&
    v.kind.endsWith('List') &&
    typeof v.apiVersion === 'string' &&
    Array.isArray(v.items)
  );
}

function documentsOf(file: SourceFile, index: number, root: TreeNode, findings: Finding[]): ManifestDoc[] {
  const candidates = isListKind(root.value)
    ? (root.entries?.get('items')?.node?.items ?? []).map((item, i) => new TreeManifest(file, index, item, i))
    : [new TreeManifest(file, index, root)];
  return candidates.filter((doc) => {
    if (doc.resource) return true;
    const what =
      doc.listItem === undefined
        ? `document ${index + 1}`
        : `item ${doc.listItem} of List document ${index + 1}`;
    const shape =
      typeof doc.object === 'object' && doc.object !== null && !Array.isArray(doc.object)
        ? 'has no apiVersion and kind'
        : 'is not a mapping';
    findings.push({
      ruleId: 'not-a-manifest',
      severity: 'info',
      message: `${what} ${shape}, so it is not a Kubernetes manifest and was skipped`,
      file: file.path,
      range: doc.locate([]),
      path: [],
    });
    return false;
  });
}

/** Parse every document of a YAML (or JSON) file, with exact positions, recovering after syntax errors. */
export function loadSource(file: SourceFile): LoadedFile {
  const { text } = file;
  const docs: ManifestDoc[] = [];
  const findings: Finding[] = [];
  // A BOM is not content: parse after it so offsets stay those of the text (and of the editor).
  let base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let index = 0;
  for (let attempt = 0; attempt <= MAX_RECOVERIES; attempt++) {
    const slice = text.slice(base);
    let stream;
    try {
      stream = parseStream(slice);
    } catch (err) {
      // The parser recurses per nesting level; pathological nesting exhausts the stack.
      const message =
        err instanceof RangeError
          ? 'the YAML nests too deeply to parse'
          : `the YAML parser failed: ${String(err)}`;
      findings.push(loaderFinding(file, 'yaml-syntax', 'error', message, base, tokenEnd(text, base)));
      break;
    }
    const error = stream.errors[0];
    const errorAt = error ? base + error.offset : Infinity;
    for (const ast of stream.docs) {
      if (!ast) continue;
      if (base + ast.endPosition > errorAt || (base + ast.startPosition >= errorAt && error)) break;
      docs.push(...buildDocs(file, ast, base, index, findings));
      index++;
    }
    if (!error) break;
    findings.push(
      loaderFinding(
        file,
        'yaml-syntax',
        'error',
        `YAML syntax error: ${error.message}`,
        errorAt,
        tokenEnd(text, errorAt),
      ),
    );
    index++;
    let resume = nextDocMarker(text, errorAt);
    if (resume !== -1 && resume <= base)
      resume = nextDocMarker(text, text.indexOf('\n', base) + 1 || text.length);
    if (resume === -1 || resume <= base) break;
    base = resume;
  }
  return { file, docs, findings };
}

function buildDocs(
  file: SourceFile,
  ast: AstNode,
  base: number,
  index: number,
  findings: Finding[],
): ManifestDoc[] {
  const builder = new TreeBuilder(file.text, base);
  const root = builder.build(ast);
  findings.push(...builder.problems.map((p) => problemFinding(file, p)));
  if (!root || root.value === null || root.value === '') return [];
  return documentsOf(file, index, root, findings);
}
