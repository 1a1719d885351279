import type { Fix, ManifestDoc, TextEdit } from '../load/types.js';
import type { FixSpec } from './change.js';
import { editsFor } from './edit.js';

/**
 * A finding's fix whose text edits are computed on first read of `edits` (by `--fix`, the LSP's
 * code actions or a JSON report), so that linting never parses a file a second time for fixes
 * nobody asked for. Holds the file and an offset, not the document's tree.
 */
export function lazyFix(doc: ManifestDoc, spec: FixSpec): Fix {
  const file = doc.file;
  const at = doc.locate([]).start.offset;
  const base = doc.listItem === undefined ? [] : ['items', doc.listItem];
  const changes = spec.changes;
  let edits: TextEdit[] | undefined;
  return {
    description: spec.description,
    get edits(): TextEdit[] {
      edits ??= editsFor(file, at, base, changes) ?? [];
      return edits;
    },
  };
}
