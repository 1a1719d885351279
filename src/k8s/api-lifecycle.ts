import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The deprecated and removed API versions of built-in kinds (schemas/deprecations.json, kept by hand
// from the APIs' lifecycles and the Deprecated API Migration Guide, see schemas/DEPRECATIONS.md):
// https://kubernetes.io/docs/reference/using-api/deprecation-guide/

export const DEPRECATION_GUIDE = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';

export interface ApiLifecycle {
  apiVersion: string;
  kind: string;
  /** The Kubernetes minor that deprecated it (the API server warns from then on), if recorded. */
  deprecated?: string;
  /** The minor that stops serving it; absent where the (alpha) lifecycle names no removal. */
  removed?: string;
  /** The removal is scheduled by the API's lifecycle, not yet done in any release. */
  scheduled?: boolean;
  /** The apiVersion to use instead (same kind), or null when the kind has no successor. */
  replacement: string | null;
  /** The minor in which the replacement became available. */
  replacementSince?: string;
  /** What to use when there is no replacement apiVersion (PodSecurityPolicy). */
  instead?: string;
  /** Notable changes in the replacement, in short. */
  changes?: string[];
  /** The anchor of the kind's section in the guide. */
  guide?: string;
}

/** Compare Kubernetes versions ("1.9", "v1.16") numerically: 1.9 < 1.16. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string): number[] => v.replace(/^v/, '').split('.').map(Number);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** schemas/ of the package: two levels above src/k8s, three above dist/src/k8s. */
function tableFile(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'schemas', 'deprecations.json');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`kubelint: schemas/deprecations.json is missing (looked above ${import.meta.dirname})`);
}

let table: Map<string, ApiLifecycle> | undefined;

/** Every entry of the table, by `apiVersion kind`. */
export function apiLifecycles(): ReadonlyMap<string, ApiLifecycle> {
  if (!table) {
    const file = JSON.parse(readFileSync(tableFile(), 'utf8')) as { apis: ApiLifecycle[] };
    table = new Map(file.apis.map((api) => [`${api.apiVersion} ${api.kind}`, api]));
  }
  return table;
}

/** The lifecycle entry of an apiVersion and kind, if it is deprecated or removed in some release. */
export function apiLifecycleOf(apiVersion: string, kind: string): ApiLifecycle | undefined {
  return apiLifecycles().get(`${apiVersion} ${kind}`);
}

/** The entry when `target` no longer serves the apiVersion of this kind. */
export function removedIn(target: string, apiVersion: string, kind: string): ApiLifecycle | undefined {
  const api = apiLifecycleOf(apiVersion, kind);
  return api?.removed && compareVersions(target, api.removed) >= 0 ? api : undefined;
}

/** The entry when `target` still serves the apiVersion of this kind but has deprecated it. */
export function deprecatedIn(target: string, apiVersion: string, kind: string): ApiLifecycle | undefined {
  const api = apiLifecycleOf(apiVersion, kind);
  if (!api?.deprecated || compareVersions(target, api.deprecated) < 0) return undefined;
  return api.removed && compareVersions(target, api.removed) >= 0 ? undefined : api;
}

/** "use apps/v1" or what to do instead when the kind has no successor. */
export function replacementText(api: ApiLifecycle): string {
  if (api.replacement) return `use ${api.replacement}`;
  return api.instead ? `use ${api.instead} instead` : 'it has no replacement';
}
