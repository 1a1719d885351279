import { loadSource, type LoadedFile } from '../src/load/parse.js';
import { createSourceFile } from '../src/load/source.js';
import type { Range } from '../src/load/types.js';

export function load(text: string, path = 'test.yaml'): LoadedFile {
  return loadSource(createSourceFile(path, text));
}

/** The source text a range covers. */
export function textAt(text: string, range: Range): string {
  return text.slice(range.start.offset, range.end.offset);
}

/** [line, column, endLine, endColumn] of a range. */
export function span(range: Range): [number, number, number, number] {
  return [range.start.line, range.start.column, range.end.line, range.end.column];
}
