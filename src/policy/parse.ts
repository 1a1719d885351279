/* eslint-disable @typescript-eslint/no-unsafe-enum-comparison -- node types are compared as strings:
   importing the AST_NODE_TYPES enum would load the parser, and TypeScript, on every run. */
import { createRequire } from 'node:module';
import type * as Estree from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { closestName } from './names.js';

export type Node = TSESTree.Node;
export type Expression = TSESTree.Expression;

/** A policy expression outside the language; `offset` is into the expression text. */
export class PolicySyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'PolicySyntaxError';
  }
}

/** Where a static member chain starts: the document, the pod spec or the current container. */
export type PathRoot = 'object' | 'pod' | 'container';

export interface StaticPath {
  root: PathRoot;
  path: string[];
  /** Offset of the chain's last segment in the expression. */
  offset: number;
  /** Offset of each segment of `path` in the expression. */
  offsets: number[];
}

export interface CheckedExpression {
  text: string;
  ast: Expression;
  /** Precompiled regular expression literals. */
  regexes: ReadonlyMap<Node, RegExp>;
  /** Member chains with literal keys rooted at the document, pod or container, in source order. */
  paths: StaticPath[];
}

/** The resource's common top-level fields, usable without `object.` (any field works via `object`). */
export const TOP_LEVEL_FIELDS = [
  'apiVersion',
  'kind',
  'metadata',
  'spec',
  'status',
  'data',
  'stringData',
  'binaryData',
  'type',
  'immutable',
  'rules',
  'roleRef',
  'subjects',
  'webhooks',
  'template',
  'secrets',
  'imagePullSecrets',
  'automountServiceAccountToken',
  'provisioner',
  'parameters',
  'reclaimPolicy',
  'volumeBindingMode',
  'allowVolumeExpansion',
  'items',
];

/** Identifiers every policy sees; `forEach: containers` adds CONTAINER_NAMES. */
export const ROOT_NAMES = ['object', 'pod', 'namespace', 'undefined', ...TOP_LEVEL_FIELDS];
export const CONTAINER_NAMES = ['container', 'containerRole'];

/** Members that reach the prototype chain: never readable, whatever the object. */
export const FORBIDDEN_MEMBERS = new Set(['__proto__', 'constructor', 'prototype']);

/** Methods that take a callback `(item, index) => …`. */
export const CALLBACK_METHODS = new Set(['some', 'every', 'filter', 'map', 'find']);
/** Methods whose argument must be a regular expression literal (user data is never a pattern). */
const REGEX_ARGUMENT_METHODS = new Set(['match']);
export const VALUE_METHODS = new Set(['includes', 'startsWith', 'endsWith', 'match', 'test']);
export const OBJECT_FUNCTIONS = new Set(['keys', 'values', 'entries']);

const BINARY_OPERATORS = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=', '+', '-', '*', '/', '%']);
const UNARY_OPERATORS = new Set(['!', '-', '+', 'typeof']);
const MAX_NODES = 1000;
/** Nested callbacks multiply work (n^depth); three levels cover real policies. */
const MAX_CALLBACK_DEPTH = 3;

const UNSUPPORTED: Record<string, string> = {
  ThisExpression: '"this" is',
  AssignmentExpression: 'assignment is',
  UpdateExpression: '"++" and "--" are',
  NewExpression: '"new" is',
  ImportExpression: 'import() is',
  FunctionExpression: 'function expressions are',
  ObjectExpression: 'object literals are',
  SequenceExpression: 'the comma operator is',
  AwaitExpression: '"await" is',
  YieldExpression: '"yield" is',
  TaggedTemplateExpression: 'tagged templates are',
  ClassExpression: 'classes are',
  SpreadElement: 'spread ("...") is',
  MetaProperty: 'import.meta and new.target are',
  Super: '"super" is',
};

let estree: typeof Estree | undefined;
// typescript-estree loads the TypeScript compiler (a second or more): only configs with policies pay.
function parser(): typeof Estree {
  return (estree ??= createRequire(import.meta.url)('@typescript-eslint/typescript-estree') as typeof Estree);
}

