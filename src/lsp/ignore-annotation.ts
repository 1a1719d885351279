import { isMap, isScalar, isSeq, parseAllDocuments, Scalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { IGNORE_ANNOTATION } from '../engine/suppress.js';

/** A replacement of text[start, end) — offsets into the file's text. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

type AnyMap = YAMLMap<unknown, unknown>;
type AnyPair = Pair<unknown, unknown>;

interface Context {
  text: string;
  nl: string;
  step: number;
  /** Write keys and values as JSON strings (the file is JSON, or its flow maps quote their keys). */
  json: boolean;
}

/**
 * The smallest text edits that add `ruleId` to the `kubelint.dev/ignore` annotation of the resource
 * whose source contains `offset`: appended to the list when the annotation exists; the annotation,
 * `annotations:` or `metadata:` created where missing, in the style (block or flow, indentation, line
 * breaks, JSON quoting) of the surrounding YAML, so comments and formatting elsewhere are untouched.
 * Built on the `yaml` package's document model, which keeps every node's source range. Undefined when
 * no safe edit exists (a broken document, metadata from an alias or merge key, a non-mapping).
 */
export function ignoreAnnotationEdits(
  text: string,
  offset: number,
  ruleId: string,
  options: { json?: boolean } = {},
): OffsetEdit[] | undefined {
  const docs = parsed(text);
  if (!docs) return undefined;
  const doc = docs.find((d) => d.contents && within(d.contents, offset));
  if (!doc || doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const resource = resourceAt(doc.contents, offset);
  if (!resource) return undefined;
  const ctx: Context = {
    text,
    nl: text.includes('\r\n') ? '\r\n' : '\n',
    step: indentStep(text, resource),
    json: options.json === true || (resource.flow === true && quotedKeys(resource)),
  };
  const edits = editsFor(ctx, resource, ruleId);
  return edits && stillTheSame(text, edits, offset, ruleId) ? edits : undefined;
}

type Documents = Extract<ReturnType<typeof parseAllDocuments>, unknown[]>;
let last: { text: string; docs: Documents | undefined } | undefined;

/**
 * The text's documents, the last text's kept: a client asks for code actions at every cursor move,
 * each diagnostic there wants one, and the documents are only read, never modified.
 */
function parsed(text: string): Documents | undefined {
  if (last?.text === text) return last.docs;
  let docs: Documents | undefined;
  try {
    const result = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
    docs = Array.isArray(result) ? result : undefined;
  } catch {
    docs = undefined;
  }
  last = { text, docs };
  return docs;
}

function within(node: Node, offset: number): boolean {
  const range = node.range;
  return !!range && range[0] <= offset && offset <= range[2];
}

/** The document, or the item of a `kind: List` document, whose source contains the offset. */
function resourceAt(root: AnyMap, offset: number): AnyMap | undefined {
  const kind = root.get('kind');
  const items = root.get('items', true);
  if (typeof kind === 'string' && kind.endsWith('List') && isSeq(items)) {
    const item = items.items.find((i): i is AnyMap => isMap(i) && within(i, offset));
    return item;
  }
  return root;
}

/** The last pair with this plain key (the API server's decoder keeps the last of duplicates). */
function pairOf(map: AnyMap, key: string): AnyPair | undefined {
  return map.items.findLast((p) => isScalar(p.key) && p.key.value === key);
}

function hasMergeKey(map: AnyMap): boolean {
  return map.items.some((p) => isScalar(p.key) && p.key.value === '<<' && p.key.type === Scalar.PLAIN);
}

function editsFor(ctx: Context, resource: AnyMap, ruleId: string): OffsetEdit[] | undefined {
  const metadata = pairOf(resource, 'metadata');
  if (!metadata) {
    // A merge key may bring metadata in; a new `metadata:` would replace all of it.
    if (hasMergeKey(resource)) return undefined;
    const after = pairOf(resource, 'kind') ?? pairOf(resource, 'apiVersion');
    return [addPair(ctx, resource, 'metadata', { annotations: { [IGNORE_ANNOTATION]: ruleId } }, after)];
  }
  if (isEmpty(metadata.value))
    return [setEmpty(ctx, resource, metadata, { annotations: { [IGNORE_ANNOTATION]: ruleId } })];
  if (!isMap(metadata.value)) return undefined;
  const meta = metadata.value;
  const annotations = pairOf(meta, 'annotations');
  if (!annotations) {
    if (hasMergeKey(meta)) return undefined;
    return [addPair(ctx, meta, 'annotations', { [IGNORE_ANNOTATION]: ruleId })];
  }
  if (isEmpty(annotations.value)) return [setEmpty(ctx, meta, annotations, { [IGNORE_ANNOTATION]: ruleId })];
  if (!isMap(annotations.value)) return undefined;
  const map = annotations.value;
  const ignore = pairOf(map, IGNORE_ANNOTATION);
  if (!ignore) {
    if (hasMergeKey(map)) return undefined;
    return [addPair(ctx, map, IGNORE_ANNOTATION, ruleId)];
  }
  if (isEmpty(ignore.value)) return [setEmpty(ctx, map, ignore, ruleId)];
  if (!isScalar(ignore.value)) return undefined;
  return appendToList(ctx, map, ignore.value, ruleId);
}

function isEmpty(value: unknown): value is Scalar | null {
  return value === null || (isScalar(value) && value.value === null && value.source === '');
}

/** `kubelint.dev/ignore: a` → `a, b`, keeping the scalar's quoting (or quoting it where it must). */
function appendToList(ctx: Context, map: AnyMap, scalar: Scalar, ruleId: string): OffsetEdit[] | undefined {
  const range = scalar.range;
  if (!range) return undefined;
  const current = typeof scalar.value === 'string' ? scalar.value : (scalar.source ?? '');
  const separator = /,\s/.test(current) || !current.includes(',') ? ', ' : ',';
  const value = current.trim() ? `${current.replace(/[\s,]+$/, '')}${separator}${ruleId}` : ruleId;
  const [start, end] = range;
  if (scalar.type === Scalar.QUOTE_DOUBLE || scalar.type === Scalar.QUOTE_SINGLE) {
    // Rule ids need no escaping: insert just before the closing quote.
    const at = end - 1;
    return [{ start: at, end: at, newText: current.trim() ? value.slice(current.length) : ruleId }];
  }
  if (scalar.type === Scalar.PLAIN && !(map.flow && value.includes(',')) && !ctx.json)
    return [{ start: end, end, newText: value.slice(current.length) }];
  // Block scalars and plain lists in flow maps: rewrite the value as a double-quoted string.
  const newText = JSON.stringify(value) + (ctx.text[end - 1] === '\n' ? ctx.nl : '');
  return [{ start, end, newText }];
}

type Value = string | { [key: string]: Value };

/** A new `key: value` in a map: its own line(s) after the last pair (block), or `, key: value` (flow). */
function addPair(ctx: Context, map: AnyMap, key: string, value: Value, after?: AnyPair): OffsetEdit {
  const last = after ?? map.items.at(-1);
  const json = ctx.json || (map.flow === true && quotedKeys(map));
  if (map.flow) {
    const end = last ? pairEnd(last) : (map.range?.[0] ?? 0) + 1;
    const entry = `${scalarText(key, json)}: ${flowText(value, json)}`;
    return { start: end, end, newText: last ? `, ${entry}` : entry };
  }
  const indent = ' '.repeat(columnOf(ctx.text, map.range?.[0] ?? 0));
  const at = last ? lineStartAfter(ctx.text, pairEnd(last)) : (map.range?.[0] ?? 0);
  const lead = at === ctx.text.length && at > 0 && !/[\r\n]$/.test(ctx.text) ? ctx.nl : '';
  return { start: at, end: at, newText: lead + blockLines(ctx, indent, key, value).join('') };
}

/** `key:` with no value gets one: a nested block under a block map's key, `{…}` in a flow map. */
function setEmpty(ctx: Context, map: AnyMap, pair: AnyPair, value: Value): OffsetEdit {
  const keyStart = (pair.key as Scalar).range?.[0] ?? 0;
  const valueAt = pair.value && isScalar(pair.value) ? pair.value.range?.[0] : undefined;
  const json = ctx.json || (map.flow === true && quotedKeys(map));
  if (map.flow || typeof value === 'string') {
    const at = valueAt ?? pairEnd(pair);
    const text = typeof value === 'string' ? scalarText(value, json) : flowText(value, json);
    return { start: at, end: at, newText: ctx.text[at - 1] === ':' ? ` ${text}` : text };
  }
  // After the key's line (and any comment on it): the nested keys one indentation step deeper.
  const lineEnd = lineStartAfter(ctx.text, valueAt ?? keyStart);
  const indent = ' '.repeat(columnOf(ctx.text, keyStart) + ctx.step);
  const lines = Object.entries(value).flatMap(([k, v]) => blockLines(ctx, indent, k, v));
  const needsBreak = lineEnd === ctx.text.length && !/[\r\n]$/.test(ctx.text);
  return { start: lineEnd, end: lineEnd, newText: (needsBreak ? ctx.nl : '') + lines.join('') };
}

function blockLines(ctx: Context, indent: string, key: string, value: Value): string[] {
  if (typeof value === 'string')
    return [`${indent}${scalarText(key, ctx.json)}: ${scalarText(value, ctx.json)}${ctx.nl}`];
  const inner = indent + ' '.repeat(ctx.step);
  return [
    `${indent}${scalarText(key, ctx.json)}:${ctx.nl}`,
    ...Object.entries(value).flatMap(([k, v]) => blockLines(ctx, inner, k, v)),
  ];
}

function flowText(value: Value, json: boolean): string {
  if (typeof value === 'string') return scalarText(value, json);
  const entries = Object.entries(value).map(([k, v]) => `${scalarText(k, json)}: ${flowText(v, json)}`);
  return `{${entries.join(', ')}}`;
}

/** Keys and rule ids are plain-safe (`kubelint.dev/ignore`, kebab-case); JSON wants them quoted. */
function scalarText(value: string, json: boolean): string {
  return json || !/^[a-z0-9][a-z0-9./-]*$/i.test(value) ? JSON.stringify(value) : value;
}

function quotedKeys(map: AnyMap): boolean {
  const first = map.items[0]?.key;
  return isScalar(first) && first.type === Scalar.QUOTE_DOUBLE;
}

/** Where a pair's value ends (before any trailing comment), or its key's end when it has no value. */
function pairEnd(pair: AnyPair): number {
  const value = pair.value as Node | null;
  const key = pair.key as Node | null;
  return value?.range?.[1] ?? key?.range?.[1] ?? 0;
}

function lineStartAfter(text: string, offset: number): number {
  if (offset > 0 && (text[offset - 1] === '\n' || (text[offset - 1] === '\r' && text[offset] !== '\n')))
    return offset;
  const m = /\r\n|\r|\n/g;
  m.lastIndex = offset;
  const hit = m.exec(text);
  return hit ? hit.index + hit[0].length : text.length;
}

function columnOf(text: string, offset: number): number {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  return offset - lineStart;
}

/** The document's indentation step: how far a nested block map is indented under its key (default 2). */
function indentStep(text: string, map: AnyMap): number {
  for (const pair of map.items) {
    const value = pair.value;
    const key = pair.key as Node | null;
    if (isMap(value) && !value.flow && value.range && key?.range) {
      const step = columnOf(text, value.range[0]) - columnOf(text, key.range[0]);
      if (step > 0) return step;
    }
  }
  return 2;
}

/**
 * Re-parse the edited text: the resource must now list the rule in its annotation, and every other
 * value of every document must be unchanged. Guards against any YAML shape the edits got wrong.
 */
function stillTheSame(text: string, edits: OffsetEdit[], offset: number, ruleId: string): boolean {
  let edited = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    edited = edited.slice(0, e.start) + e.newText + edited.slice(e.end);
  const before = parsed(text);
  const after = parseAllDocuments(edited, { uniqueKeys: false, prettyErrors: false });
  if (!before || !Array.isArray(after) || before.length !== after.length) return false;
  if (after.some((d) => d.errors.length > 0)) return false;
  const shift = edits
    .filter((e) => e.start < offset)
    .reduce((n, e) => n + e.newText.length - (e.end - e.start), 0);
  return before.every((doc, i) => {
    const next = after[i];
    if (!next) return false;
    const original = doc.toJS({ maxAliasCount: -1 }) as unknown;
    const changed = next.toJS({ maxAliasCount: -1 }) as unknown;
    const root = next.contents;
    const target =
      doc.contents && within(doc.contents, offset) && isMap(root)
        ? resourceAt(root, offset + shift)
        : undefined;
    if (!target) return JSON.stringify(original) === JSON.stringify(changed);
    const was = doc.contents && isMap(doc.contents) ? resourceAt(doc.contents, offset) : undefined;
    if (ignoredIds(target).join() !== [...ignoredIds(was), ruleId].join()) return false;
    return JSON.stringify(withoutIgnore(original)) === JSON.stringify(withoutIgnore(changed));
  });
}

function ignoredIds(resource: AnyMap | undefined): string[] {
  const object = resource?.toJSON() as { metadata?: { annotations?: Record<string, unknown> } } | undefined;
  const value = object?.metadata?.annotations?.[IGNORE_ANNOTATION];
  return typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : [];
}

/** A value with every `kubelint.dev/ignore` annotation (and any metadata/annotations left empty) removed. */
function withoutIgnore(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIgnore);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === IGNORE_ANNOTATION) continue;
    const inner = withoutIgnore(v);
    if ((k === 'metadata' || k === 'annotations') && isEmptyObject(inner)) continue;
    out[k] = inner;
  }
  return out;
}

function isEmptyObject(value: unknown): boolean {
  return value === null || (typeof value === 'object' && Object.keys(value).length === 0);
}
