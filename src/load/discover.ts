import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import type Picomatch from 'picomatch';
import type * as Tinyglobby from 'tinyglobby';

export const STDIN = '-';

// Loaded only when an input needs them (a glob, ignore patterns): linting a named file skips both.
const require = createRequire(import.meta.url);
const picomatch = (): typeof Picomatch => require('picomatch') as typeof Picomatch;
const tinyglobby = (): typeof Tinyglobby => require('tinyglobby') as typeof Tinyglobby;
const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;
const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);
/**
 * YAML files that are never Kubernetes manifests: Kustomize, Helm chart metadata and values, Compose,
 * CI configs. A directory walk skips them (and dot-files and dot-directories such as .github); naming
 * one explicitly still lints it.
 */
const NOT_MANIFESTS =
  /^(kustomization\.ya?ml|Kustomization|Chart\.ya?ml|Chart\.lock|values([-.][\w.-]+)?\.ya?ml|(docker-)?compose([-.][\w.-]+)?\.ya?ml|mkdocs\.ya?ml|codecov\.ya?ml|package(-lock)?\.json|tsconfig([-.][\w.-]+)?\.json|composer\.json)$/;
/** kubelint's own config files are YAML but never manifests. */
export const CONFIG_FILE_NAMES = ['.kubelint.yaml', '.kubelint.yml'];

export class MissingPathError extends Error {
  constructor(readonly path: string) {
    super(`no such file, directory or matching glob: ${path}`);
    this.name = 'MissingPathError';
  }
}

export interface DiscoveredFile {
  path: string;
  /** Found by walking a directory or expanding a glob, rather than named explicitly. */
  walked: boolean;
  /** Set when a directory could not be read. */
  error?: string;
}

export interface DiscoverOptions {
  cwd?: string;
  /** Glob patterns (relative to cwd) of files and directories to leave out. */
  ignore?: string[];
}

/**
 * Expand CLI inputs into the list of files to lint, in a stable order. Files named explicitly are
 * always linted; directories are walked for .yaml/.yml/.json files without following symlinked
 * directories.
 */
export function discoverFiles(inputs: string[], options: DiscoverOptions = {}): DiscoveredFile[] {
  const cwd = options.cwd ?? process.cwd();
  const ignorePatterns = (options.ignore ?? []).flatMap((p) => [p, `${p.replace(/\/$/, '')}/**`]);
  const ignored = ignorePatterns.length ? picomatch()(ignorePatterns, { dot: true }) : () => false;
  const isIgnored = (path: string): boolean =>
    ignored(relative(cwd, resolve(cwd, path)).split('\\').join('/'));
  const out: DiscoveredFile[] = [];
  const seen = new Map<string, DiscoveredFile>();
  const add = (path: string, walked: boolean, error?: string): void => {
    const key = resolve(cwd, path);
    const known = seen.get(key);
    // Named explicitly as well as found by a walk: linted as explicitly named.
    if (known) known.walked &&= walked;
    if (known || isIgnored(path)) return;
    const file: DiscoveredFile = error === undefined ? { path, walked } : { path, walked, error };
    seen.set(key, file);
    out.push(file);
  };
  for (const input of inputs) {
    if (input === STDIN) {
      out.push({ path: STDIN, walked: false });
      continue;
    }
    const abs = resolve(cwd, input);
    const stat = statSync(abs, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      for (const f of walk(input, cwd, isIgnored, new Set<string>())) add(f.path, true, f.error);
    } else if (stat) add(input, false);
    else if (tinyglobby().isDynamicPattern(input)) {
      const matches = tinyglobby()
        .globSync(input, {
          cwd,
          dot: false,
          ignore: ['**/node_modules/**', '**/.git/**'],
        })
        .sort();
      if (matches.length === 0) throw new MissingPathError(input);
      for (const m of matches) add(m, true);
    } else throw new MissingPathError(input);
  }
  return out;
}

function walk(
  dir: string,
  cwd: string,
  isIgnored: (p: string) => boolean,
  visited: Set<string>,
): { path: string; error?: string }[] {
  let real: string;
  let entries: Dirent[];
  try {
    real = realpathSync(resolve(cwd, dir));
    entries = readdirSync(resolve(cwd, dir), { withFileTypes: true });
  } catch (err) {
    return [
      { path: dir, error: `cannot read directory (${(err as NodeJS.ErrnoException).code ?? 'error'})` },
    ];
  }
  if (visited.has(real)) return [];
  visited.add(real);
  const files: { path: string; error?: string }[] = [];
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    // Dot-files and dot-directories (.git, .github, .kubelint.yaml) and known non-manifests are skipped.
    if (ALWAYS_SKIPPED.has(entry.name) || entry.name.startsWith('.') || NOT_MANIFESTS.test(entry.name))
      continue;
    const path = join(dir, entry.name);
    if (isIgnored(path)) continue;
    // Directory symlinks are not followed (Dirent reports them as links), so there are no loops.
    if (entry.isDirectory()) files.push(...walk(path, cwd, isIgnored, visited));
    else if (MANIFEST_EXTENSIONS.test(entry.name) && (entry.isFile() || isFileLink(resolve(cwd, path))))
      files.push({ path });
  }
  return files;
}

function isFileLink(path: string): boolean {
  return lstatSync(path).isSymbolicLink() && (statSync(path, { throwIfNoEntry: false })?.isFile() ?? false);
}
