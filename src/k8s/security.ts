import type { JsonPath } from '../load/types.js';
import { isObject, type JsonObject } from './object.js';
import type { ContainerRef, PodSpecRef } from './pod.js';

/**
 * Helpers for the security rules, which follow the Pod Security Standards as the pod-security-admission
 * checks implement them (kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy,
 * policy version "latest" as of Kubernetes 1.36). Those checks visit init (and sidecar), app and
 * ephemeral containers alike (visitor.go), which is what `ctx.containers()` yields.
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export type PssLevel = 'baseline' | 'restricted';

export const PSS_URL = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';

/** A finding message in pod-security-admission's words: `reason (detail)`, and the level it breaks. */
export function pssMessage(level: PssLevel, reason: string, detail: string): string {
  return `${reason} (${detail}), which Pod Security "${level}" forbids`;
}

/** The pod-level securityContext, when it is an object. */
export function podSecurityContext(pod: PodSpecRef): JsonObject | undefined {
  const sc = pod.spec.securityContext;
  return isObject(sc) ? sc : undefined;
}

/** A container's securityContext, when it is an object. */
export function securityContextOf(c: ContainerRef): JsonObject | undefined {
  const sc = c.container.securityContext;
  return isObject(sc) ? sc : undefined;
}

/** The value of `securityContext.<field>` of a container, with its path. */
export function containerField(c: ContainerRef, ...field: string[]): { value: unknown; path: JsonPath } {
  let value: unknown = securityContextOf(c);
  for (const f of field) value = isObject(value) ? value[f] : undefined;
  return { value, path: [...c.path, 'securityContext', ...field] };
}

/** The value of the pod's `securityContext.<field>`, with its path. */
export function podField(pod: PodSpecRef, ...field: string[]): { value: unknown; path: JsonPath } {
  let value: unknown = podSecurityContext(pod);
  for (const f of field) value = isObject(value) ? value[f] : undefined;
  return { value, path: [...pod.path, 'securityContext', ...field] };
}

/**
 * Pods with `spec.os.name: windows` are exempt from some restricted controls since policy version
 * 1.25 (allowPrivilegeEscalation, seccomp, capabilities): those fields have no effect on Windows and
 * the API server forbids them there.
 */
export function isWindowsPod(pod: PodSpecRef): boolean {
  const os = pod.spec.os;
  return isObject(os) && os.name === 'windows';
}

/**
 * A pod in its own user namespace (`hostUsers: false`): policy version 1.35 relaxes runAsNonRoot,
 * runAsUser and the baseline procMount control for it (helpers.go relaxPolicyForUserNamespacePod).
 */
export function inUserNamespace(pod: PodSpecRef): boolean {
  return pod.spec.hostUsers === false;
}

/** The path of the pod template's metadata (annotations live there): `spec` → `metadata`. */
export function podMetadataPath(pod: PodSpecRef): JsonPath {
  return [...pod.path.slice(0, -1), 'metadata'];
}

/** The strings of a list, ignoring other items. */
export function stringsOf(list: unknown): { value: string; index: number }[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((v: unknown, index) => (typeof v === 'string' ? [{ value: v, index }] : []));
}

/**
 * The capabilities the baseline level lets a container add: the container runtime's default set
 * (check_capabilities_baseline.go capabilities_allowed_1_0). NET_RAW is not in it.
 */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
