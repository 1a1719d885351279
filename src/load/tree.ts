import { Kind, type AstAlias, type AstMap, type AstNode, type AstScalar, type AstSeq } from './yaml-ast.js';
import { keyToString, resolvePlainScalar, resolveTaggedScalar, type Scalar } from './scalars.js';

/** A positioned node of a document, with its plain JSON value as the API server would decode it. */
export interface TreeNode {
  start: number;
  end: number;
  value: unknown;
  entries?: Record<string, TreeEntry | undefined>;
  items?: TreeNode[];
}

export interface TreeEntry {
  keyStart: number;
  keyEnd: number;
  /** Undefined for `key:` with no value (null). */
  node: TreeNode | undefined;
  /** True when the entry came from a merge key (`<<: *base`). */
  merged: boolean;
}

export interface TreeProblem {
  kind: 'duplicate-key' | 'complex-key' | 'alias-limit' | 'too-deep' | 'bad-merge';
  start: number;
  end: number;
  message: string;
  /** For duplicates: the first occurrence's key. */
  firstStart?: number;
  firstEnd?: number;
}

export const MAX_DEPTH = 1000;
/** Alias-expanded nodes allowed beyond the literal nodes, against "billion laughs" documents. */
export const MAX_ALIAS_EXPANSION = 100_000;

const MERGE_KEY = '<<';

/**
 * Records without a prototype chain to Object.prototype (a `__proto__` or `constructor` key is just
 * a key), yet fast objects: `Object.create(null)` makes dictionary-mode objects. With those for
 * values and Maps for key tables, the trees of 10k documents took 192 MB of heap; like this, 137 MB.
 */
const Fields = function () {} as unknown as new () => Record<string, never>;
Fields.prototype = Object.create(null) as object;
export const newRecord = <T>(): Record<string, T> => new Fields();

const TAG_SHORTHAND = /^!!([a-z]+)$/;
const TAG_VERBATIM = /^!<(.*)>$/;

/**
 * The parser's AST has no tags, so look at the text before a scalar: `key: !!str 80`. Only core
 * schema tags change resolution; custom tags leave the value as it is.
 */
