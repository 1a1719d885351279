import { resolve } from 'node:path';
import type { DiscoveredFile } from './discover.js';
import { STDIN } from './discover.js';
import { loadSource, type LoadedFile } from './parse.js';
import { DEFAULT_MAX_FILE_SIZE, decodeSource, readSource, unreadableFinding } from './read.js';
import type { Finding } from './types.js';

/** A file that could not be read: its one finding says why. */
export type Unloaded = { path: string; findings: Finding[] };

export interface InputOptions {
  cwd: string;
  maxFileSize?: number;
  /** The content of `-`: bytes (decoded like a file) or text. */
  stdinText?: string | Uint8Array;
  stdinPath?: string;
  /** Texts that stand in for files' contents, by the path findings carry (`--fix` passes). */
  sources?: ReadonlyMap<string, string>;
}

function bytesOf(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

/**
 * Read and parse one discovered file. Files found by walking a directory are linted quietly: their
 * non-manifest documents are skipped without a finding, and a JSON file that is not a Kubernetes
 * manifest (package.json, a JSON-with-comments config) is skipped whole.
 */
export function loadInput(input: DiscoveredFile, options: InputOptions): LoadedFile | Unloaded {
  const shown = input.path === STDIN ? (options.stdinPath ?? '<stdin>') : input.path;
  if (input.error !== undefined) return { path: shown, findings: [unreadableFinding(shown, input.error)] };
  const source = options.sources?.get(shown);
  const read =
    source !== undefined
      ? decodeSource(shown, bytesOf(source))
      : input.path === STDIN
        ? decodeSource(shown, bytesOf(options.stdinText ?? ''))
        : readSource(resolve(options.cwd, input.path), options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  if (!read.ok) return { path: shown, findings: [{ ...read.finding, file: shown }] };
  const loaded = loadSource({ ...read.file, path: shown });
  if (!input.walked) return loaded;
  if (
    /\.json$/i.test(shown) &&
    (loaded.docs.length === 0 || loaded.findings.some((f) => f.ruleId === 'yaml-syntax'))
  )
    return { ...loaded, docs: [], findings: [] };
  return { ...loaded, findings: loaded.findings.filter((f) => f.ruleId !== 'not-a-manifest') };
}
