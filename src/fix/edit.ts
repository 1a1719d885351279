import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { CST } from 'yaml';
import { rangeOf, type SourceFile } from '../load/source.js';
import type { JsonPath, TextEdit } from '../load/types.js';
import type { YamlChange, YamlValue } from './change.js';
import { renderBlockEntry, renderFlow, renderScalar, type QuoteStyle } from './render.js';

type Token = CST.Token;
type Item = CST.CollectionItem;
type MapToken = CST.BlockMap | CST.FlowCollection;

/**
 * The concrete syntax tree (the `yaml` package's CST: every token with its source offset, comments
 * and whitespace included) of each file a fix was asked for, parsed once per file and only then:
 * a plain lint never pays for it.
 */
// Loaded on first use: linting loads no yaml package unless a fix's edits are read (DESIGN §9).
let yamlModule: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

const streams = new WeakMap<SourceFile, CST.Document[]>();

function documentsOf(file: SourceFile): CST.Document[] {
  let docs = streams.get(file);
  if (!docs) {
    docs = [];
    for (const token of new (yaml().Parser)().parse(file.text))
      if (token.type === 'document') docs.push(token);
    streams.set(file, docs);
  }
  return docs;
}

/** The document of the stream that contains `offset`. */
function documentAt(file: SourceFile, offset: number): CST.Document | undefined {
  const docs = documentsOf(file);
  let lo = 0;
  let hi = docs.length - 1;
  let found: CST.Document | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const doc = docs[mid];
    if (doc && doc.offset <= offset) {
      found = doc;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

const INSIGNIFICANT = new Set(['space', 'newline', 'comment']);

function isMap(token: Token | undefined): token is MapToken {
  return token?.type === 'block-map' || (token?.type === 'flow-collection' && token.start.source === '{');
}

function isSeq(token: Token | undefined): token is CST.BlockSequence | CST.FlowCollection {
  return token?.type === 'block-seq' || (token?.type === 'flow-collection' && token.start.source === '[');
}

function isFlowScalar(token: Token | null | undefined): token is CST.FlowScalar {
  return (
    token?.type === 'scalar' ||
    token?.type === 'single-quoted-scalar' ||
    token?.type === 'double-quoted-scalar'
  );
}

function styleOf(token: CST.FlowScalar): QuoteStyle {
  return token.type === 'single-quoted-scalar'
    ? 'single'
    : token.type === 'double-quoted-scalar'
      ? 'double'
      : 'plain';
}

function keyText(item: Item): string | undefined {
  const key = item.key;
  if (!isFlowScalar(key)) return undefined;
  const source = key.source;
  if (key.type === 'scalar') return source;
  if (key.type === 'single-quoted-scalar') return source.slice(1, -1).replaceAll("''", "'");
  try {
    return JSON.parse(source) as string;
  } catch {
    return undefined; // a YAML-only escape or a multi-line key: not ours to edit
  }
}

/** Items that are entries (not the comment-only tail the parser keeps in a last item). */
function entriesOf(map: MapToken): Item[] {
  return map.items.filter((i) => i.key !== undefined || i.value !== undefined);
}

/**
 * An anchor on the way means the node is shared through aliases: editing it would change every
 * place that refers to it, so such a fix is not offered.
 */
function anchored(item: Item): boolean {
  return [...item.start, ...(item.sep ?? [])].some((t) => t.type === 'anchor');
}

/** The entry `key` of a mapping; null when it cannot be edited safely (duplicated, explicit `? key`). */
function entryOf(map: MapToken, key: string): Item | undefined | null {
  const matches = entriesOf(map).filter((i) => keyText(i) === key);
  if (matches.length > 1) return null;
  const item = matches[0];
  if (item && ('explicitKey' in item || anchored(item))) return null;
  return item;
}

function seqItemAt(seq: CST.BlockSequence | CST.FlowCollection, index: number): Item | undefined {
  const items =
    seq.type === 'block-seq'
      ? seq.items.filter((i) => i.start.some((t) => t.type === 'seq-item-ind'))
      : entriesOf(seq);
  return items[index];
}

type Walk =
  | { kind: 'found'; map: MapToken; item: Item }
  | { kind: 'missing'; map: MapToken; depth: number }
  | { kind: 'blocked' };

/** Follow `path` from a document's root through the literal nodes (never through aliases). */
function walk(root: Token | undefined, path: JsonPath): Walk {
  let node = root;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth];
    if (typeof segment === 'number') {
      const item = isSeq(node) ? seqItemAt(node, segment) : undefined;
      if (!item || anchored(item)) return { kind: 'blocked' };
      node = item.value;
      continue;
    }
    if (!isMap(node) || segment === undefined) return { kind: 'blocked' };
    const item = entryOf(node, segment);
    if (item === null) return { kind: 'blocked' };
    if (!item) return { kind: 'missing', map: node, depth };
    if (depth === path.length - 1) return { kind: 'found', map: node, item };
    node = item.value;
  }
  return { kind: 'blocked' };
}

