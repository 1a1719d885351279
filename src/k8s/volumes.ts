import type { JsonPath } from '../load/types.js';
import { getPath, isObject } from './object.js';
import type { PodSpecRef } from './pod.js';

export interface VolumeRef {
  name: string;
  path: JsonPath;
}

/** The pod's `volumes` that have a string name, with their paths. */
export function volumesOf(pod: PodSpecRef): VolumeRef[] {
  const list = pod.spec.volumes;
  if (!Array.isArray(list)) return [];
  return list.flatMap((v: unknown, i) =>
    isObject(v) && typeof v.name === 'string' ? [{ name: v.name, path: [...pod.path, 'volumes', i] }] : [],
  );
}

/**
 * The names a volumeMount may reference: the pod's volumes and, for a StatefulSet, its
 * volumeClaimTemplates, which the StatefulSet controller adds to each pod as volumes of the same
 * name (a template's volume of that name wins).
 * https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates
 */
export function mountableVolumeNames(
  kind: string | undefined,
  object: unknown,
  pod: PodSpecRef,
): Set<string> {
  const names = new Set(volumesOf(pod).map((v) => v.name));
  if (kind === 'StatefulSet') {
    const templates = getPath(object, ['spec', 'volumeClaimTemplates']);
    if (Array.isArray(templates))
      for (const t of templates) {
        const name = getPath(t, ['metadata', 'name']);
        if (typeof name === 'string') names.add(name);
      }
  }
  return names;
}
