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

const cache = new WeakMap<readonly ManifestDoc[], PodTemplateRef[]>();

// A PodTemplate object runs no pods, so nothing can select it.
const TEMPLATE_ONLY = 'PodTemplate';

function podTemplateOf(doc: ManifestDoc): PodTemplateRef | undefined {
  const kind = doc.resource?.kind;
  if (kind === undefined || kind === TEMPLATE_ONLY) return undefined;
  // Custom workloads shaped like a Deployment (Argo Rollouts, OpenKruise CloneSet, …) run pods too.
  const pod =
    podSpecOf(kind, doc.object) ??
    (podSpecPathOf(kind) === undefined &&
    Array.isArray(getPath(doc.object, ['spec', 'template', 'spec', 'containers']))
      ? podSpecOf('Deployment', doc.object)
      : undefined);
  if (!pod) return undefined;
  const labelsPath = [...pod.path.slice(0, -1), 'metadata', 'labels'];
  const raw = getPath(doc.object, labelsPath);
  const labels = Object.fromEntries(
    isObject(raw) ? Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string') : [],
  );
  return { doc, kind, name: doc.resource?.name, labels, labelsPath, pod };
}

/** Every pod template in the input that runs pods (Pod, the workload kinds, CronJob's job template). */
export function podTemplatesOf(index: readonly ManifestDoc[]): readonly PodTemplateRef[] {
  let templates = cache.get(index);
  if (!templates) {
    templates = index.flatMap((doc) => podTemplateOf(doc) ?? []);
    cache.set(index, templates);
  }
  return templates;
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
  return editDistance(wanted, actual) <= Math.max(1, Math.floor(Math.max(wanted.length, actual.length) / 2));
}

/**
 * The template that almost matches an equality selector: it has every key the selector tests for a
 * value, fails the fewest requirements, and either shares at least one label with the selector or
 * differs from it by typos only. Ties go to the smallest total edit distance. undefined when none.
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
  /** ` (closest: …)`, ` (… in namespace "x" matches, but …)`, or '' */
  text: string;
  related: { message: string; path: JsonPath; doc: ManifestDoc }[];
}

/**
 * Why a selector matched no pod template of its namespace, for a message: the closest template of
 * the namespace, else a matching template of another namespace.
 */
export function noMatchHint(
  reqs: readonly Requirement[],
  namespace: string,
  templates: readonly PodTemplateRef[],
  namespaceOf: (doc: ManifestDoc) => string,
  owner: string,
): NoMatchHint {
  const miss = closestTemplate(
    reqs,
    templates.filter((t) => namespaceOf(t.doc) === namespace),
  );
  if (miss) {
    const key = miss.failing[0]?.key;
    return {
      text: ` (closest: ${describeNearMiss(miss)})`,
      related: [
        {
          message: `pod template labels of ${miss.template.kind} "${miss.template.name ?? '?'}"`,
          path: key === undefined ? miss.template.labelsPath : [...miss.template.labelsPath, key],
          doc: miss.template.doc,
        },
      ],
    };
  }
  const elsewhere = templates.find((t) => namespaceOf(t.doc) !== namespace && matchesLabels(reqs, t.labels));
  if (!elsewhere) return { text: '', related: [] };
  const what = `${elsewhere.kind} "${elsewhere.name ?? '?'}" in namespace "${namespaceOf(elsewhere.doc)}"`;
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
