import type { ContainerRef, PodSpecRef } from '../k8s/pod.js';
import type { FixSpec } from '../fix/change.js';
import type { Fix, JsonPath, ManifestDoc, ResourceId, Severity } from '../load/types.js';

export type Category =
  | 'correctness'
  | 'reliability'
  | 'security'
  | 'lifecycle'
  | 'deprecation'
  | 'style'
  /** A custom policy from a config file's `policies:`. */
  | 'policy';

export interface RuleMeta {
  category: Category;
  /** Severity when the rule is enabled and the config does not set one. */
  severity: Severity;
  /** Part of the `recommended` preset (the default). */
  recommended: boolean;
  /** One line, no period. */
  description: string;
  fixable?: boolean;
  since?: string;
  /**
   * The Pod Security Standards level whose control this rule checks: `baseline` rules make up the
   * `pss-baseline` preset, and `pss-restricted` is baseline plus the `restricted` ones.
   */
  pss?: 'baseline' | 'restricted';
}

export interface RelatedReport {
  message: string;
  path: JsonPath;
  /** Another document, for cross-resource rules; the reported document by default. */
  doc?: ManifestDoc;
  key?: boolean;
}

export interface Report {
  path: JsonPath;
  message: string;
  /** Point at the key of the last path segment instead of its value. */
  key?: boolean;
  /** This report's severity when the user has not configured the rule (defaults to meta.severity). */
  severity?: Severity;
  /**
   * A safe fix: document changes built with `setValue`, `replaceScalar`, `insertEntry` or
   * `renameKey` (turned into text edits only when a fix is asked for), or ready text edits.
   */
  fix?: FixSpec | Fix;
  related?: RelatedReport[];
}

export interface RuleContext {
  readonly doc: ManifestDoc;
  readonly resource: ResourceId;
  /** Every document of the run, for cross-resource rules (which still report only on `doc`). */
  readonly index: readonly ManifestDoc[];
  /** The namespace of a document: its metadata.namespace, else `--namespace` (default "default"). */
  readonly namespaceOf: (doc: ManifestDoc) => string;
  /** The Kubernetes minor the document is checked against (`--kubernetes-version`, config, else the newest). */
  readonly kubernetesVersion: string;
  /** The rule's options from config (`[severity, options]`), or an empty object. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The pod spec of a workload (Pod, Deployment, … CronJob), if this document has one. */
  podSpec(): PodSpecRef | undefined;
  /** Every container of the pod spec with its role and path; empty for non-workloads. */
  containers(): ContainerRef[];
  report(report: Report): void;
  /**
   * Compute a value once and share it between rules: per document (`doc`, the default) or for the
   * whole run (`run`), e.g. the lifecycle trace of a pod template or an index of Services.
   */
  memo<T>(key: string, compute: () => T, scope?: 'doc' | 'run'): T;
}

/** What the engine knows of any rule, including the loader's (yaml-syntax, duplicate-key, …). */
export interface RuleInfo {
  id: string;
  meta: RuleMeta & { docsUrl: string };
}

export interface Rule extends RuleInfo {
  check(doc: ManifestDoc, ctx: RuleContext): void;
}

export const DOCS_BASE = 'https://github.com/kubelint/kubelint/blob/main/rules';

export function docsUrlOf(id: string): string {
  return `${DOCS_BASE}/${id}/README.md`;
}

/** Declare a built-in rule; the docs URL is derived from the id (which must equal the folder name). */
export function defineRule(rule: { id: string; meta: RuleMeta; check: Rule['check'] }): Rule {
  return { ...rule, meta: { ...rule.meta, docsUrl: docsUrlOf(rule.id) } };
}
