/* eslint-disable @typescript-eslint/no-unsafe-enum-comparison -- node types are compared as strings:
   importing the AST_NODE_TYPES enum would load the parser, and TypeScript, on every run. */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { FORBIDDEN_MEMBERS, memberKey, type CheckedExpression, type Node } from './parse.js';

/** The expression failed on this input, as JavaScript would throw; `offset` is into the expression. */
export class PolicyRuntimeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'PolicyRuntimeError';
  }
}

/** Enough for nested callbacks over large pod specs; a runaway policy stops here instead of hanging. */
export const DEFAULT_STEP_BUDGET = 200_000;

class Closure {
  constructor(
    readonly node: TSESTree.ArrowFunctionExpression,
    readonly scope: Scope,
  ) {}
}

interface Scope {
  readonly vars: ReadonlyMap<string, unknown>;
  readonly parent?: Scope;
}

/** Optional chaining short-circuits the rest of the chain, up to its ChainExpression. */
const SHORT = Symbol('short-circuit');

function lookup(scope: Scope | undefined, name: string): unknown {
  for (let s = scope; s; s = s.parent) if (s.vars.has(name)) return s.vars.get(name);
  return undefined;
}

function isPrimitive(v: unknown): v is string | number | boolean | null | undefined {
  return v === null || (typeof v !== 'object' && typeof v !== 'function');
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Closure) return 'a function';
  if (v instanceof RegExp) return 'a regular expression';
  return typeof v === 'object' ? 'an object' : typeof v;
}

function looseEquals(a: unknown, b: unknown): boolean {
  if (a == null || b == null) return a == null && b == null;
  // Coercion only between primitives: no user-visible valueOf/toString can run.
  return isPrimitive(a) && isPrimitive(b) ? a == b : a === b;
}

function stringOf(v: unknown): string {
  if (isPrimitive(v)) return String(v);
  if (v instanceof Closure) return '[function]';
  if (v instanceof RegExp) return String(v);
  return JSON.stringify(v);
}

/**
 * A tree-walking interpreter for checked policy expressions over plain JSON values. It never runs
 * JavaScript: member access reads only own properties, calls reach only the whitelisted methods, and
 * every node visited spends a step from a budget.
 */
