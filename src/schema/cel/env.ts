import { createRequire } from 'node:module';
import type * as Cel from '@marcbachmann/cel-js';
import type { ASTNode, Environment, ParseResult } from '@marcbachmann/cel-js';
import { addKubernetesFunctions } from './library.js';

// The CEL environment of x-kubernetes-validations rules: `self` (and `oldSelf`, which only an update
// has). @marcbachmann/cel-js interprets the expression tree itself (no code generation: no eval or
// Function), with cel-go's macros, int/uint/double arithmetic and string functions; library.ts adds
// what Kubernetes adds that kubelint can reproduce exactly. A rule that needs anything else is not
// checked rather than guessed at. https://kubernetes.io/docs/reference/using-api/cel/

/** A rule as kubelint can use it. */
export type CompiledRule =
  | { status: 'ok'; program: ParseResult; cost: RuleShape }
  /** Not CEL: the API server refuses the CustomResourceDefinition (a syntax error). */
  | { status: 'invalid'; message: string }
  /** CEL that kubelint does not evaluate; `reason` says why. */
  | { status: 'unsupported'; reason: string }
  /** Uses oldSelf: a transition rule, checked on updates only. */
  | { status: 'transition' };

/** What the cost estimate needs: the size of the tree and how deeply comprehensions nest. */
export interface RuleShape {
  nodes: number;
  /** Nesting depth of the comprehension macros (all, exists, exists_one, map, filter). */
  loops: number;
  /**
   * Uses what differs for characters outside the Basic Multilingual Plane (UTF-16 units here, code
   * points in CEL): string indexes, regular expressions, string ordering.
   */
  astralSensitive: boolean;
}

let environment: Environment | undefined | null;

/** The shared environment, loaded on the first rule (the interpreter costs ~50 ms to load). */
function env(): Environment | undefined {
  if (environment !== undefined) return environment ?? undefined;
  try {
    const cel = createRequire(import.meta.url)('@marcbachmann/cel-js') as typeof Cel;
    const created = new cel.Environment({
      enableOptionalTypes: true,
      homogeneousAggregateLiterals: false,
      limits: { maxAstNodes: 100_000, maxDepth: 250, maxListElements: 10_000, maxMapEntries: 10_000 },
    })
      .registerVariable('self', 'dyn')
      .registerVariable('oldSelf', 'dyn');
    environment = addKubernetesFunctions(created);
  } catch {
    // Node versions that cannot require() an ES module: rules are not checked (never guessed at).
    environment = null;
  }
  return environment ?? undefined;
}

const MACROS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
const ASTRAL_SENSITIVE = new Set(['indexOf', 'lastIndexOf', 'substring', 'matches', '<', '<=', '>', '>=']);
/** Kubernetes' escapes for property names that are not CEL identifiers (`__dash__`, `__namespace__`). */
const ESCAPED = /__[a-zA-Z]+__/;
/** Regular expressions are RE2 in Kubernetes; `matches` is evaluated only for literal patterns that JavaScript reads alike and cannot backtrack on. */
const REGEX_FUNCTIONS = new Set(['matches']);

const compiled = new Map<string, CompiledRule>();
const MAX_COMPILED = 2_000;

export function compileRule(rule: string): CompiledRule {
  let hit = compiled.get(rule);
  if (!hit) {
    hit = compileUncached(rule);
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(rule, hit);
  }
  return hit;
}

function compileUncached(rule: string): CompiledRule {
  const e = env();
  if (!e) return { status: 'unsupported', reason: 'this Node.js cannot load the CEL interpreter' };
  if (ESCAPED.test(rule))
    return { status: 'unsupported', reason: 'it uses an escaped property name (__name__)' };
  let program: ParseResult;
  try {
    program = e.parse(rule);
  } catch (err) {
    const message = firstLine(err);
    // The interpreter's parser does not read all of CEL (optional list and map entries `[?x]`,
    // `.5`): only a mistake no CEL parser accepts makes the rule invalid.
    const mistake = syntaxMistake(rule);
    if (mistake) return { status: 'invalid', message: mistake };
    return { status: 'unsupported', reason: `kubelint's CEL parser cannot read it (${message})` };
  }
  const shape: RuleShape = { nodes: 0, loops: 0, astralSensitive: false };
  let why: string | undefined;
  let transition = false;
  walk(program.ast, 0, (node, loops) => {
    shape.nodes++;
    shape.loops = Math.max(shape.loops, loops);
    if (node.op === 'id' && node.args === 'oldSelf') transition = true;
    const args = node.args as unknown[];
    const name = node.op === 'rcall' || node.op === 'call' ? (args[0] as string) : undefined;
    if (ASTRAL_SENSITIVE.has(name ?? node.op)) shape.astralSensitive = true;
    if (name && REGEX_FUNCTIONS.has(name)) {
      // `s.matches(p)` is [name, s, [p]]; `matches(s, p)` is [name, [s, p]].
      const pattern = node.op === 'rcall' ? (args[2] as ASTNode[])[0] : (args[1] as ASTNode[])[1];
      if (pattern?.op !== 'value' || typeof pattern.args !== 'string' || !safePattern(pattern.args))
        why ??= `it calls ${name}() with a pattern kubelint cannot evaluate like RE2 in linear time`;
    }
  });
  if (transition) return { status: 'transition' };
  if (why) return { status: 'unsupported', reason: why };
  let checked: ReturnType<ParseResult['check']>;
  try {
    checked = program.check();
  } catch (err) {
    return { status: 'unsupported', reason: `kubelint cannot evaluate it (${firstLine(err)})` };
  }
  if (!checked.valid)
    return { status: 'unsupported', reason: `kubelint cannot evaluate it (${firstLine(checked.error)})` };
  return { status: 'ok', program, cost: shape };
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
}