function tagBefore(text: string, start: number): string | undefined {
  let i = start - 1;
  for (let hop = 0; hop < 2; hop++) {
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
    const end = i + 1;
    while (i >= 0 && !/[\s,[{:]/.test(text[i] ?? ' ')) i--;
    const token = text.slice(i + 1, end);
    if (token.startsWith('&')) continue; // `&anchor !!str x`
    const short = TAG_SHORTHAND.exec(token);
    if (short) return `tag:yaml.org,2002:${short[1]}`;
    return TAG_VERBATIM.exec(token)?.[1];
  }
  return undefined;
}

export class TreeBuilder {
  readonly problems: TreeProblem[] = [];
  private readonly cache = new Map<AstNode, { node: TreeNode; size: number }>();
  private expanded = 0;
  private failed = false;

  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {}

  /** Build the tree of a document root; undefined when the document cannot be decoded. */
  build(root: AstNode): TreeNode | undefined {
    const result = this.convert(root, 0);
    return this.failed ? undefined : result?.node;
  }

  private fail(problem: TreeProblem): undefined {
    this.problems.push(problem);
    this.failed = true;
    return undefined;
  }

  private convert(
    ast: AstNode | null | undefined,
    depth: number,
  ): { node: TreeNode; size: number } | undefined {
    if (!ast || this.failed) return undefined;
    if (depth > MAX_DEPTH) {
      const start = this.base + ast.startPosition;
      return this.fail({
        kind: 'too-deep',
        start,
        end: start + 1,
        message: `document nests deeper than ${MAX_DEPTH} levels`,
      });
    }
    if (ast.kind === Kind.ANCHOR_REF) return this.alias(ast, depth);
    const cached = this.cache.get(ast);
    if (cached) return cached;
    let result: { node: TreeNode; size: number } | undefined;
    if (ast.kind === Kind.MAP) result = this.mapping(ast, depth);
    else if (ast.kind === Kind.SEQ) result = this.sequence(ast, depth);
    else if (ast.kind === Kind.SCALAR) result = { node: this.scalar(ast as AstScalar), size: 1 };
    else return undefined;
    if (result && ast.anchorId !== undefined) this.cache.set(ast, result);
    return result;
  }

  private alias(ast: AstNode, depth: number): { node: TreeNode; size: number } | undefined {
    const target = (ast as AstAlias).value;
    const result = this.convert(target, depth + 1);
    if (!result) return undefined;
    this.expanded += result.size;
    if (this.expanded > MAX_ALIAS_EXPANSION) {
      const start = this.base + ast.startPosition;
      return this.fail({
        kind: 'alias-limit',
        start,
        end: this.base + ast.endPosition,
        message: `aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes; refusing to expand the document`,
      });
    }
    return result;
  }

  private scalar(ast: AstScalar): TreeNode {
    const start = this.base + ast.startPosition;
    const end = this.base + ast.endPosition;
    const tag = tagBefore(this.text, start);
    let value: Scalar;
    if (tag !== undefined) value = resolveTaggedScalar(tag, ast.value);
    else if (ast.plainScalar && !ast.doubleQuoted && !ast.singleQuoted && !isBlockScalar(ast))
      value = resolvePlainScalar(ast.value);
    else value = ast.value;
    return { start, end, value };
  }

  private sequence(ast: AstNode, depth: number): { node: TreeNode; size: number } | undefined {
    const items: TreeNode[] = [];
    const value: unknown[] = [];
    let size = 1;
    for (const item of (ast as AstSeq).items) {
      if (item === null) {
        value.push(null);
        continue;
      }
      const r = this.convert(item, depth + 1);
      if (!r) return undefined;
      items.push(r.node);
      value.push(r.node.value);
      size += r.size;
    }
    return {
      node: { start: this.base + ast.startPosition, end: this.base + ast.endPosition, value, items },
      size,
    };
  }

  private mapping(ast: AstNode, depth: number): { node: TreeNode; size: number } | undefined {
    const entries = newRecord<TreeEntry | undefined>();
    const value = newRecord<unknown>();
    let size = 1;
    const set = (key: string, entry: TreeEntry): void => {
      entries[key] = entry;
      value[key] = entry.node ? entry.node.value : null;
    };
    const mappings = (ast as AstMap).mappings;
    for (const m of mappings) {
      const keyAst = m.key;
      if (!keyAst) continue;
      const keyStart = this.base + keyAst.startPosition;
      const keyEnd = this.base + keyAst.endPosition;
      if (keyAst.kind !== Kind.SCALAR) {
        return this.fail({
          kind: 'complex-key',
          start: keyStart,
          end: keyEnd,
          message: 'a complex (non-scalar) mapping key cannot be decoded into a Kubernetes object',
        });
      }
      const scalarKey = keyAst as AstScalar;
      const valueResult = m.value ? this.convert(m.value, depth + 1) : undefined;
      if (this.failed) return undefined;
      if (scalarKey.plainScalar && scalarKey.value === MERGE_KEY) {
        // go-yaml v2 merges in document order: merged keys and explicit keys overwrite what came before.
        if (!this.merge(valueResult?.node, keyStart, keyEnd, set)) return undefined;
        size += valueResult?.size ?? 0;
        continue;
      }
      const key = keyToString(this.scalar(scalarKey).value as Scalar);
      const previous = entries[key];
      if (previous && !previous.merged) {
        this.problems.push({
          kind: 'duplicate-key',
          start: keyStart,
          end: keyEnd,
          firstStart: previous.keyStart,
          firstEnd: previous.keyEnd,
          message: `duplicate key "${key}"`,
        });
      }
      set(key, { keyStart, keyEnd, node: valueResult?.node, merged: false });
      size += 1 + (valueResult?.size ?? 0);
    }
    return {
      node: { start: this.base + ast.startPosition, end: this.base + ast.endPosition, value, entries },
      size,
    };
  }

  private merge(
    source: TreeNode | undefined,
    keyStart: number,
    keyEnd: number,
    set: (key: string, entry: TreeEntry) => void,
  ): boolean {
    const maps = source?.entries ? [source] : source?.items;
    if (!maps || maps.some((m) => !m.entries)) {
      this.fail({
        kind: 'bad-merge',
        start: keyStart,
        end: keyEnd,
        message: 'a merge key (<<) must refer to a mapping or a sequence of mappings',
      });
      return false;
    }
    // In a sequence of maps, earlier maps take precedence: apply them last.
    for (const m of [...maps].reverse()) {
      for (const [k, e] of Object.entries(m.entries ?? {})) if (e) set(k, { ...e, merged: true });
    }
    return true;
  }
}

function isBlockScalar(ast: AstScalar): boolean {
  const first = ast.rawValue?.[0];
  return first === '|' || first === '>';
}