export function evaluate(
  expr: CheckedExpression,
  vars: Readonly<Record<string, unknown>>,
  budget = DEFAULT_STEP_BUDGET,
): unknown {
  let steps = 0;
  const spend = (node: Node, n = 1): void => {
    steps += n;
    if (steps > budget)
      throw new PolicyRuntimeError(`the expression exceeded its budget of ${budget} steps`, node.range[0]);
  };
  const fail = (node: Node, message: string): never => {
    throw new PolicyRuntimeError(message, node.range[0]);
  };

  const ev = (node: Node, scope: Scope): unknown => {
    spend(node);
    switch (node.type) {
      case 'Literal':
        return 'regex' in node && node.regex ? expr.regexes.get(node) : node.value;
      case 'Identifier':
        return lookup(scope, node.name);
      case 'TemplateLiteral': {
        let out = node.quasis[0]?.value.cooked ?? '';
        node.expressions.forEach((e, i) => {
          out += stringOf(value(e, scope)) + (node.quasis[i + 1]?.value.cooked ?? '');
        });
        return out;
      }
      case 'ChainExpression': {
        const v = ev(node.expression, scope);
        return v === SHORT ? undefined : v;
      }
      case 'MemberExpression':
        return member(node, scope);
      case 'CallExpression':
        return call(node, scope);
      case 'UnaryExpression': {
        const v = value(node.argument, scope);
        if (node.operator === '!') return !v;
        if (node.operator === 'typeof') return v instanceof Closure ? 'function' : typeof v;
        if (!isPrimitive(v)) fail(node, `cannot apply "${node.operator}" to ${describe(v)}`);
        return node.operator === '-' ? -Number(v) : Number(v);
      }
      case 'LogicalExpression': {
        const left = value(node.left, scope);
        if (node.operator === '&&') return left ? value(node.right, scope) : left;
        if (node.operator === '||') return left ? left : value(node.right, scope);
        return left ?? value(node.right, scope);
      }
      case 'BinaryExpression':
        return binary(node, scope);
      case 'ConditionalExpression':
        return value(node.test, scope) ? value(node.consequent, scope) : value(node.alternate, scope);
      case 'ArrayExpression':
        return node.elements.map((e) => (e ? value(e, scope) : undefined));
      default:
        // The checker admits nothing else; reaching here is a kubelint bug.
        throw new Error(`policy interpreter: unexpected ${node.type}`);
    }
  };

  // A value outside a chain: a short-circuit never escapes its ChainExpression.
  const value = (node: Node, scope: Scope): unknown => {
    const v = ev(node, scope);
    return v === SHORT ? undefined : v;
  };

  const member = (node: TSESTree.MemberExpression, scope: Scope): unknown => {
    const object = ev(node.object, scope);
    if (object === SHORT) return SHORT;
    const key = node.computed ? value(node.property, scope) : memberKey(node);
    if (typeof key !== 'string' && typeof key !== 'number')
      return fail(node.property, `a computed member must be a string or a number, got ${describe(key)}`);
    if (object == null) {
      if (node.optional) return SHORT;
      return fail(
        node.property,
        `cannot read "${key}" of ${String(object)}; use ?. where a field may be missing`,
      );
    }
    return read(object, key, node);
  };

  const read = (object: unknown, key: string | number, node: Node): unknown => {
    const name = String(key);
    if (FORBIDDEN_MEMBERS.has(name)) fail(node, `"${name}" is not accessible`);
    if (typeof object === 'string' || Array.isArray(object)) {
      if (name === 'length') return object.length;
      const index = typeof key === 'number' ? key : /^(0|[1-9]\d*)$/.test(name) ? Number(name) : -1;
      return Number.isInteger(index) && index >= 0 && index < object.length ? object[index] : undefined;
    }
    if (object instanceof Closure || object instanceof RegExp)
      return fail(node, `cannot read "${name}" of ${describe(object)}`);
    if (typeof object === 'object' && object !== null)
      return Object.hasOwn(object, name) ? (object as Record<string, unknown>)[name] : undefined;
    return undefined;
  };

  const callback = (fn: unknown, node: Node): ((item: unknown, index: number) => unknown) => {
    if (!(fn instanceof Closure)) return fail(node, 'expected an arrow function');
    const { node: arrow, scope } = fn;
    const names = arrow.params.map((p) => (p.type === 'Identifier' ? p.name : ''));
    return (item, index) => {
      const vars = new Map<string, unknown>([[names[0] ?? '', item]]);
      if (names[1] !== undefined) vars.set(names[1], index);
      return value(arrow.body, { vars, parent: scope });
    };
  };

  const call = (node: TSESTree.CallExpression, scope: Scope): unknown => {
    const callee = node.callee as TSESTree.MemberExpression;
    const method = memberKey(callee) ?? '';
    const args = node.arguments.map((a) =>
      a.type === 'ArrowFunctionExpression' ? new Closure(a, scope) : value(a, scope),
    );
    const arg = args[0];
    if (callee.object.type === 'Identifier' && callee.object.name === 'Object')
      return objectFunction(method, arg, node);
    const receiver = ev(callee.object, scope);
    if (receiver === SHORT) return SHORT;
    if (receiver == null) {
      if (callee.optional) return SHORT;
      return fail(
        callee.property,
        `cannot call .${method}() on ${String(receiver)}; use ?. where a field may be missing`,
      );
    }
    if (Array.isArray(receiver)) {
      spend(node, receiver.length);
      switch (method) {
        case 'some':
          return receiver.some(callback(arg, node));
        case 'every':
          return receiver.every(callback(arg, node));
        case 'filter':
          return receiver.filter(callback(arg, node));
        case 'map':
          return receiver.map(callback(arg, node));
        case 'find':
          return receiver.find(callback(arg, node));
        case 'includes':
          return receiver.some((item) =>
            isPrimitive(item) ? Object.is(item, arg) || item === arg : item === arg,
          );
      }
    } else if (typeof receiver === 'string') {
      spend(node, Math.ceil(receiver.length / 64));
      if (method === 'match') {
        const m = receiver.match(arg as RegExp);
        return m ? [...m] : null;
      }
      if (method === 'includes' || method === 'startsWith' || method === 'endsWith') {
        if (!isPrimitive(arg)) return fail(node, `.${method}() expects a string, got ${describe(arg)}`);
        return receiver[method](String(arg));
      }
    } else if (receiver instanceof RegExp && method === 'test') {
      if (!isPrimitive(arg)) return fail(node, `.test() expects a string, got ${describe(arg)}`);
      const text = String(arg);
      spend(node, Math.ceil(text.length / 64));
      return receiver.test(text);
    }
    if (node.optional) return SHORT;
    return fail(callee.property, `.${method}() is not available on ${describe(receiver)}`);
  };

  const objectFunction = (method: string, arg: unknown, node: Node): unknown => {
    if (arg == null)
      return fail(node, `Object.${method}() of ${String(arg)}; use ?? {} where a field may be missing`);
    if (typeof arg !== 'object' || arg instanceof Closure || arg instanceof RegExp) return [];
    const keys = Array.isArray(arg) ? arg.map((_, i) => String(i)) : Object.keys(arg);
    spend(node, keys.length);
    const get = (k: string): unknown => (arg as Record<string, unknown>)[k];
    if (method === 'keys') return keys;
    if (method === 'values') return keys.map(get);
    return keys.map((k) => [k, get(k)]);
  };

  const binary = (node: TSESTree.BinaryExpression, scope: Scope): unknown => {
    const a = value(node.left, scope);
    const b = value(node.right, scope);
    switch (node.operator) {
      case '===':
        return a === b;
      case '!==':
        return a !== b;
      case '==':
        return looseEquals(a, b);
      case '!=':
        return !looseEquals(a, b);
    }
    if (!isPrimitive(a) || !isPrimitive(b))
      return fail(node, `cannot apply "${node.operator}" to ${describe(isPrimitive(a) ? b : a)}`);
    // Primitives only: JavaScript's own semantics, with no user code involved.
    const x = a as number;
    const y = b as number;
    switch (node.operator) {
      case '<':
        return x < y;
      case '<=':
        return x <= y;
      case '>':
        return x > y;
      case '>=':
        return x >= y;
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        return x / y;
      case '%':
        return x % y;
      default:
        throw new Error(`policy interpreter: unexpected operator ${node.operator}`);
    }
  };

  return value(expr.ast, { vars: new Map(Object.entries(vars)) });
}
