import type { Fix, TextEdit } from '../load/types.js';

/** Apply text edits (by offset, non-overlapping) to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range.start.offset - b.range.start.offset);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.range.start.offset) + e.newText;
    at = e.range.end.offset;
  }
  return out + text.slice(at);
}

function spanOf(fix: Fix): [number, number] {
  return [
    Math.min(...fix.edits.map((e) => e.range.start.offset)),
    Math.max(...fix.edits.map((e) => e.range.end.offset)),
  ];
}

/**
 * The fixes that can be applied together in one pass: in order of position, each fix whose span
 * neither overlaps nor touches an earlier chosen one (two insertions at one offset would be
 * ambiguous). The others wait for the next pass, when they are computed afresh on the new text.
 */
export function compatibleFixes(fixes: readonly Fix[]): Fix[] {
  const withEdits = fixes
    .filter((f) => f.edits.length > 0)
    .map((fix) => ({ fix, span: spanOf(fix) }))
    .sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  const chosen: Fix[] = [];
  let lastEnd = -1;
  for (const { fix, span } of withEdits) {
    if (span[0] <= lastEnd) continue;
    chosen.push(fix);
    lastEnd = span[1];
  }
  return chosen;
}
