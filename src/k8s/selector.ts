import type { JsonPath, ManifestDoc } from '../load/types.js';
import { getPath, isObject } from './object.js';
import { podSpecOf, podSpecPathOf, type PodSpecRef } from './pod.js';

export type Labels = Readonly<Record<string, string>>;

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** One requirement of a label selector; a selector holds when all its requirements do. */
export interface Requirement {
  key: string;
  operator: Operator;
  values: readonly string[];
}

const OPERATORS = new Set<string>(['In', 'NotIn', 'Exists', 'DoesNotExist']);

function stringMap(value: unknown): [string, string][] | undefined {
  if (!isObject(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every((e): e is [string, string] => typeof e[1] === 'string') ? entries : undefined;
}

/**
 * A Service-style selector (a plain map of label → value, every pair must match), as requirements.
 * undefined when it is not a map of strings: the API server rejects that before any matching.
 */
export function parseMapSelector(value: unknown): Requirement[] | undefined {
  return stringMap(value)?.map(([key, v]) => ({ key, operator: 'In', values: [v] }));
}

/**
 * A metav1.LabelSelector: matchLabels AND matchExpressions. In and NotIn need values, Exists and
 * DoesNotExist take none (LabelSelectorAsSelector). undefined when malformed, which the API server
 * rejects. `{}` gives no requirements, which matches everything: callers decide what an empty or
 * null selector means for their kind.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
 */
export function parseLabelSelector(value: unknown): Requirement[] | undefined {
  if (!isObject(value)) return undefined;
  const reqs = value.matchLabels === undefined ? [] : parseMapSelector(value.matchLabels);
  if (!reqs) return undefined;
  const exprs = value.matchExpressions ?? [];
  if (!Array.isArray(exprs)) return undefined;
  for (const e of exprs) {
    if (!isObject(e) || typeof e.key !== 'string' || typeof e.operator !== 'string') return undefined;
    if (!OPERATORS.has(e.operator)) return undefined;
    const values = e.values ?? [];
    if (!Array.isArray(values) || !values.every((v): v is string => typeof v === 'string')) return undefined;
    const needsValues = e.operator === 'In' || e.operator === 'NotIn';
    if (needsValues !== values.length > 0) return undefined;
    reqs.push({ key: e.key, operator: e.operator as Operator, values });
  }
  return reqs;
}

/** NotIn and DoesNotExist hold when the key is absent, as in apimachinery's labels.Requirement. */
export function requirementHolds(req: Requirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  switch (req.operator) {
    case 'In':
      return has && value !== undefined && req.values.includes(value);
    case 'NotIn':
      return !has || value === undefined || !req.values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

export function matchesLabels(reqs: readonly Requirement[], labels: Labels): boolean {
  return reqs.every((r) => requirementHolds(r, labels));
}

/** kubectl's selector syntax: `app=web,tier in (a,b),track notin (canary),release,!legacy`. */
export function formatSelector(reqs: readonly Requirement[]): string {
  return reqs
    .map((r) => {
      if (r.operator === 'Exists') return r.key;
      if (r.operator === 'DoesNotExist') return `!${r.key}`;
      if (r.operator === 'In' && r.values.length === 1) return `${r.key}=${r.values[0]}`;
      return `${r.key} ${r.operator.toLowerCase()} (${r.values.join(',')})`;
    })
    .join(',');
}

/**
 * Labels that controllers add to the pods they create, with values the input cannot tell
 * (hashes, UIDs, generated names). A requirement on one of them is treated as satisfiable.
 */
export const CONTROLLER_LABELS: ReadonlySet<string> = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'controller-uid',
  'job-name',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-name',
  'batch.kubernetes.io/job-completion-index',
]);

/** The requirements a pod template's own labels decide (drops those on controller-added labels). */
export function templateRequirements(reqs: readonly Requirement[]): Requirement[] {
  return reqs.filter((r) => !CONTROLLER_LABELS.has(r.key));
}

export interface PodTemplateRef {
  doc: ManifestDoc;
  kind: string;
  name: string | undefined;
  /** The template's string-valued labels (others are schema errors). */
  labels: Labels;
  /** Path to the labels map (which may be missing). */
  labelsPath: JsonPath;
  pod: PodSpecRef;
}

// A PodTemplate object runs no pods, so nothing can select it.
const TEMPLATE_ONLY = 'PodTemplate';

/** The string-valued labels of a labels map (others are schema errors, which match nothing). */
export function stringLabels(raw: unknown): Labels {
  return Object.fromEntries(
    isObject(raw) ? Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string') : [],
  );
}

/**
 * A custom resource's group has a dot and is not one of Kubernetes' own (`*.k8s.io`); built-in
 * groups are a word (`apps`, `batch`) or end in `.k8s.io` (`networking.k8s.io`).
 */
function isCustomGroup(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  return group.includes('.') && !group.endsWith('.k8s.io') && group !== 'k8s.io';
}

function podTemplateOf(doc: ManifestDoc): PodTemplateRef | undefined {
  const resource = doc.resource;
  if (!resource || resource.kind === TEMPLATE_ONLY) return undefined;
  const kind = resource.kind;
  // Custom workloads shaped like a Deployment (Argo Rollouts, OpenKruise CloneSet, …) run pods too;
  // a built-in kind without a pod template (ConfigMap, Service, …) is not even read.
  const builtin = podSpecPathOf(kind) !== undefined;
  if (!builtin && !isCustomGroup(resource.apiVersion)) return undefined;
  const pod = builtin
    ? podSpecOf(kind, doc.object)
    : Array.isArray(getPath(doc.object, ['spec', 'template', 'spec', 'containers']))
      ? podSpecOf('Deployment', doc.object)
      : undefined;
  if (!pod) return undefined;
  const labelsPath = [...pod.path.slice(0, -1), 'metadata', 'labels'];
  const labels = stringLabels(getPath(doc.object, labelsPath));
  return { doc, kind, name: doc.resource?.name, labels, labelsPath, pod };
}

/** What the template index needs of a rule's context; RuleContext has it. */
export interface RunContext {
  readonly index: readonly ManifestDoc[];
  readonly namespaceOf: (doc: ManifestDoc) => string;
  memo<T>(key: string, compute: () => T, scope?: 'doc' | 'run'): T;
}

/** Positions of templates in TemplateIndex.templates, ascending (so in document order). */
type Ordinals = readonly number[];

/** The templates of one namespace, or of the whole input, with posting lists of their labels. */
interface Postings {
  all: number[];
  /** label key → label value → the templates with that pair */
  byPair: Map<string, Map<string, number[]>>;
  /** label key → the templates with that key, whatever its value */
  byKey: Map<string, number[]>;
}

function emptyPostings(): Postings {
  return { all: [], byPair: new Map(), byKey: new Map() };
}

function addPosting(p: Postings, ordinal: number, labels: Labels): void {
  p.all.push(ordinal);
  for (const [key, value] of Object.entries(labels)) {
    let values = p.byPair.get(key);
    if (!values) p.byPair.set(key, (values = new Map<string, number[]>()));
    const pair = values.get(value);
    if (pair) pair.push(ordinal);
    else values.set(value, [ordinal]);
    const withKey = p.byKey.get(key);
    if (withKey) withKey.push(ordinal);
    else p.byKey.set(key, [ordinal]);
  }
}

/** The templates whose value for `r.key` is one of `r.values` (one list per value, disjoint). */
function postingsOfIn(p: Postings, r: Requirement): Ordinals[] {
  const values = p.byPair.get(r.key);
  return [...new Set(r.values)].flatMap((v) => {
    const list = values?.get(v);
    return list ? [list] : [];
  });
}

/**
 * A superset of the templates that can satisfy `reqs`: the smallest posting list of an In or Exists
 * requirement (every match is in all of them), or every template when there is none.
 */
function candidatesOf(p: Postings, reqs: readonly Requirement[]): Ordinals {
  let best: Ordinals = p.all;
  for (const r of reqs) {
    if (r.operator === 'Exists') {
      const withKey = p.byKey.get(r.key) ?? [];
      if (withKey.length < best.length) best = withKey;
    } else if (r.operator === 'In') {
      const lists = postingsOfIn(p, r);
      if (lists.reduce((n, l) => n + l.length, 0) < best.length)
        best = lists.length === 1 ? (lists[0] ?? []) : lists.flat().sort((a, b) => a - b);
    }
  }
  return best;
}

/** Templates compared per near-match search, and posting entries walked to find them. */
const NEAR_MATCH_CANDIDATES = 32;
const NEAR_MATCH_BUDGET = 2048;
/** Distinct values of a label looked at for typos per search. */
const TYPO_VALUES = 256;
/** Templates looked at per search for a match in another namespace. */
const ELSEWHERE_BUDGET = 2048;

export interface NearMatchCandidates {
  /** In document order. */
  templates: PodTemplateRef[];
  /** Every template closestTemplate could pick is among them (so its pick is the closest). */
  complete: boolean;
}

/**
 * The pod templates of an input, indexed by namespace and by label pair, so that a selector is
 * matched against the templates that have its labels instead of against all of them.
 */
export class TemplateIndex {
  readonly templates: readonly PodTemplateRef[];
  private readonly namespaces: readonly string[];
  private readonly everywhere = emptyPostings();
  private readonly byNamespace = new Map<string, Postings>();
  private readonly matched = new Map<string, readonly PodTemplateRef[]>();

  constructor(
    docs: readonly ManifestDoc[],
    private readonly namespaceOfDoc: (doc: ManifestDoc) => string,
  ) {
    this.templates = docs.flatMap((doc) => podTemplateOf(doc) ?? []);
    this.namespaces = this.templates.map((t) => namespaceOfDoc(t.doc));
    this.templates.forEach((t, i) => {
      const ns = this.namespaces[i] ?? '';
      let p = this.byNamespace.get(ns);
      if (!p) this.byNamespace.set(ns, (p = emptyPostings()));
      addPosting(p, i, t.labels);
      addPosting(this.everywhere, i, t.labels);
    });
  }

  namespaceOf(template: PodTemplateRef): string {
    return this.namespaceOfDoc(template.doc);
  }

  private at(ordinals: Ordinals): PodTemplateRef[] {
    return ordinals.flatMap((i) => this.templates[i] ?? []);
  }

  /** The templates of `namespace` that `reqs` match, in document order. */
  matching(reqs: readonly Requirement[], namespace: string): readonly PodTemplateRef[] {
    const key = JSON.stringify([namespace, reqs]);
    let found = this.matched.get(key);
    if (!found) {
      const p = this.byNamespace.get(namespace);
      found = p ? this.at(candidatesOf(p, reqs)).filter((t) => matchesLabels(reqs, t.labels)) : [];
      this.matched.set(key, found);
    }
    return found;
  }

  /**
   * The first template in document order, outside `namespace`, that `reqs` match; undefined when
   * there is none among the first ELSEWHERE_BUDGET candidates (it is only a hint).
   */
  matchElsewhere(reqs: readonly Requirement[], namespace: string): PodTemplateRef | undefined {
    const candidates = candidatesOf(this.everywhere, reqs);
    for (let c = 0; c < Math.min(candidates.length, ELSEWHERE_BUDGET); c++) {
      const i = candidates[c] ?? -1;
      const t = this.templates[i];
      if (t && this.namespaces[i] !== namespace && matchesLabels(reqs, t.labels)) return t;
    }
    return undefined;
  }

  /**
   * The templates of `namespace` closestTemplate should compare, at most NEAR_MATCH_CANDIDATES, with
   * bounded work per selector. Every template it can pick has the keys the selector tests for a
   * value; when there are not too many of those, the ones failing the fewest requirements. Else the
   * templates sharing a label pair with the selector, or (when every requirement is an equality and
   * none shares a pair) those whose value for one of its keys looks like a typo. `complete` says
   * whether anything closestTemplate could pick was left out.
   */
  nearMatchCandidates(reqs: readonly Requirement[], namespace: string): NearMatchCandidates {
    const p = this.byNamespace.get(namespace);
    const valued = reqs.filter((r) => r.operator === 'In');
    if (!p || valued.length === 0) return { templates: [], complete: true };
    if (p.all.length <= NEAR_MATCH_CANDIDATES) return { templates: this.at(p.all), complete: true };
    const seen = new Set<number>();
    let walked = 0;
    /** Walk whole posting lists, smallest first, within the budget; false when one did not fit. */
    const walk = (lists: Ordinals[]): boolean => {
      for (const list of lists.sort((a, b) => a.length - b.length)) {
        if (walked + list.length > NEAR_MATCH_BUDGET) return false;
        walked += list.length;
        for (const i of list) {
          const t = this.templates[i];
          if (t && valued.every((r) => Object.hasOwn(t.labels, r.key))) seen.add(i);
        }
      }
      return true;
    };

    const withKeys = valued.map((r) => p.byKey.get(r.key) ?? []).sort((a, b) => a.length - b.length);
    const everyCandidate = walk(withKeys.slice(0, 1));
    let complete = everyCandidate;
    if (!everyCandidate) {
      complete = walk([
        ...valued.flatMap((r) => postingsOfIn(p, r)),
        ...reqs.flatMap((r) => (r.operator === 'Exists' ? [p.byKey.get(r.key) ?? []] : [])),
      ]);
      // A template sharing no pair fails every requirement: closestTemplate only takes it when each
      // is a typo of a single value, so it is among the typos of one key's values.
      if (seen.size === 0 && reqs.every((r) => r.operator === 'In' && r.values.length === 1)) {
        const [r, values] = valued
          .map((r) => [r, p.byPair.get(r.key) ?? new Map<string, number[]>()] as const)
          .sort((a, b) => a[1].size - b[1].size)[0] ?? [undefined, undefined];
        const wanted = r?.values[0];
        if (values && wanted !== undefined) {
          const typos = [...values].slice(0, TYPO_VALUES).filter(([v]) => looksLikeTypo(wanted, v));
          complete = walk(typos.map(([, list]) => list)) && complete && values.size <= TYPO_VALUES;
        }
      }
    }

    // closestTemplate prefers the fewest failing requirements: keep that group, in document order.
    const ranked = [...seen]
      .map((i) => ({ i, failing: failingCount(reqs, this.templates[i]?.labels ?? {}) }))
      .filter((c) => c.failing > 0)
      .sort((a, b) => a.failing - b.failing || a.i - b.i);
    const fewest = ranked[0]?.failing ?? Infinity;
    const group = ranked.filter((c) => c.failing === fewest);
    if (group.length > NEAR_MATCH_CANDIDATES) complete = false;
    // Not walked: templates sharing no pair that hold a NotIn or DoesNotExist requirement. They fail
    // every equality, so they only compete when no template walked fails fewer.
    const negative = reqs.some((r) => r.operator === 'NotIn' || r.operator === 'DoesNotExist');
    if (!everyCandidate && negative && fewest >= valued.length) complete = false;
    return { templates: this.at(group.slice(0, NEAR_MATCH_CANDIDATES).map((c) => c.i)), complete };
  }
}

function failingCount(reqs: readonly Requirement[], labels: Labels): number {
  return reqs.reduce((n, r) => (requirementHolds(r, labels) ? n : n + 1), 0);
}

/** The template index of the run, built once and shared by the rules that match selectors. */
export function templateIndexOf(ctx: RunContext): TemplateIndex {
  return ctx.memo('k8s:pod-templates', () => new TemplateIndex(ctx.index, ctx.namespaceOf), 'run');
}

/** Every pod template in the input that runs pods (Pod, the workload kinds, CronJob's job template). */
export function podTemplatesOf(ctx: RunContext): readonly PodTemplateRef[] {
  return templateIndexOf(ctx).templates;
}

export interface NearMiss {
  template: PodTemplateRef;
  /** The equality requirements the template fails although it has their keys. */
  failing: Requirement[];
}

/** Levenshtein distance: how many single-character edits turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, (prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** A typo rather than another app: at most half the characters differ (`migrate` vs `migrations`). */
function looksLikeTypo(wanted: string, actual: string): boolean {
  const most = Math.max(1, Math.floor(Math.max(wanted.length, actual.length) / 2));
  // The length difference is a lower bound of the distance.
  return Math.abs(wanted.length - actual.length) <= most && editDistance(wanted, actual) <= most;
}

/**
 * The template that almost matches an equality selector: it has every key the selector tests for a
 * value, fails the fewest requirements, and either shares at least one label with the selector or
 * differs from it by typos only. Ties go to the smallest total edit distance, then to the first.
 * undefined when none.
 */
export function closestTemplate(
  reqs: readonly Requirement[],
  templates: readonly PodTemplateRef[],
): NearMiss | undefined {
  const valued = reqs.filter((r) => r.operator === 'In');
  if (valued.length === 0) return undefined;
  let best: (NearMiss & { distance: number }) | undefined;
  for (const template of templates) {
    const labels = template.labels;
    if (!valued.every((r) => Object.hasOwn(labels, r.key))) continue;
    const failing = reqs.filter((r) => !requirementHolds(r, labels));
    if (failing.length === 0) continue;
    const typos = failing.map((r) => {
      const actual = labels[r.key];
      const wanted = r.operator === 'In' && r.values.length === 1 ? r.values[0] : undefined;
      return actual !== undefined && wanted !== undefined && looksLikeTypo(wanted, actual)
        ? editDistance(wanted, actual)
        : undefined;
    });
    const sharesLabel = failing.length < reqs.length;
    if (!sharesLabel && typos.some((d) => d === undefined)) continue;
    const distance = typos.reduce<number>((sum, d) => sum + (d ?? 0), 0);
    if (
      !best ||
      failing.length < best.failing.length ||
      (failing.length === best.failing.length && distance < best.distance)
    )
      best = { template, failing, distance };
  }
  return best && { template: best.template, failing: best.failing };
}

/** `Deployment "web" has tier="front-end"`, naming the template's value of each failing key. */
export function describeNearMiss(miss: NearMiss): string {
  const has = miss.failing
    .map((r) =>
      Object.hasOwn(miss.template.labels, r.key)
        ? `${r.key}="${miss.template.labels[r.key]}"`
        : `no ${r.key}`,
    )
    .join(', ');
  return `${miss.template.kind} "${miss.template.name ?? '?'}" has ${has}`;
}

export interface NoMatchHint {
  /** ` (closest: …)`, ` (a near match: …)`, ` (… in namespace "x" matches, but …)`, or '' */
  text: string;
  related: { message: string; path: JsonPath; doc: ManifestDoc }[];
}

/**
 * Why a selector matched no pod template of its namespace, for a message: the closest template of
 * the namespace (or a near match, when the input is too large to compare them all), else a
 * matching template of another namespace.
 */
export function noMatchHint(
  reqs: readonly Requirement[],
  namespace: string,
  templates: TemplateIndex,
  owner: string,
): NoMatchHint {
  const near = templates.nearMatchCandidates(reqs, namespace);
  const miss = closestTemplate(reqs, near.templates);
  if (miss) {
    const key = miss.failing[0]?.key;
    return {
      text: ` (${near.complete ? 'closest' : 'a near match'}: ${describeNearMiss(miss)})`,
      related: [
        {
          message: `pod template labels of ${miss.template.kind} "${miss.template.name ?? '?'}"`,
          path: key === undefined ? miss.template.labelsPath : [...miss.template.labelsPath, key],
          doc: miss.template.doc,
        },
      ],
    };
  }
  const elsewhere = templates.matchElsewhere(reqs, namespace);
  if (!elsewhere) return { text: '', related: [] };
  const what = `${elsewhere.kind} "${elsewhere.name ?? '?'}" in namespace "${templates.namespaceOf(elsewhere)}"`;
  return {
    text: ` (${what} matches, but ${owner} selects pods of its own namespace only)`,
    related: [{ message: `pod template labels of ${what}`, path: elsewhere.labelsPath, doc: elsewhere.doc }],
  };
}

export interface ServiceSelector {
  /** The selector as written. */
  selector: Requirement[];
  /** The requirements the pod templates decide (see templateRequirements); never empty. */
  reqs: Requirement[];
}

/**
 * The selector of a Service that selects pods: a v1 Service, not ExternalName (a DNS alias that
 * ignores its selector), with a non-empty selector (without one, endpoints are managed by hand)
 * that constrains template labels. undefined otherwise.
 */
export function serviceSelectorOf(doc: ManifestDoc): ServiceSelector | undefined {
  if (doc.resource?.kind !== 'Service' || doc.resource.apiVersion !== 'v1') return undefined;
  const spec = getPath(doc.object, ['spec']);
  if (!isObject(spec) || spec.type === 'ExternalName') return undefined;
  const selector = parseMapSelector(spec.selector);
  const reqs = selector && templateRequirements(selector);
  return selector && reqs?.length ? { selector, reqs } : undefined;
}
