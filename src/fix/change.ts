import type { JsonPath } from '../load/types.js';

/** A value a fix writes: a scalar, or (for inserted entries) plain nested mappings and sequences. */
export type YamlScalar = string | number | boolean | null;
export type YamlValue = YamlScalar | YamlValue[] | { [key: string]: YamlValue };

/**
 * One change to a YAML document, described on the document model (JSON paths) rather than as text:
 * `editsFor` (edit.ts) turns it into a minimal text edit when a fix is actually wanted.
 *
 * - `set`: the value at `path` becomes `value`. An existing scalar (or empty value) is replaced in
 *   place; a missing entry is inserted into its mapping, creating missing parent mappings.
 * - `replace`: like `set`, but only an existing scalar is replaced (no insertion).
 * - `insert`: like `set`, but only when the entry does not exist yet.
 * - `rename-key`: the last key of `path` is renamed to `to`, value and comments untouched.
 */
export type YamlChange =
  | { op: 'set' | 'replace' | 'insert'; path: JsonPath; value: YamlValue; after?: readonly string[] }
  | { op: 'rename-key'; path: JsonPath; to: string };

/** What a rule reports as its fix: a title for the user and the document changes (all or nothing). */
export interface FixSpec {
  description: string;
  changes: YamlChange[];
}

export interface InsertOptions {
  /**
   * When the entry is inserted: place it after the first of these keys that the mapping has (e.g.
   * `imagePullPolicy` after `image`); otherwise, and when the mapping uses a merge key (`<<`), at the
   * end of the mapping.
   */
  after?: readonly string[];
}

/** Set the value at `path`: replace an existing scalar, or insert the entry (and missing parents). */
export function setValue(path: JsonPath, value: YamlValue, options: InsertOptions = {}): YamlChange {
  return { op: 'set', path, value, ...(options.after ? { after: options.after } : {}) };
}

/** Replace the existing scalar at `path` (no fix when it is missing or a collection). */
export function replaceScalar(path: JsonPath, value: YamlScalar): YamlChange {
  return { op: 'replace', path, value };
}

/** Insert `key: value` into the mapping at `mapPath` (no fix when the key already exists there). */
export function insertEntry(
  mapPath: JsonPath,
  key: string,
  value: YamlValue,
  options: InsertOptions = {},
): YamlChange {
  return { op: 'insert', path: [...mapPath, key], value, ...(options.after ? { after: options.after } : {}) };
}

/** Rename the key at `path` (its last segment) to `to`, keeping its value, comments and quoting. */
export function renameKey(path: JsonPath, to: string): YamlChange {
  return { op: 'rename-key', path, to };
}
