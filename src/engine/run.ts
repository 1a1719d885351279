import { lazyFix } from '../fix/lazy.js';
import { containersOf, podSpecOf, type ContainerRef, type PodSpecRef } from '../k8s/pod.js';
import type { SourceFile } from '../load/source.js';
import type { Finding, ManifestDoc, Severity } from '../load/types.js';
import type { Report, Rule, RuleContext, RuleInfo } from './rule.js';
import type { RuleSetting } from './config.js';
import { IGNORE_ANNOTATION, ignoredByAnnotation } from './suppress.js';
import { defaultKubernetesVersion } from '../schema/index.js';

/** A rule threw: a bug in kubelint, reported loudly with where it happened. */
export class RuleError extends Error {
  constructor(
    readonly ruleId: string,
    readonly file: string,
    resource: string,
    cause: unknown,
  ) {
    super(
      `rule "${ruleId}" crashed on ${resource} in ${file}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'RuleError';
  }
}

/**
 * The effective severity of a finding, or undefined when the rule is off. Without a setting (no
 * config at all) the `recommended` rules are on; `default` is on at the severity the rule reports.
 */
export function effectiveSeverity(
  rule: RuleInfo,
  setting: RuleSetting | undefined,
  reported?: Severity,
): Severity | undefined {
  if (setting?.severity === 'off' || (!setting && !rule.meta.recommended)) return undefined;
  if (setting && setting.severity !== 'default') return setting.severity;
  return reported ?? rule.meta.severity;
}

function resourceLabel(doc: ManifestDoc): string {
  const r = doc.resource;
  return r ? `${r.kind}${r.name ? ` "${r.name}"` : ''}` : `document ${doc.index + 1}`;
}

/** A rule's setting for a document; it depends only on the document's file (its config). */
export type SettingFor = (doc: ManifestDoc, ruleId: string) => RuleSetting | undefined;

/**
 * Run rules over documents; every document sees the whole set as `ctx.index`. With `checked`, only
 * those documents are checked (the others are context: a rule reports only on the document it checks).
 */
export function runRules(
  rules: readonly Rule[],
  docs: readonly ManifestDoc[],
  settingFor: SettingFor,
  defaultNamespace = 'default',
  versionOf: (doc: ManifestDoc) => string = defaultKubernetesVersion,
  checked?: ReadonlySet<ManifestDoc>,
): Finding[] {
  const namespaceOf = (d: ManifestDoc): string => d.resource?.namespace ?? defaultNamespace;
  const findings: Finding[] = [];
  const runMemo = new Map<string, unknown>();
  const memoIn =
    (store: Map<string, unknown>) =>
    <T>(key: string, compute: () => T): T => {
      if (!store.has(key)) store.set(key, compute());
      return store.get(key) as T;
    };
  const runShared = memoIn(runMemo);
  // Each file's settings, by rule: 10k documents × 77 rules ask ~770k times otherwise.
  const settingsByFile = new Map<SourceFile, (RuleSetting | undefined)[]>();
  const settingsOf = (doc: ManifestDoc): (RuleSetting | undefined)[] => {
    let settings = settingsByFile.get(doc.file);
    if (!settings) settingsByFile.set(doc.file, (settings = rules.map((r) => settingFor(doc, r.id))));
    return settings;
  };
  const noOptions: Readonly<Record<string, unknown>> = Object.freeze({});
  for (const doc of docs) {
    const resource = doc.resource;
    if (!resource || (checked && !checked.has(doc))) continue;
    const docShared = memoIn(new Map<string, unknown>());
    const settings = settingsOf(doc);
    let ignored: string[] | undefined;
    let pod: PodSpecRef | undefined | null = null;
    let containers: ContainerRef[] | undefined;
    const podSpec = (): PodSpecRef | undefined =>
      pod === null ? (pod = podSpecOf(resource.kind, doc.object)) : pod;
    // One context per document; `rule` and `setting` are the rule running now (rules run one at a
    // time and report synchronously).
    let rule: Rule = rules[0]!;
    let setting: RuleSetting | undefined;
    const report = (r: Report): void => {
      const severity = effectiveSeverity(rule, setting, r.severity);
      if (!severity) return;
      ignored ??= ignoredByAnnotation(doc);
      const finding: Finding = {
        ruleId: rule.id,
        severity,
        message: r.message,
        file: doc.file.path,
        range: doc.locate(r.path, { key: r.key }),
        path: r.path,
        resource,
      };
      if (r.fix) finding.fix = 'changes' in r.fix ? lazyFix(doc, r.fix) : r.fix;
      if (r.related?.length)
        finding.related = r.related.map((rel) => {
          const target = rel.doc ?? doc;
          return {
            message: rel.message,
            file: target.file.path,
            range: target.locate(rel.path, { key: rel.key }),
          };
        });
      // The resource's kubelint.dev/ignore annotation silences these rules for it (kept, marked).
      if (ignored.includes(rule.id))
        finding.suppressed = { source: 'annotation', justification: `${IGNORE_ANNOTATION} annotation` };
      findings.push(finding);
    };
    const ctx: { -readonly [K in keyof RuleContext]: RuleContext[K] } = {
      doc,
      resource,
      index: docs,
      namespaceOf,
      kubernetesVersion: versionOf(doc),
      options: noOptions,
      podSpec,
      containers: () => {
        if (!containers) {
          const spec = podSpec();
          containers = spec ? containersOf(spec) : [];
        }
        return containers;
      },
      report,
      memo: (key, compute, scope = 'doc') =>
        scope === 'run' ? runShared(key, compute) : docShared(key, compute),
    };
    for (let i = 0; i < rules.length; i++) {
      rule = rules[i]!;
      setting = settings[i];
      if (!effectiveSeverity(rule, setting)) continue;
      ctx.options = setting?.options ?? noOptions;
      try {
        rule.check(doc, ctx);
      } catch (err) {
        throw new RuleError(rule.id, doc.file.path, resourceLabel(doc), err);
      }
    }
  }
  return findings;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start.offset - b.range.start.offset ||
    a.range.end.offset - b.range.end.offset ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}
