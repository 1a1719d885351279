import { rangeOf, type Range, type SourceFile } from './source.js';
import type { TreeNode } from './tree.js';
import type { JsonPath, LocateOptions, ManifestDoc, ResourceId } from './types.js';

interface Step {
  node: TreeNode | undefined;
  keyStart?: number;
  keyEnd?: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function resourceOf(object: unknown): ResourceId | undefined {
  if (!isRecord(object)) return undefined;
  const { apiVersion, kind, metadata } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const resource: ResourceId = { apiVersion, kind };
  if (isRecord(metadata)) {
    if (typeof metadata.name === 'string') resource.name = metadata.name;
    if (typeof metadata.namespace === 'string') resource.namespace = metadata.namespace;
  }
  return resource;
}

/** A document (or List item) of a file, resolving JSON paths to exact source ranges. */
export class TreeManifest implements ManifestDoc {
  readonly object: unknown;
  readonly resource: ResourceId | undefined;

  constructor(
    readonly file: SourceFile,
    readonly index: number,
    private readonly root: TreeNode,
    readonly listItem?: number,
  ) {
    this.object = root.value;
    this.resource = resourceOf(root.value);
  }

  private walk(path: JsonPath): { steps: Step[]; complete: boolean } {
    const steps: Step[] = [{ node: this.root }];
    for (const segment of path) {
      const node = steps[steps.length - 1]?.node;
      let next: Step | undefined;
      if (typeof segment === 'number') {
        const item = node?.items?.[segment];
        if (item) next = { node: item };
      } else {
        const entry = node?.entries?.[segment];
        if (entry) next = { node: entry.node, keyStart: entry.keyStart, keyEnd: entry.keyEnd };
      }
      if (!next) return { steps, complete: false };
      steps.push(next);
    }
    return { steps, complete: true };
  }

  has(path: JsonPath): boolean {
    return this.walk(path).complete;
  }

  locate(path: JsonPath, options: LocateOptions = {}): Range {
    const { steps, complete } = this.walk(path);
    const last = steps[steps.length - 1];
    if (complete && last) {
      if (!options.key && last.node) return rangeOf(this.file, last.node.start, last.node.end);
      if (last.keyStart !== undefined) return rangeOf(this.file, last.keyStart, last.keyEnd ?? last.keyStart);
      if (last.node) return rangeOf(this.file, last.node.start, last.node.end);
    }
    // Missing: the key of the nearest existing parent (or the first line of a list item / the document).
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i];
      if (step?.keyStart !== undefined)
        return rangeOf(this.file, step.keyStart, step.keyEnd ?? step.keyStart);
      if (step?.node) return this.firstLine(step.node.start);
    }
    return this.firstLine(this.root.start);
  }

  pathAt(offset: number): { path: JsonPath; key: boolean } | undefined {
    const inside = (start: number, end: number): boolean => start <= offset && offset <= end;
    if (!inside(this.root.start, this.root.end)) return undefined;
    const path: JsonPath = [];
    let node: TreeNode = this.root;
    // Descend while a child's key or value holds the offset (ends inclusive: a cursor just after a
    // word is still on it). Merged entries (`<<: *base`) live elsewhere in the text: skipped.
    descend: for (;;) {
      for (const [key, entry] of Object.entries(node.entries ?? {})) {
        if (!entry || entry.merged) continue;
        if (inside(entry.keyStart, entry.keyEnd)) return { path: [...path, key], key: true };
        if (entry.node && inside(entry.node.start, entry.node.end)) {
          path.push(key);
          node = entry.node;
          continue descend;
        }
      }
      const items = node.items ?? [];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (item && inside(item.start, item.end)) {
          path.push(i);
          node = item;
          continue descend;
        }
      }
      return { path, key: false };
    }
  }

  private firstLine(start: number): Range {
    const rest = this.file.text.slice(start, start + 4096);
    const end = rest.search(/\r?\n|\r|$/);
    return rangeOf(this.file, start, start + Math.max(0, end));
  }
}
