import type { Environment } from '@marcbachmann/cel-js';

// Functions Kubernetes adds to CEL that the interpreter lacks, where kubelint can match the API
// server exactly: the list library's isSorted/sum/min/max/indexOf/lastIndexOf and the strings
// library's charAt/replace (code points, as cel-go counts). Anything they cannot decide with
// certainty throws, and a rule that throws is not reported (see crd-cel.ts).
// https://kubernetes.io/docs/reference/using-api/cel/#kubernetes-list-library

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A value kubelint will not decide on: the rule is skipped, never guessed. */
export class Undecided extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Undecided';
  }
}

export function addKubernetesFunctions(env: Environment): Environment {
  return env
    .registerFunction('list.isSorted(): bool', (list: unknown[]) => {
      for (let i = 1; i < list.length; i++) if (compare(list[i - 1], list[i]) > 0) return false;
      return true;
    })
    .registerFunction('list.sum(): dyn', (list: unknown[]) => sum(list))
    .registerFunction('list.min(): dyn', (list: unknown[]) => extreme(list, -1))
    .registerFunction('list.max(): dyn', (list: unknown[]) => extreme(list, 1))
    .registerFunction('list.indexOf(dyn): int', (list: unknown[], x: unknown) =>
      BigInt(list.findIndex((item) => celEquals(item, x))),
    )
    .registerFunction('list.lastIndexOf(dyn): int', (list: unknown[], x: unknown) =>
      BigInt(list.findLastIndex((item) => celEquals(item, x))),
    )
    .registerFunction('string.charAt(int): string', (s: string, i: bigint) => {
      const points = Array.from(s);
      if (i < 0n || i > BigInt(points.length)) throw new Undecided(`index out of range: ${i}`);
      return points[Number(i)] ?? '';
    })
    .registerFunction('string.replace(string, string): string', (s: string, from: string, to: string) =>
      replace(s, from, to, -1n),
    )
    .registerFunction(
      'string.replace(string, string, int): string',
      (s: string, from: string, to: string, n: bigint) => replace(s, from, to, n),
    );
}

function replace(s: string, from: string, to: string, n: bigint): string {
  // Go's strings.Replace inserts around every character for an empty `from`: not worth reproducing.
  if (from === '') throw new Undecided('replace() with an empty search string');
  if (n < 0n) return s.split(from).join(to);
  let out = s;
  let at = 0;
  for (let done = 0n; done < n; done++) {
    const i = out.indexOf(from, at);
    if (i < 0) break;
    out = out.slice(0, i) + to + out.slice(i + from.length);
    at = i + to.length;
  }
  return out;
}

const isNumber = (v: unknown): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';

/** CEL's ordering of comparable values of one kind (numbers across int and double, strings, bools). */
function compare(a: unknown, b: unknown): number {
  if (isNumber(a) && isNumber(b)) {
    if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
    const x = Number(a);
    const y = Number(b);
    if (Number.isNaN(x) || Number.isNaN(y)) throw new Undecided('NaN is not ordered');
    return x < y ? -1 : x > y ? 1 : 0;
  }
  // Strings compare by code point in CEL; JavaScript compares UTF-16 units, which differs only
  // between surrogate pairs and U+E000–U+FFFF.
  if (typeof a === 'string' && typeof b === 'string' && !/[\uD800-\uDFFF]/.test(a + b))
    return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new Undecided('values that kubelint does not order');
}

function extreme(list: unknown[], sign: 1 | -1): unknown {
  if (!list.length) throw new Undecided('min/max of an empty list');
  return list.reduce((best, x) => (compare(x, best) * sign > 0 ? x : best));
}

function sum(list: unknown[]): bigint | number {
  if (list.every((x) => typeof x === 'bigint')) {
    let total = 0n;
    for (const x of list) {
      total += x;
      if (total < INT64_MIN || total > INT64_MAX) throw new Undecided('integer overflow');
    }
    return total;
  }
  if (list.every((x) => typeof x === 'number')) return list.reduce((a, b) => a + b, 0);
  throw new Undecided('a sum of mixed or non-numeric values');
}

/** CEL equality as the interpreter's `==` on dynamic values: numbers compare across int and double. */
export function celEquals(a: unknown, b: unknown): boolean {
  if (isNumber(a) && isNumber(b)) return typeof a === typeof b ? a === b : Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    const ob = b as Record<string, unknown>;
    return (
      ka.length === kb.length &&
      ka.every((k) => Object.hasOwn(ob, k) && celEquals((a as Record<string, unknown>)[k], ob[k]))
    );
  }
  return a === b;
}
