import type { SourceFile } from '../load/source.js';
import type { Fix, JsonPath, ManifestDoc, TextEdit } from '../load/types.js';
import type { FixSpec, YamlChange } from './change.js';
import { editsFor } from './edit.js';

/** What a lazy fix needs besides its file: plain data a worker thread can send (src/engine/parallel.ts). */
export interface DeferredFix {
  description: string;
  /** Offset of the document's root in its file. */
  at: number;
  /** Path of the document inside its file's root (a List item's). */
  base: JsonPath;
  changes: YamlChange[];
}

const deferred = new WeakMap<Fix, DeferredFix>();

/**
 * A finding's fix whose text edits are computed on first read of `edits` (by `--fix`, the LSP's
 * code actions or a JSON report), so that linting never parses a file a second time for fixes
 * nobody asked for. Holds the file and an offset, not the document's tree.
 */
export function lazyFix(doc: ManifestDoc, spec: FixSpec): Fix {
  const at = doc.locate([]).start.offset;
  const base = doc.listItem === undefined ? [] : ['items', doc.listItem];
  return deferredFix(doc.file, { description: spec.description, at, base, changes: spec.changes });
}

/** The lazy fix of `spec` in `file`. */
export function deferredFix(file: SourceFile, spec: DeferredFix): Fix {
  let edits: TextEdit[] | undefined;
  const fix: Fix = {
    description: spec.description,
    get edits(): TextEdit[] {
      edits ??= editsFor(file, spec.at, spec.base, spec.changes) ?? [];
      return edits;
    },
  };
  deferred.set(fix, spec);
  return fix;
}

/** The data behind a lazy fix whose edits were not computed yet, or undefined for any other fix. */
export function deferredOf(fix: Fix): DeferredFix | undefined {
  return deferred.get(fix);
}
