import { statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { ConfigResolver, type RuleInfo } from '../engine/index.js';
import { discoverFiles } from '../load/discover.js';
import { loadSource, type LoadedFile } from '../load/parse.js';
import { readSource } from '../load/read.js';

/** Files bigger than this, or beyond this many, are left out of the cross-file context. */
const MAX_CONTEXT_FILE_SIZE = 1024 * 1024;
const MAX_CONTEXT_FILES = 2000;

interface Cached {
  mtimeMs: number;
  size: number;
  /** Undefined when the file could not be read: it adds nothing to the context. */
  loaded: LoadedFile | undefined;
}

/**
 * The manifest files of one workspace folder as they are on disk, parsed, so cross-resource rules (a
 * Service selecting pods, an init container waiting on a Service) see the rest of the application.
 * Walked and parsed on first use; afterwards a file is re-read only when the client reports it changed
 * (or, after a re-walk, when its mtime or size differ), so a keystroke re-parses only the edited buffer.
 */
export class FolderFiles {
  private paths: string[] | undefined;
  private readonly cache = new Map<string, Cached>();
  private readonly stale = new Set<string>();

  constructor(
    readonly root: string,
    private readonly knownRules: readonly RuleInfo[],
  ) {}

  contains(path: string): boolean {
    return path === this.root || path.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep);
  }

  /**
   * A file changed, appeared or disappeared on disk: re-read it when next needed. Without a path (a
   * config changed, which can change what the walk ignores) the folder is re-walked, and files whose
   * mtime and size are unchanged keep their parse.
   */
  invalidate(path?: string): void {
    if (path === undefined) this.paths = undefined;
    else {
      this.stale.add(path);
      // A created or deleted file changes the walk's result.
      if (!this.cache.has(path) || !isFile(path)) this.paths = undefined;
    }
  }

  /** The parsed manifest files of the folder, as a directory walk finds them, except `skip` (open buffers). */
  files(skip: ReadonlySet<string>): LoadedFile[] {
    const recheck = this.paths === undefined;
    this.paths ??= this.walk();
    const live = new Set(this.paths);
    for (const path of this.cache.keys()) if (!live.has(path)) this.cache.delete(path);
    const out: LoadedFile[] = [];
    for (const path of this.paths) {
      if (skip.has(path)) continue;
      const cached = this.load(path, recheck || this.stale.has(path));
      if (cached.loaded) out.push(cached.loaded);
    }
    this.stale.clear();
    return out;
  }

  private load(path: string, check: boolean): Cached {
    const cached = this.cache.get(path);
    if (cached && !check) return cached;
    const stat = statOf(path);
    if (
      cached &&
      stat &&
      cached.mtimeMs === stat.mtimeMs &&
      cached.size === stat.size &&
      !this.stale.has(path)
    )
      return cached;
    const read = readSource(path, MAX_CONTEXT_FILE_SIZE);
    const entry: Cached = {
      mtimeMs: stat?.mtimeMs ?? -1,
      size: stat?.size ?? -1,
      loaded: read.ok ? loadSource(read.file) : undefined,
    };
    this.cache.set(path, entry);
    return entry;
  }

  private walk(): string[] {
    let ignore: string[] = [];
    try {
      ignore = new ConfigResolver(this.knownRules).forFile(join(this.root, '.kubelint-root')).ignore;
    } catch {
      // A broken config is reported on the config file itself; the walk goes on without its ignores.
    }
    try {
      return discoverFiles(['.'], { cwd: this.root, ignore })
        .filter((f) => f.error === undefined)
        .slice(0, MAX_CONTEXT_FILES)
        .map((f) => resolve(this.root, f.path));
    } catch {
      return [];
    }
  }
}

function statOf(path: string): { mtimeMs: number; size: number } | undefined {
  try {
    const s = statSync(path);
    return { mtimeMs: s.mtimeMs, size: s.size };
  } catch {
    return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
