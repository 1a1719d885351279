import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import picomatch from 'picomatch';
import { globSync, isDynamicPattern } from 'tinyglobby';

export const STDIN = '-';
const MANIFEST_EXTENSIONS = /\.(ya?ml)$/i;
const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);
/** kubelint's own config files are YAML but never manifests. */
export const CONFIG_FILE_NAMES = ['.kubelint.yaml', '.kubelint.yml'];

export class MissingPathError extends Error {
  constructor(readonly path: string) {
    super(`no such file, directory or matching glob: ${path}`);
    this.name = 'MissingPathError';
  }
}

export interface DiscoverOptions {
  cwd?: string;
  /** Glob patterns (relative to cwd) of files and directories to leave out. */
  ignore?: string[];
}

/**
 * Expand CLI inputs into the list of files to lint, in a stable order. Files named explicitly are
 * always linted; directories are walked for .yaml/.yml files without following symlinked directories.
 */
export function discoverFiles(inputs: string[], options: DiscoverOptions = {}): string[] {
  const cwd = options.cwd ?? process.cwd();
  const ignorePatterns = (options.ignore ?? []).flatMap((p) => [p, `${p.replace(/\/$/, '')}/**`]);
  const ignored = picomatch(ignorePatterns.length ? ignorePatterns : ['\0'], { dot: true });
  const isIgnored = (path: string): boolean =>
    ignored(relative(cwd, resolve(cwd, path)).split('\\').join('/'));
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (path: string): void => {
    const key = resolve(cwd, path);
    if (seen.has(key) || isIgnored(path)) return;
    seen.add(key);
    out.push(path);
  };
  for (const input of inputs) {
    if (input === STDIN) {
      out.push(STDIN);
      continue;
    }
    const abs = resolve(cwd, input);
    const stat = statSync(abs, { throwIfNoEntry: false });
    if (stat?.isDirectory()) walk(input, cwd, isIgnored, new Set<string>()).forEach(add);
    else if (stat) add(input);
    else if (isDynamicPattern(input)) {
      const matches = globSync(input, {
        cwd,
        dot: false,
        ignore: ['**/node_modules/**', '**/.git/**'],
      }).sort();
      if (matches.length === 0) throw new MissingPathError(input);
      matches.forEach(add);
    } else throw new MissingPathError(input);
  }
  return out;
}

function walk(dir: string, cwd: string, isIgnored: (p: string) => boolean, visited: Set<string>): string[] {
  const real = realpathSync(resolve(cwd, dir));
  if (visited.has(real)) return [];
  visited.add(real);
  const files: string[] = [];
  const entries = readdirSync(resolve(cwd, dir), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  );
  for (const entry of entries) {
    if (ALWAYS_SKIPPED.has(entry.name) || CONFIG_FILE_NAMES.includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (isIgnored(path)) continue;
    if (entry.isDirectory()) files.push(...walk(path, cwd, isIgnored, visited));
    else if (entry.isFile() && MANIFEST_EXTENSIONS.test(entry.name)) files.push(path);
    else if (entry.isSymbolicLink() && MANIFEST_EXTENSIONS.test(entry.name)) {
      // A link to a file is linted; links to directories are not followed (no loops).
      const target = statSync(resolve(cwd, path), { throwIfNoEntry: false });
      if (target?.isFile() && !lstatSync(resolve(cwd, path)).isDirectory()) files.push(path);
    }
  }
  return files;
}
