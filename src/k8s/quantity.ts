// Kubernetes resource quantities (apimachinery resource.ParseQuantity), exact: values are compared
// as rationals of BigInts, never as floats, so `1Gi` vs `1073741824` or `100m` vs `0.1` are equal.
// https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/

export interface Quantity {
  /** The value is sign × mantissa × 10^exp10 × 2^exp2. */
  sign: -1 | 0 | 1;
  mantissa: bigint;
  exp10: number;
  exp2: number;
}

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** The API server's message for a string that is not a quantity (resource.ErrFormatWrong). */
export const QUANTITY_FORMAT_MSG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/**
 * The quantity grammar as a JSON Schema pattern (the embedded schemas' Quantity): a signed decimal
 * with a binary, decimal or exponent suffix. parseQuantity also refuses an exponent beyond 32 bits.
 */
export const QUANTITY_PATTERN =
  '^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$';

// <signedNumber><suffix>: the number is digits with at most one dot and at least one digit; the
// suffix is a binary SI suffix, a decimal SI suffix, or e/E and a signed integer exponent.
const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?/;

/**
 * Parse a quantity as the API server would, from a string or from a number (a YAML number arrives
 * as JSON and is parsed from its text). undefined when the API server would refuse it.
 */
export function parseQuantity(input: string | number): Quantity | undefined {
  const text = typeof input === 'number' ? numberText(input) : input;
  if (text === undefined) return undefined;
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const [whole, signText = '', intPart = '', fracPart = ''] = m;
  if (intPart === '' && fracPart === '') return undefined;
  const suffix = text.slice(whole.length);
  let exp10 = -fracPart.length;
  let exp2 = 0;
  if (Object.hasOwn(BINARY, suffix)) exp2 = BINARY[suffix] ?? 0;
  else if (Object.hasOwn(DECIMAL, suffix)) exp10 += DECIMAL[suffix] ?? 0;
  else if (/^[eE][+-]?\d+$/.test(suffix)) {
    const e = Number(suffix.slice(1));
    // strconv.ParseInt(…, 10, 32): an exponent beyond int32 is refused.
    if (!Number.isSafeInteger(e) || Math.abs(e) > 2 ** 31 - 1) return undefined;
    exp10 += e;
  } else return undefined;
  const mantissa = BigInt(intPart + fracPart || '0');
  const sign = mantissa === 0n ? 0 : signText === '-' ? -1 : 1;
  return { sign, mantissa, exp10, exp2 };
}

function numberText(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  // JS prints 1e21 as "1e+21", which is also a valid quantity.
  return String(n);
}

/** Compare two quantities: negative, zero or positive as a < b, a = b, a > b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  if (a.sign !== b.sign) return a.sign - b.sign;
  if (a.sign === 0) return 0;
  const mag = compareMagnitudes(a, b);
  return a.sign === 1 ? mag : -mag;
}

function compareMagnitudes(a: Quantity, b: Quantity): number {
  // Far apart orders of magnitude (absurd exponents such as 1e999999) decide without big powers.
  const la = approxLog10(a);
  const lb = approxLog10(b);
  if (Math.abs(la - lb) > 10) return la < lb ? -1 : 1;
  const e10 = Math.min(a.exp10, b.exp10);
  const e2 = Math.min(a.exp2, b.exp2);
  const scaled = (q: Quantity): bigint =>
    q.mantissa * 10n ** BigInt(q.exp10 - e10) * 2n ** BigInt(q.exp2 - e2);
  const x = scaled(a);
  const y = scaled(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

function approxLog10(q: Quantity): number {
  const digits = q.mantissa.toString();
  const lead = Number(`0.${digits.slice(0, 15)}`);
  return Math.log10(lead) + digits.length + q.exp10 + q.exp2 * Math.LOG10E * Math.LN2;
}
