import type { JsonPath } from '../load/types.js';
import { formatPath, getPath, isObject, type JsonObject } from './object.js';

/** Where each workload kind keeps its pod spec. CronJob nests a Job template. */
const POD_SPEC_PATHS: Record<string, JsonPath> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export const WORKLOAD_KINDS = Object.keys(POD_SPEC_PATHS);

export function podSpecPathOf(kind: string): JsonPath | undefined {
  return POD_SPEC_PATHS[kind];
}

export interface PodSpecRef {
  path: JsonPath;
  spec: JsonObject;
}

/** The pod spec of a workload, when the kind has one and it is an object. */
export function podSpecOf(kind: string | undefined, object: unknown): PodSpecRef | undefined {
  const path = kind === undefined ? undefined : POD_SPEC_PATHS[kind];
  if (!path) return undefined;
  const spec = getPath(object, path);
  return isObject(spec) ? { path, spec } : undefined;
}

/** Job semantics apply to the pods of Jobs and of the Jobs a CronJob creates. */
export function isJobKind(kind: string | undefined): boolean {
  return kind === 'Job' || kind === 'CronJob';
}

/** init: runs to completion before the app starts; sidecar: an init container with restartPolicy Always. */
export type ContainerRole = 'init' | 'sidecar' | 'app' | 'ephemeral';

export interface ContainerRef {
  role: ContainerRole;
  /** The name, when it is a string. */
  name: string | undefined;
  container: JsonObject;
  /** Path from the resource root to the container. */
  path: JsonPath;
}

const CONTAINER_LISTS = [
  ['initContainers', 'init'],
  ['containers', 'app'],
  ['ephemeralContainers', 'ephemeral'],
] as const;

/** Every container of a pod spec in API order: init (and sidecar), app, then ephemeral containers. */
export function containersOf(pod: PodSpecRef): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const [field, role] of CONTAINER_LISTS) {
    const list = pod.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container: unknown, i) => {
      if (!isObject(container)) return;
      const sidecar = role === 'init' && container.restartPolicy === 'Always';
      out.push({
        role: sidecar ? 'sidecar' : role,
        name: typeof container.name === 'string' ? container.name : undefined,
        container,
        path: [...pod.path, field, i],
      });
    });
  }
  return out;
}

/**
 * A container as messages name it: `container "web"`, or by its path when it has no name. With
 * `role`, init, sidecar and ephemeral containers say so: `init container "migrate"`.
 */
export function containerLabel(c: ContainerRef, options: { role?: boolean } = {}): string {
  const noun = !options.role || c.role === 'app' ? 'container' : `${c.role} container`;
  return c.name !== undefined ? `${noun} "${c.name}"` : `${noun} ${formatPath(c.path)}`;
}
