import type { Range, SourceFile } from './source.js';

export type { Pos, Range, SourceFile } from './source.js';

/** A JSON path into a resource: object keys and array indices. */
export type JsonPath = (string | number)[];

export type Severity = 'error' | 'warning' | 'info';

export interface ResourceId {
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  description: string;
  edits: TextEdit[];
}

export interface RelatedLocation {
  message: string;
  file: string;
  range: Range;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  /** Path into the resource the finding is about (relative to the List item for `kind: List` items). */
  path: JsonPath;
  resource?: ResourceId;
  fix?: Fix;
  related?: RelatedLocation[];
  /** Set when an inline comment or the resource's `kubelint.dev/ignore` annotation silences it. */
  suppressed?: Suppression;
}

export interface Suppression {
  source: 'comment' | 'annotation';
  /** The text after ` -- ` in the comment, or the annotation. */
  justification?: string;
}

export interface LocateOptions {
  /** Point at the key of the last path segment instead of its value (unknown fields, duplicates). */
  key?: boolean;
}

export interface ManifestDoc {
  file: SourceFile;
  /** Position in the file's multi-document stream (0-based); List items share their List's index. */
  index: number;
  /** For an item of a `kind: List` document, its index in `items`. */
  listItem?: number;
  /** The plain JSON value of the document, as the API server would decode it. */
  object: unknown;
  resource?: ResourceId;
  /** Exact range of the value (or key) at `path`; a missing path resolves to its nearest existing parent's key. */
  locate(path: JsonPath, options?: LocateOptions): Range;
  /** True when `path` exists in the document. */
  has(path: JsonPath): boolean;
  /**
   * The path of the innermost key or value at a text offset (`key` when the offset is on the key),
   * or undefined when the offset is outside the document. The inverse of `locate()`, for editors.
   */
  pathAt(offset: number): { path: JsonPath; key: boolean } | undefined;
}
