import type { JsonPath } from '../load/types.js';
import { isObject } from './object.js';

export interface Duplicate {
  value: string;
  /** Path of the repeated value (the later occurrence, where the API server reports it). */
  path: JsonPath;
  /** Path of the first occurrence. */
  first: JsonPath;
}

/**
 * In a list of objects at `listPath`, the string `field` values that repeat an earlier item's, in
 * order: the API server's `Duplicate value` checks keep one set per list and report the later one.
 * Empty strings and non-objects are skipped (other checks report those).
 */
export function duplicateValues(list: unknown, listPath: JsonPath, field: string): Duplicate[] {
  if (!Array.isArray(list)) return [];
  const first = new Map<string, JsonPath>();
  const out: Duplicate[] = [];
  list.forEach((item: unknown, i) => {
    const value = isObject(item) ? item[field] : undefined;
    if (typeof value !== 'string' || value === '') return;
    const path = [...listPath, i, field];
    const earlier = first.get(value);
    if (earlier) out.push({ value, path, first: earlier });
    else first.set(value, path);
  });
  return out;
}