function statementName(type: string): string {
  return type
    .replace(/Statement$|Declaration$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** Parse an `assert` expression and check it against the policy language's whitelist. */
export function parseExpression(text: string, scopeNames: readonly string[]): CheckedExpression {
  if (!text.trim()) throw new PolicySyntaxError('the expression is empty', 0);
  let program: TSESTree.Program;
  try {
    program = parser().parse(text, { range: true, comment: false, jsx: false });
  } catch (err) {
    const e = err as { index?: number; message?: string };
    throw new PolicySyntaxError(`syntax error: ${e.message ?? String(err)}`, e.index ?? 0);
  }
  const [first, ...rest] = program.body;
  if (!first) throw new PolicySyntaxError('the expression is empty', 0);
  if (first.type !== 'ExpressionStatement')
    throw new PolicySyntaxError(
      `a policy is one expression; a ${statementName(first.type)} statement is not allowed`,
      first.range[0],
    );
  if (rest[0])
    throw new PolicySyntaxError('a policy is one expression; remove what follows it', rest[0].range[0]);
  const checker = new Checker(new Set(scopeNames));
  checker.check(first.expression, new Set(), 0);
  return { text, ast: first.expression, regexes: checker.regexes, paths: checker.paths };
}

class Checker {
  readonly regexes = new Map<Node, RegExp>();
  readonly paths: StaticPath[] = [];
  private nodes = 0;

  constructor(private readonly roots: ReadonlySet<string>) {}

  private fail(node: Node, message: string): never {
    throw new PolicySyntaxError(message, node.range[0]);
  }

  check(node: Node, params: ReadonlySet<string>, depth: number): void {
    if (++this.nodes > MAX_NODES)
      this.fail(node, `the expression is too large (more than ${MAX_NODES} nodes); split the policy`);
    switch (node.type) {
      case 'Literal':
        return this.literal(node);
      case 'TemplateLiteral':
        for (const e of node.expressions) this.check(e, params, depth);
        return;
      case 'Identifier':
        return this.identifier(node, params);
      case 'MemberExpression':
        return this.member(node, params, depth);
      case 'ChainExpression':
        return this.check(node.expression, params, depth);
      case 'CallExpression':
        return this.call(node, params, depth);
      case 'UnaryExpression':
        if (!UNARY_OPERATORS.has(node.operator))
          this.fail(node, `the "${node.operator}" operator is not allowed (allowed: !, -, +, typeof)`);
        return this.check(node.argument, params, depth);
      case 'BinaryExpression':
        if (!BINARY_OPERATORS.has(node.operator))
          this.fail(
            node,
            `the "${node.operator}" operator is not allowed (allowed: comparisons, + - * / %, &&, ||, ??)`,
          );
        this.check(node.left, params, depth);
        return this.check(node.right, params, depth);
      case 'LogicalExpression':
        this.check(node.left, params, depth);
        return this.check(node.right, params, depth);
      case 'ConditionalExpression':
        this.check(node.test, params, depth);
        this.check(node.consequent, params, depth);
        return this.check(node.alternate, params, depth);
      case 'ArrayExpression':
        for (const e of node.elements) {
          if (!e) this.fail(node, 'array holes are not allowed');
          this.check(e, params, depth);
        }
        return;
      case 'ArrowFunctionExpression':
        this.fail(
          node,
          `arrow functions are allowed only as the argument of ${[...CALLBACK_METHODS].join(', ')}`,
        );
      // falls through (fail never returns)
      default: {
        const what =
          UNSUPPORTED[node.type] ?? (node.type.startsWith('TS') ? 'TypeScript syntax is' : `${node.type} is`);
        this.fail(node, `${what} not allowed in a policy expression`);
      }
    }
  }

  private literal(node: TSESTree.Literal): void {
    if ('regex' in node && node.regex) {
      const { pattern, flags } = node.regex;
      const bad = /[^imsu]/.exec(flags);
      if (bad) this.fail(node, `regular expression flag "${bad[0]}" is not allowed (allowed: i, m, s, u)`);
      const nested = nestedQuantifier(pattern);
      if (nested !== undefined)
        throw new PolicySyntaxError(
          'a quantified group containing a quantifier can take exponential time; simplify the regular expression',
          node.range[0] + 1 + nested,
        );
      try {
        this.regexes.set(node, new RegExp(pattern, flags));
      } catch (err) {
        this.fail(node, `invalid regular expression: ${(err as Error).message}`);
      }
      return;
    }
    if ('bigint' in node && node.bigint !== undefined) this.fail(node, 'BigInt literals are not allowed');
  }

  private identifier(node: TSESTree.Identifier, params: ReadonlySet<string>): void {
    if (params.has(node.name) || this.roots.has(node.name)) return;
    if (node.name === 'Object')
      this.fail(node, 'Object is available only as Object.keys(…), Object.values(…) or Object.entries(…)');
    const known = [...params, ...this.roots];
    const suggestion = closestName(node.name, known);
    this.fail(
      node,
      `unknown name "${node.name}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (in scope: ${known.join(', ')})`,
    );
  }

  private member(node: TSESTree.MemberExpression, params: ReadonlySet<string>, depth: number): void {
    const key = memberKey(node);
    if (key !== undefined && FORBIDDEN_MEMBERS.has(key))
      this.fail(node.property, `"${key}" is not accessible: policies read only the resource's own fields`);
    if (node.property.type === 'PrivateIdentifier') this.fail(node.property, 'private names are not allowed');
    this.check(node.object, params, depth);
    if (node.computed) this.check(node.property, params, depth);
    const chain = staticChain(node, params);
    if (chain) {
      // Record only the longest chain: drop the prefix recorded when the object was checked.
      const last = this.paths.at(-1);
      if (last && last.root === chain.root && isPrefix(last.path, chain.path)) this.paths.pop();
      this.paths.push(chain);
    }
  }

  private call(node: TSESTree.CallExpression, params: ReadonlySet<string>, depth: number): void {
    const callee = node.callee;
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') {
      const name = callee.type === 'Identifier' ? `"${callee.name}" ` : '';
      this.fail(
        callee,
        `calling ${name}is not allowed; only the methods ${[...CALLBACK_METHODS, ...VALUE_METHODS].join(', ')} and Object.keys/values/entries can be called`,
      );
    }
    const method = callee.property.name;
    for (const arg of node.arguments)
      if (arg.type === 'SpreadElement') this.fail(arg, 'spread ("...") is not allowed');
    const args = node.arguments as Expression[];
    if (callee.object.type === 'Identifier' && callee.object.name === 'Object') {
      if (!OBJECT_FUNCTIONS.has(method))
        this.fail(callee.property, `Object.${method} is not allowed (allowed: Object.keys, values, entries)`);
      this.arity(node, args, 1);
      return this.check(args[0] as Expression, params, depth);
    }
    if (CALLBACK_METHODS.has(method)) {
      this.arity(node, args, 1);
      this.check(callee.object, params, depth);
      return this.callback(args[0] as Expression, method, params, depth);
    }
    if (!VALUE_METHODS.has(method))
      this.fail(
        callee.property,
        `the method "${method}" is not allowed (allowed: ${[...CALLBACK_METHODS, ...VALUE_METHODS].join(', ')})`,
      );
    this.arity(node, args, 1);
    const arg = args[0] as Expression;
    if (method === 'test' && !isRegexLiteral(callee.object))
      this.fail(
        callee,
        '.test(…) is available only on a regular expression literal, e.g. /^v[0-9]+$/.test(x)',
      );
    if (REGEX_ARGUMENT_METHODS.has(method) && !isRegexLiteral(arg))
      this.fail(arg, `.${method}(…) takes a regular expression literal, e.g. x.match(/^v[0-9]+$/)`);
    this.check(callee.object, params, depth);
    this.check(arg, params, depth);
  }

  private arity(node: TSESTree.CallExpression, args: Expression[], n: number): void {
    if (args.length !== n)
      this.fail(node, `${calleeName(node)} takes ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`);
  }

  private callback(arg: Expression, method: string, params: ReadonlySet<string>, depth: number): void {
    if (arg.type !== 'ArrowFunctionExpression')
      this.fail(arg, `.${method}(…) takes an arrow function, e.g. .${method}(c => c.name == "app")`);
    if (depth + 1 > MAX_CALLBACK_DEPTH)
      this.fail(arg, `arrow functions nest more than ${MAX_CALLBACK_DEPTH} deep; split the policy`);
    if (arg.async) this.fail(arg, 'async functions are not allowed');
    if (arg.body.type === 'BlockStatement')
      this.fail(arg.body, 'an arrow function body must be an expression, not a { block }');
    if (arg.params.length < 1 || arg.params.length > 2)
      this.fail(arg, 'an arrow function takes (item) or (item, index)');
    const inner = new Set(params);
    for (const p of arg.params) {
      if (p.type !== 'Identifier' || p.typeAnnotation)
        this.fail(p, 'arrow function parameters must be plain names');
      if (FORBIDDEN_MEMBERS.has(p.name) || p.name === 'Object')
        this.fail(p, `"${p.name}" cannot be a parameter`);
      inner.add(p.name);
    }
    this.check(arg.body, inner, depth + 1);
  }
}

function calleeName(node: TSESTree.CallExpression): string {
  const c = node.callee;
  return c.type === 'MemberExpression' && c.property.type === 'Identifier'
    ? `.${c.property.name}(…)`
    : 'this call';
}

function isRegexLiteral(node: Node): boolean {
  return node.type === 'Literal' && 'regex' in node && node.regex !== undefined;
}

/** The key of a member access when it is known statically (`a.b`, `a["b"]`, `a[0]`). */
export function memberKey(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : undefined;
  const p = node.property;
  return p.type === 'Literal' && (typeof p.value === 'string' || typeof p.value === 'number')
    ? String(p.value)
    : undefined;
}

const ROOT_OF: Record<string, PathRoot> = { object: 'object', pod: 'pod', container: 'container' };

function staticChain(node: TSESTree.MemberExpression, params: ReadonlySet<string>): StaticPath | undefined {
  const path: string[] = [];
  const offsets: number[] = [];
  let cur: Node = node;
  while (cur.type === 'MemberExpression') {
    const key = memberKey(cur);
    if (key === undefined) return undefined;
    path.unshift(key);
    offsets.unshift(cur.property.range[0]);
    cur = cur.object;
  }
  if (cur.type !== 'Identifier' || params.has(cur.name)) return undefined;
  const root = ROOT_OF[cur.name];
  const offset = node.property.range[0];
  if (root) return { root, path, offset, offsets };
  if (TOP_LEVEL_FIELDS.includes(cur.name))
    return { root: 'object', path: [cur.name, ...path], offset, offsets: [cur.range[0], ...offsets] };
  return undefined;
}

function isPrefix(a: string[], b: string[]): boolean {
  return a.length < b.length && a.every((s, i) => s === b[i]);
}

/**
 * The offset in `pattern` of a quantifier applied to a group that itself contains a quantifier —
 * `(a+)+`, `(\w*)*`, `(a|b+){2,}` — the shape behind catastrophic backtracking; undefined when none.
 */
export function nestedQuantifier(pattern: string): number | undefined {
  const stack: { quantified: boolean }[] = [];
  let lastGroupQuantified = false;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
      lastGroupQuantified = false;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    const isQuantifier =
      ch === '*' || ch === '+' || ch === '?' || (ch === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i)));
    if (isQuantifier) {
      // `?` right after `(` is group syntax, after a quantifier it makes it lazy: neither repeats.
      if (ch === '?' && (pattern[i - 1] === '(' || /[*+?}]/.test(pattern[i - 1] ?? ''))) continue;
      if (lastGroupQuantified && ch !== '?') return i;
      const top = stack.at(-1);
      if (top) top.quantified = true;
      lastGroupQuantified = false;
      continue;
    }
    lastGroupQuantified = false;
    if (ch === '[') inClass = true;
    else if (ch === '(') stack.push({ quantified: false });
    else if (ch === ')') {
      const group = stack.pop();
      lastGroupQuantified = group?.quantified ?? false;
      // A quantifier inside propagates to the enclosing group.
      const outer = stack.at(-1);
      if (outer && group?.quantified) outer.quantified = true;
    }
  }
  return undefined;
}
