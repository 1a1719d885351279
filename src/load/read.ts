import { readFileSync, statSync } from 'node:fs';
import { createSourceFile, type SourceFile } from './source.js';
import type { Finding } from './types.js';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export type ReadResult = { ok: true; file: SourceFile } | { ok: false; finding: Finding };

/** The finding for a file that could not be read as UTF-8 text, placed at its start. */
export function unreadableFinding(path: string, message: string): Finding {
  const pos = { line: 1, column: 1, offset: 0 };
  return {
    ruleId: 'file-unreadable',
    severity: 'error',
    message,
    file: path,
    range: { start: pos, end: pos },
    path: [],
  };
}

function fileFinding(path: string, message: string): ReadResult {
  return { ok: false, finding: unreadableFinding(path, message) };
}

/** Decode bytes as a manifest text: UTF-8 (BOM dropped); binary or invalid UTF-8 is refused with the byte offset. */
export function decodeSource(path: string, bytes: Uint8Array): ReadResult {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return fileFinding(path, 'file is UTF-16 encoded; Kubernetes manifests must be UTF-8');
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return fileFinding(path, 'file is UTF-16 encoded; Kubernetes manifests must be UTF-8');
  const nul = bytes.indexOf(0);
  if (nul !== -1) return fileFinding(path, `file is binary (NUL byte at offset ${nul}), not YAML`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fileFinding(path, `file is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)})`);
  }
  return { ok: true, file: createSourceFile(path, text) };
}

/** Offset of the first byte that breaks UTF-8 well-formedness (Unicode Table 3-7). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

export function readSource(path: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): ReadResult {
  try {
    const stat = statSync(path);
    // A FIFO or device would block or never end: only regular files are read.
    if (!stat.isFile()) return fileFinding(path, 'not a regular file (a pipe, socket or device); skipped');
    const size = stat.size;
    if (size > maxFileSize)
      return fileFinding(
        path,
        `file is ${size} bytes, over the --max-file-size limit of ${maxFileSize} bytes; skipped`,
      );
    return decodeSource(path, readFileSync(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return fileFinding(path, `cannot read file (${code})`);
  }
}
