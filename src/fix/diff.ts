/** Lines with their terminators (`\n`, `\r\n` or a lone `\r`), so CRLF files diff as they are. */
function linesOf(text: string): string[] {
  return text.length === 0 ? [] : (text.match(/[^\r\n]*(?:\r\n|\r|\n|$)/g) ?? []).filter((l) => l !== '');
}

type Op = { kind: ' ' | '-' | '+'; line: string };

/** How far (in lines of both texts) to look for the next common line after a difference. */
const RESYNC_WINDOW = 400;

/**
 * An edit script from `a` to `b`: equal lines are kept; at a difference, the nearest point where
 * both texts agree again closes the change. Fixes change a few
 * lines at a time, so this finds their hunks in linear time, where an exact shortest-edit-script
 * algorithm would need quadratic memory on a large file with many fixes. Always a valid script.
 */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  const agree = (p: number, q: number): boolean =>
    (p === a.length && q === b.length) || (p < a.length && q < b.length && a[p] === b[q]);
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] ?? '' });
      i++;
      j++;
      continue;
    }
    let p = a.length - i;
    let q = b.length - j;
    search: for (let s = 1; s <= RESYNC_WINDOW; s++)
      for (let dp = 0; dp <= s; dp++)
        if (agree(i + dp, j + s - dp)) {
          p = dp;
          q = s - dp;
          break search;
        }
    for (let k = 0; k < p; k++) ops.push({ kind: '-', line: a[i + k] ?? '' });
    for (let k = 0; k < q; k++) ops.push({ kind: '+', line: b[j + k] ?? '' });
    i += p;
    j += q;
  }
  return ops;
}

function printed(op: Op): string {
  if (/[\r\n]$/.test(op.line)) return `${op.kind}${op.line}`;
  return `${op.kind}${op.line}\n\\ No newline at end of file\n`;
}

/**
 * A unified diff (`diff -u`, `git apply` and `patch -p1` read it) from `before` to `after`, with
 * `context` unchanged lines around each change; empty when the texts are equal.
 */
export function unifiedDiff(
  oldName: string,
  newName: string,
  before: string,
  after: string,
  context = 3,
): string {
  if (before === after) return '';
  const ops = editScript(linesOf(before), linesOf(after));
  const changed = ops.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  let out = `--- ${oldName}\n+++ ${newName}\n`;
  let i = 0;
  while (i < changed.length) {
    const first = changed[i] ?? 0;
    let last = first;
    // Changes closer than twice the context share a hunk.
    while (i + 1 < changed.length && (changed[i + 1] ?? 0) - last <= 2 * context) last = changed[++i] ?? last;
    i++;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length, last + context + 1);
    let oldLine = 1;
    let newLine = 1;
    for (let j = 0; j < from; j++) {
      if (ops[j]?.kind !== '+') oldLine++;
      if (ops[j]?.kind !== '-') newLine++;
    }
    const hunk = ops.slice(from, to);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    out += `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@\n`;
    out += hunk.map(printed).join('');
  }
  return out;
}