function tokenEnd(t: CST.SourceToken): number {
  return t.offset + t.source.length;
}

/** Where a node's content ends: after its last character that is not whitespace or a comment. */
function contentEnd(token: Token | null | undefined): number | undefined {
  if (!token) return undefined;
  switch (token.type) {
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
    case 'alias':
      return token.offset + token.source.length;
    case 'block-scalar': {
      const header = token.props[token.props.length - 1];
      return (
        (header && 'source' in header ? header.offset + header.source.length : token.offset) +
        token.source.length
      );
    }
    case 'block-map':
    case 'block-seq': {
      const items = token.items.filter(
        (i) => i.key !== undefined || i.value !== undefined || i.start.some((t) => t.type === 'seq-item-ind'),
      );
      const last = items[items.length - 1];
      return last ? itemEnd(last) : undefined;
    }
    case 'flow-collection': {
      const close = token.end.find((t) => t.type === 'flow-map-end' || t.type === 'flow-seq-end');
      return close ? tokenEnd(close) : undefined;
    }
    default:
      return undefined;
  }
}

function itemEnd(item: Item): number | undefined {
  if (item.value) return contentEnd(item.value);
  const sep = item.sep?.filter((t) => !INSIGNIFICANT.has(t.type));
  const lastSep = sep?.[sep.length - 1];
  if (lastSep) return tokenEnd(lastSep);
  if (item.key) return contentEnd(item.key);
  const ind = item.start.filter((t) => !INSIGNIFICANT.has(t.type));
  const lastInd = ind[ind.length - 1];
  return lastInd ? tokenEnd(lastInd) : undefined;
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** The line break at or after `offset` (the end of the text when the last line has none). */
function lineBreakFrom(text: string, offset: number): { at: number; eol: string | undefined } {
  for (let i = offset; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') return { at: i, eol: '\n' };
    if (c === '\r') return { at: i, eol: text[i + 1] === '\n' ? '\r\n' : '\r' };
  }
  return { at: text.length, eol: undefined };
}

function firstEol(text: string): string {
  return lineBreakFrom(text, 0).eol ?? '\n';
}

interface Edit {
  start: number;
  end: number;
  newText: string;
}

/** The nested value for a missing path: `{b: {c: v}}` for missing keys b, c. */
function nestedValue(rest: JsonPath, value: YamlValue): YamlValue | undefined {
  let v = value;
  for (let i = rest.length - 1; i >= 0; i--) {
    const key = rest[i];
    if (typeof key !== 'string') return undefined;
    v = { [key]: v };
  }
  return v;
}

/** Insert `key: value` into a mapping, after the entry named by `after` or at its end. */
function insertInto(
  text: string,
  map: MapToken,
  key: string,
  value: YamlValue,
  after: readonly string[] = [],
): Edit | undefined {
  const entries = entriesOf(map);
  if (map.type === 'flow-collection') {
    const last = entries[entries.length - 1];
    // JSON (or JSON-style YAML) keeps its double quotes.
    const json = last?.key?.type === 'double-quoted-scalar';
    const entry = `${renderScalar(key, json ? 'double' : 'plain')}: ${renderFlow(value, json)}`;
    if (!last) return { start: tokenEnd(map.start), end: tokenEnd(map.start), newText: entry };
    const end = itemEnd(last);
    return end === undefined ? undefined : { start: end, end, newText: `, ${entry}` };
  }
  const first = entries[0];
  if (!first?.key || entries.some((i) => 'explicitKey' in i)) return undefined;
  // A merge key's entries are overridden by later explicit keys only: append after everything.
  const merges = entries.some((i) => keyText(i) === '<<');
  const named = merges
    ? undefined
    : after.map((k) => entries.find((i) => keyText(i) === k)).find((i) => i !== undefined);
  const anchor = named ?? entries[entries.length - 1];
  const end = anchor && itemEnd(anchor);
  if (end === undefined) return undefined;
  const keyOffset = first.key.offset;
  const indent = keyOffset - lineStart(text, keyOffset);
  const nested = entries.map((i) => i.value).find((v) => v?.type === 'block-map');
  const step = nested && nested.type === 'block-map' && nested.indent > indent ? nested.indent - indent : 2;
  const atLineStart = end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r');
  const brk = lineBreakFrom(text, end);
  const eol = brk.eol ?? firstEol(text);
  const lines = renderBlockEntry(key, value, indent, step, eol);
  // After a block scalar the content ends at a line start; elsewhere, after the rest of the line
  // (a trailing comment stays with its entry).
  return atLineStart
    ? { start: end, end, newText: `${lines}${eol}` }
    : { start: brk.at, end: brk.at, newText: `${eol}${lines}` };
}

function resolveChange(
  text: string,
  root: Token | undefined,
  path: JsonPath,
  change: YamlChange,
): Edit | undefined {
  const found = walk(root, path);
  if (found.kind === 'blocked') return undefined;
  if (change.op === 'rename-key') {
    if (found.kind !== 'found' || !isFlowScalar(found.item.key)) return undefined;
    if (entryOf(found.map, change.to) !== undefined) return undefined;
    const k = found.item.key;
    return { start: k.offset, end: k.offset + k.source.length, newText: renderScalar(change.to, styleOf(k)) };
  }
  if (found.kind === 'missing') {
    if (change.op === 'replace') return undefined;
    const key = path[found.depth];
    const value = nestedValue(path.slice(found.depth + 1), change.value);
    if (typeof key !== 'string' || value === undefined) return undefined;
    return insertInto(text, found.map, key, value, found.depth === path.length - 1 ? change.after : []);
  }
  if (change.op === 'insert') return undefined;
  const node = found.item.value;
  if (node === undefined) {
    // `key:` with no value: the value goes after the colon.
    const end = itemEnd(found.item);
    if (end === undefined || change.op === 'replace') return undefined;
    return { start: end, end, newText: ` ${renderFlow(change.value)}` };
  }
  const value = change.value;
  if (!isFlowScalar(node) || (value !== null && typeof value === 'object')) return undefined;
  // A multi-line plain or quoted scalar is left alone: replacing it would need its indentation rules.
  if (/[\r\n]/.test(node.source)) return undefined;
  return {
    start: node.offset,
    end: node.offset + node.source.length,
    newText: renderScalar(value, styleOf(node)),
  };
}

/**
 * The minimal text edits that make `changes` to the document of `file` containing offset `at` —
 * comments, key order, quoting and indentation outside the edited spans are left as they are.
 * Paths are relative to `base` (e.g. `['items', 2]` for an item of a `kind: List`). Returns
 * undefined when any change cannot be made safely (a node reached through an alias or anchor, a
 * duplicated key, a block scalar, …): a fix is all or nothing.
 */
export function editsFor(
  file: SourceFile,
  at: number,
  base: JsonPath,
  changes: readonly YamlChange[],
): TextEdit[] | undefined {
  const doc = documentAt(file, at);
  if (!doc) return undefined;
  const edits: Edit[] = [];
  for (const change of changes) {
    const edit = resolveChange(file.text, doc.value, [...base, ...change.path], change);
    if (!edit) return undefined;
    edits.push(edit);
  }
  edits.sort((a, b) => a.start - b.start);
  for (let i = 1; i < edits.length; i++) {
    const prev = edits[i - 1];
    const cur = edits[i];
    if (prev && cur && cur.start < prev.end) return undefined;
  }
  return edits
    .filter((e) => file.text.slice(e.start, e.end) !== e.newText)
    .map((e) => ({ range: rangeOf(file, e.start, e.end), newText: e.newText }));
}
