import { TreeManifest } from './manifest.js';
import { rangeOf, type SourceFile } from './source.js';
import { blankOut, tooDeepAt } from './depth.js';
import { MAX_DEPTH, TreeBuilder, type TreeNode, type TreeProblem } from './tree.js';
import type { Finding, ManifestDoc } from './types.js';
import { parseStream, type AstNode } from './yaml-ast.js';

export interface LoadedFile {
  file: SourceFile;
  docs: ManifestDoc[];
  /** Problems found while reading the file (syntax errors, duplicate keys, non-manifests). */
  findings: Finding[];
}

/** Actions only Helm templates use: `.Values`, `include`, `toYaml`… (alerting rules use `{{ $labels }}`). */
const HELM_ONLY =
  /\{\{-?\s*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files|\$\.Values|(?:include|template|toYaml|tpl|required)\s)/;
const GO_TEMPLATE = /\{\{-?\s*[^}]*\}\}/;

/**
 * An unrendered Helm template: Helm-only actions, or template actions in a file that does not parse.
 * One finding instead of a cascade of YAML errors on `{{ … }}`.
 */
function helmTemplate(file: SourceFile, findings: Finding[]): Finding | undefined {
  const helm = HELM_ONLY.exec(file.text);
  const broken = findings.some((f) => f.ruleId === 'yaml-syntax' || f.ruleId === 'duplicate-key');
  const action = helm ?? (broken ? GO_TEMPLATE.exec(file.text) : null);
  if (!action) return undefined;
  return loaderFinding(
    file,
    'helm-template-not-rendered',
    'warning',
    'this is an unrendered Helm template, not a manifest: render it first, e.g. `helm template <release> <chart> | kubelint -`',
    action.index,
    action.index + action[0].length,
  );
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
    ? (root.entries?.items?.node?.items ?? []).map((item, i) => new TreeManifest(file, index, item, i))
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

/**
 * Big files are parsed in chunks of whole documents: the parser builds the AST of everything it is
 * given, so chunking bounds memory (and a syntax error costs a re-parse of one chunk, not the file).
 * A `---` at the start of a line always starts a document in YAML, so it is a safe place to cut.
 */
const CHUNK_SIZE = 256 * 1024;

interface ParseState {
  index: number;
  errors: number;
}

/** Parse every document of a YAML (or JSON) file, with exact positions, recovering after syntax errors. */
export function loadSource(file: SourceFile): LoadedFile {
  const docs: ManifestDoc[] = [];
  const findings: Finding[] = [];
  const text = refuseDeepNesting(file, findings);
  const state: ParseState = { index: 0, errors: 0 };
  // A BOM is not content: parse after it so offsets stay those of the text (and of the editor).
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length) {
    const end = chunkEnd(text, start);
    parseRange(file, text, start, end, state, docs, findings);
    if (state.errors > MAX_RECOVERIES) {
      findings.push(
        loaderFinding(
          file,
          'yaml-syntax',
          'error',
          `more than ${MAX_RECOVERIES} YAML syntax errors; the rest of the file was skipped`,
          end,
          end,
        ),
      );
      break;
    }
    start = end;
  }
  const helm = helmTemplate(file, findings);
  if (helm) return { file, docs: [], findings: [helm] };
  return { file, docs, findings };
}

function chunkEnd(text: string, start: number): number {
  if (text.length - start <= CHUNK_SIZE) return text.length;
  let m = nextDocMarker(text, start + CHUNK_SIZE);
  if (m !== -1 && m <= start) m = nextDocMarker(text, nextLineStart(text, start));
  return m === -1 || m <= start ? text.length : m;
}

function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** Parse text[start, end): whole documents; after a syntax error, resume at the next document marker. */
function parseRange(
  file: SourceFile,
  text: string,
  start: number,
  end: number,
  state: ParseState,
  docs: ManifestDoc[],
  findings: Finding[],
): void {
  let base = start;
  while (base < end && state.errors <= MAX_RECOVERIES) {
    let stream;
    try {
      stream = parseStream(text.slice(base, end));
    } catch (err) {
      // The parser recurses per block nesting level; pathological nesting exhausts the stack.
      const message =
        err instanceof RangeError
          ? 'the YAML nests too deeply to parse'
          : `the YAML parser failed: ${String(err)}`;
      findings.push(loaderFinding(file, 'yaml-syntax', 'error', message, base, tokenEnd(text, base)));
      state.errors++;
      return;
    }
    const error = stream.errors[0];
    const errorAt = error ? base + error.offset : Infinity;
    for (const ast of stream.docs) {
      if (!ast) continue;
      // A document that reaches the error contains it: one left unfinished at the end of the input
      // (an unclosed flow collection) ends exactly where the error is reported.
      const docEnd = base + ast.endPosition;
      if (docEnd > errorAt || (docEnd === errorAt && errorAt === end)) break;
      if (base + ast.startPosition >= errorAt && error) break;
      docs.push(...buildDocs(file, ast, base, state.index, findings));
      state.index++;
    }
    if (!error) return;
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
    state.errors++;
    state.index++;
    let resume = nextDocMarker(text, errorAt);
    if (resume !== -1 && resume <= base) resume = nextDocMarker(text, nextLineStart(text, base));
    if (resume === -1 || resume <= base || resume >= end) return;
    base = resume;
  }
}

/**
 * Blank out documents whose flow collections nest deeper than the parser can recurse, with a finding
 * at the offending bracket; the other documents keep their exact offsets.
 */
function refuseDeepNesting(file: SourceFile, findings: Finding[]): string {
  let text = file.text;
  for (let from = 0, n = 0; n < MAX_RECOVERIES; n++) {
    const at = tooDeepAt(text, from);
    if (at === -1) break;
    const start = previousDocMarker(text, at);
    const next = nextDocMarker(text, at);
    const end = next === -1 ? text.length : next;
    findings.push(
      loaderFinding(
        file,
        'yaml-syntax',
        'error',
        `YAML nests deeper than ${MAX_DEPTH} levels; the document was skipped`,
        at,
        at + 1,
      ),
    );
    text = blankOut(text, start, end);
    from = end;
  }
  return text;
}

function previousDocMarker(text: string, before: number): number {
  let start = 0;
  DOC_MARKER.lastIndex = 0;
  for (let m = DOC_MARKER.exec(text); m && m.index < before; m = DOC_MARKER.exec(text)) start = m.index;
  return start;
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
