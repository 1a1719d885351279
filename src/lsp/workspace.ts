import { join, resolve, sep } from 'node:path';
import { ConfigResolver, type RuleInfo } from '../engine/index.js';
import { discoverFiles } from '../load/discover.js';
import { readSource } from '../load/read.js';

/** Files bigger than this, or beyond this many, are left out of the cross-file context. */
const MAX_CONTEXT_FILE_SIZE = 1024 * 1024;
const MAX_CONTEXT_FILES = 2000;

/**
 * The YAML files of one workspace folder as they are on disk, so cross-resource rules (a Service
 * selecting pods, an init container waiting on a Service) see the rest of the application. Read on
 * first use, re-walked when the client reports file changes; open buffers override these texts.
 */
export class FolderFiles {
  private texts: Map<string, string> | undefined;
  private readonly stale = new Set<string>();

  constructor(
    readonly root: string,
    private readonly knownRules: readonly RuleInfo[],
  ) {}

  contains(path: string): boolean {
    return path === this.root || path.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep);
  }

  /** A file changed, appeared or disappeared on disk: re-read it (and re-walk the folder) when next needed. */
  invalidate(path?: string): void {
    if (!this.texts) return;
    if (path === undefined) this.texts = undefined;
    else this.stale.add(path);
  }

  /** Absolute path → disk text of every manifest file in the folder, as a directory walk finds them. */
  files(): ReadonlyMap<string, string> {
    if (this.texts && this.stale.size === 0) return this.texts;
    const previous = this.texts ?? new Map<string, string>();
    const next = new Map<string, string>();
    for (const path of this.walk()) {
      const cached = this.stale.has(path) ? undefined : previous.get(path);
      if (cached !== undefined) {
        next.set(path, cached);
        continue;
      }
      const read = readSource(path, MAX_CONTEXT_FILE_SIZE);
      if (read.ok) next.set(path, read.file.text);
    }
    this.stale.clear();
    this.texts = next;
    return next;
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
