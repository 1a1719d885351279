import type { JsonPath } from '../load/types.js';
import {
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  maskTrailingDash,
  pathSegmentNameErrors,
  qualifiedNameErrors,
} from './names.js';
import { getPath, isObject } from './object.js';

/** How the API server checks a kind's metadata.name (the nameFn given to ValidateObjectMeta). */
export type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label' | 'path-segment';

// Only the built-in kinds whose name function we know; other kinds (custom resources, aggregated
// APIs) get their labels and annotations checked, not their names.
const NAME_RULES: Record<string, NameRule> = {
  Namespace: 'dns1123-label', // ValidateNamespaceName
  Service: 'dns1035-label', // ValidateServiceName
  Role: 'path-segment', // ValidateRBACName
  ClusterRole: 'path-segment',
  RoleBinding: 'path-segment',
  ClusterRoleBinding: 'path-segment',
};
for (const kind of [
  'Pod',
  'PodTemplate',
  'ReplicationController',
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'Endpoints',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'LimitRange',
  'ResourceQuota',
  'Node',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'ControllerRevision',
  'Job',
  'CronJob',
  'Ingress',
  'IngressClass',
  'NetworkPolicy',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'StorageClass',
  'PriorityClass',
  'RuntimeClass',
  'Lease',
  'EndpointSlice',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
])
  NAME_RULES[kind] = 'dns1123-subdomain';

/** Built-in kinds that live in a namespace, whose metadata.namespace the API server checks. */
const NAMESPACED = new Set([
  'Pod',
  'PodTemplate',
  'ReplicationController',
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'Service',
  'Endpoints',
  'PersistentVolumeClaim',
  'LimitRange',
  'ResourceQuota',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'ControllerRevision',
  'Job',
  'CronJob',
  'Ingress',
  'NetworkPolicy',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Lease',
  'EndpointSlice',
  'Role',
  'RoleBinding',
]);

export function nameRuleOf(kind: string): NameRule | undefined {
  return NAME_RULES[kind];
}

export function isNamespacedKind(kind: string): boolean {
  return NAMESPACED.has(kind);
}

/** The name function's verdict; `prefix` for generateName (a trailing '-' is fine there). */
export function objectNameErrors(rule: NameRule, name: string, prefix: boolean): string[] {
  if (rule === 'path-segment') return pathSegmentNameErrors(name, prefix);
  const value = prefix ? maskTrailingDash(name) : name;
  if (rule === 'dns1123-label') return dns1123LabelErrors(value);
  if (rule === 'dns1035-label') return dns1035LabelErrors(value);
  return dns1123SubdomainErrors(value);
}

/** TotalAnnotationSizeLimitB: keys plus values, in bytes. */
export const ANNOTATION_SIZE_LIMIT = 256 * 1024;

export interface MetaProblem {
  path: JsonPath;
  /** Point at the key (label and annotation keys) rather than the value. */
  key?: boolean;
  /** `metadata.labels["a b"]: Invalid value: "a b": …` — the API server's error, path included. */
  detail: string;
  what: string;
}

function invalid(path: string, value: string, msgs: string[]): string {
  return `${path}: Invalid value: ${JSON.stringify(value)}: ${msgs.join(', ')}`;
}

/** ValidateLabels over a label map at `path` (`shown` is how the API server names it). */
export function labelProblems(labels: unknown, path: JsonPath, shown: string): MetaProblem[] {
  const out: MetaProblem[] = [];
  if (!isObject(labels)) return out;
  for (const [k, v] of Object.entries(labels)) {
    const keyErrs = qualifiedNameErrors(k);
    if (keyErrs.length)
      out.push({
        path: [...path, k],
        key: true,
        what: `label key "${k}" is not a valid qualified name`,
        detail: invalid(shown, k, keyErrs),
      });
    if (typeof v !== 'string') continue;
    const valueErrs = labelValueErrors(v);
    if (valueErrs.length)
      out.push({
        path: [...path, k],
        what: `the value of label "${k}" is not a valid label value`,
        detail: invalid(shown, v, valueErrs),
      });
  }
  return out;
}

/** ValidateAnnotations: key syntax (lower-cased) and the total size of an annotation map. */
export function annotationProblems(annotations: unknown, path: JsonPath, shown: string): MetaProblem[] {
  const out: MetaProblem[] = [];
  if (!isObject(annotations)) return out;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
    // ValidateAnnotations checks the lower-cased key, so upper case in the prefix is accepted.
    const keyErrs = qualifiedNameErrors(k.toLowerCase());
    if (keyErrs.length)
      out.push({
        path: [...path, k],
        key: true,
        what: `annotation key "${k}" is not a valid qualified name`,
        detail: invalid(shown, k, keyErrs),
      });
  }
  if (size > ANNOTATION_SIZE_LIMIT)
    out.push({
      path,
      key: true,
      what: `the annotations total ${size} bytes, over the limit of ${ANNOTATION_SIZE_LIMIT} (256 KiB)`,
      detail: `${shown}: Too long: may not be more than ${ANNOTATION_SIZE_LIMIT} bytes`,
    });
  return out;
}

/** Labels and annotations of the metadata object at `base` (an object's or a template's). */
export function labelAndAnnotationProblems(root: unknown, base: JsonPath, shown: string): MetaProblem[] {
  return [
    ...labelProblems(getPath(root, [...base, 'labels']), [...base, 'labels'], `${shown}.labels`),
    ...annotationProblems(
      getPath(root, [...base, 'annotations']),
      [...base, 'annotations'],
      `${shown}.annotations`,
    ),
  ];
}