function walk(node: ASTNode, loops: number, visit: (node: ASTNode, loops: number) => void): void {
  visit(node, loops);
  const args: unknown = node.args;
  const inLoop =
    node.op === 'rcall' && Array.isArray(args) && MACROS.has(args[0] as string) ? loops + 1 : loops;
  const children = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(children);
    else if (isNode(value)) walk(value, inLoop, visit);
  };
  if (Array.isArray(args)) children(args);
}

const isNode = (v: unknown): v is ASTNode =>
  typeof v === 'object' && v !== null && typeof (v as { op?: unknown }).op === 'string';

/**
 * A pattern that means the same in RE2 and JavaScript and cannot backtrack exponentially: no
 * quantified group that holds a quantifier or an alternation, no backreferences or lookaround (RE2
 * has neither), no inline flags or classes JavaScript spells differently.
 */
export function safePattern(pattern: string): boolean {
  if (pattern.length > 1_000 || /\\[1-9kpPzAQE]|\(\?[^:]|\[\[:/.test(pattern)) return false;
  try {
    new RegExp(pattern, 'u');
  } catch {
    return false;
  }
  const stack: { quantifiers: boolean }[] = [];
  // Unbounded quantifiers in a row backtrack polynomially (`a*a*a*b`): few are allowed.
  let unbounded = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // Skip a character class: its contents are not operators.
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      continue;
    }
    if (c === '(') stack.push({ quantifiers: false });
    else if (c === ')') {
      const group = stack.pop();
      const next = pattern[i + 1];
      if (group?.quantifiers && next !== undefined && '*+{'.includes(next)) return false;
      if (group?.quantifiers && stack.length) stack[stack.length - 1]!.quantifiers = true;
    } else if (c === '*' || c === '+' || c === '{' || c === '|') {
      if (c !== '|' && c !== '{' && ++unbounded > 3) return false;
      if (stack.length) stack[stack.length - 1]!.quantifiers = true;
    }
  }
  return true;
}

const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * A syntax mistake that no CEL parser accepts, found by scanning tokens: an unterminated string, an
 * unbalanced bracket, or an expression that ends with an operator. Undefined when there is none of
 * these (the text may still be invalid, but kubelint does not claim it).
 */
export function syntaxMistake(rule: string): string | undefined {
  const open: string[] = [];
  let last = '';
  for (let i = 0; i < rule.length;) {
    const c = rule[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && rule[i + 1] === '/') {
      const end = rule.indexOf('\n', i);
      i = end < 0 ? rule.length : end + 1;
      continue;
    }
    const prefix = /^(?:[rR][bB]?|[bB][rR]?)?(?="|')/.exec(rule.slice(i, i + 3));
    // A quote always opens a string; r/b before it are a prefix unless they end an identifier.
    if (prefix && (!prefix[0] || i === 0 || !/[\w.]/.test(rule[i - 1]!))) {
      const raw = /r/i.test(prefix[0]);
      let j = i + prefix[0].length;
      const quote = rule.startsWith(rule[j]!.repeat(3), j) ? rule[j]!.repeat(3) : rule[j]!;
      j += quote.length;
      for (;;) {
        if (j >= rule.length) return 'a string literal is not terminated';
        if (quote.length === 1 && (rule[j] === '\n' || rule[j] === '\r'))
          return 'a string literal is not terminated before the end of the line';
        if (!raw && rule[j] === '\\') j += 2;
        else if (rule.startsWith(quote, j)) break;
        else j++;
      }
      i = j + quote.length;
      last = 'literal';
      continue;
    }
    if ('([{'.includes(c)) open.push(c);
    else if (c in CLOSERS) {
      if (open.pop() !== CLOSERS[c]) return `"${c}" does not close an open bracket`;
    }
    last = c;
    i++;
  }
  if (open.length) return `"${open.at(-1)!}" is not closed`;
  if (last && '+-*/%&|=!<>?:.,'.includes(last)) return `it ends with "${last}"`;
  return undefined;
}
