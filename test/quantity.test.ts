import { describe, expect, it } from 'vitest';
import { compareQuantities, parseQuantity } from '../src/k8s/quantity.js';

function cmp(a: string | number, b: string | number): number {
  const qa = parseQuantity(a);
  const qb = parseQuantity(b);
  if (!qa || !qb) throw new Error(`not a quantity: ${String(a)} / ${String(b)}`);
  return Math.sign(compareQuantities(qa, qb));
}

describe('parseQuantity', () => {
  it.each([
    '1',
    '0',
    '100m',
    '0.5',
    '.5',
    '5.',
    '+1',
    '-1',
    '1Ki',
    '1Mi',
    '1.5Gi',
    '1Ti',
    '1Pi',
    '1Ei',
    '1k',
    '1M',
    '1G',
    '1T',
    '1P',
    '1E',
    '1n',
    '1u',
    '1e3',
    '1E3',
    '1e-3',
    '1e+3',
    '12.5e2',
  ])('accepts %s', (q) => {
    expect(parseQuantity(q)).toBeDefined();
  });

  it.each([
    '',
    'abc',
    '1 Gi',
    ' 1',
    '1gi',
    '1KB',
    '1K',
    '1mi',
    'Gi',
    '.',
    '1.2.3',
    '1e',
    '1e1.5',
    '--1',
    '1Gi ',
    '0x10',
    '1e99999999999',
  ])('rejects %j', (q) => {
    expect(parseQuantity(q)).toBeUndefined();
  });

  it('reads YAML numbers from their JSON text', () => {
    expect(cmp(0.5, '500m')).toBe(0);
    expect(cmp(1e21, '1000E')).toBe(0);
    expect(parseQuantity(Number.NaN)).toBeUndefined();
    expect(parseQuantity(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});

describe('compareQuantities', () => {
  it.each([
    ['1Gi', '1073741824', 0],
    ['1G', '1000000000', 0],
    ['1Gi', '1G', 1],
    ['100m', '0.1', 0],
    ['1', '1000m', 0],
    ['1.5', '1500m', 0],
    ['2', '1', 1],
    ['250m', '1', -1],
    ['128Mi', '1Gi', -1],
    ['1e3', '1k', 0],
    ['1E-3', '1m', 0],
    ['512Mi', '0.5Gi', 0],
    ['500Mi', '0.5Gi', -1],
    ['1Ki', '1k', 1],
    ['1e9', '1G', 0],
    ['-1', '0', -1],
    ['0', '0m', 0],
    ['-2', '-1', -1],
    ['1e999999', '1E', 1],
    ['1e-999999', '1n', -1],
    ['1000000000000000000000000Ei', '1e42', 1],
  ])('%s vs %s', (a, b, expected) => {
    expect(cmp(a, b)).toBe(expected);
    expect(cmp(b, a)).toBe(-expected || 0);
  });
});
