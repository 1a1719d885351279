/** A position in a source file: 1-based line and column (UTF-16 code units), plus the 0-based offset. */
export interface Pos {
  line: number;
  column: number;
  offset: number;
}

export interface Range {
  start: Pos;
  end: Pos;
}

export interface SourceFile {
  /** Path as given by the user (relative or absolute), or `<stdin>`. */
  path: string;
  text: string;
  /** Offset of the first character of every line; lineStarts[0] is 0. */
  lineStarts: number[];
}

export function createSourceFile(path: string, text: string): SourceFile {
  const lineStarts = [0];
  // \r\n counts once; a lone \r is a line break too, as YAML says. indexOf scans much faster than
  // a loop over every character, and almost every file has no \r at all.
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    return { path, text, lineStarts };
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lineStarts.push(i + 1);
  }
  return { path, text, lineStarts };
}

export function positionAt(file: SourceFile, offset: number): Pos {
  const clamped = Math.max(0, Math.min(offset, file.text.length));
  const starts = file.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= clamped) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: clamped - (starts[lo] ?? 0) + 1, offset: clamped };
}

export function offsetAt(file: SourceFile, line: number, column: number): number {
  const start = file.lineStarts[Math.max(0, Math.min(line - 1, file.lineStarts.length - 1))] ?? 0;
  return Math.min(start + column - 1, file.text.length);
}

export function rangeOf(file: SourceFile, start: number, end: number): Range {
  return { start: positionAt(file, start), end: positionAt(file, Math.max(start, end)) };
}
