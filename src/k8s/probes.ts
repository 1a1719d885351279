import type { JsonPath } from '../load/types.js';
import { isObject, type JsonObject } from './object.js';
import type { ContainerRef } from './pod.js';

export type ProbeField = 'livenessProbe' | 'readinessProbe' | 'startupProbe';
export const PROBE_FIELDS: readonly ProbeField[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];

/**
 * The handler types in the order the API server's validateHandler takes them: the first one set is
 * kept, each later one is `Forbidden`. Probes have no sleep; lifecycle hooks have no grpc.
 */
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;

export interface HandlerHolder {
  /** `livenessProbe`, …, or `postStart` / `preStop` of `lifecycle`. */
  field: ProbeField | 'postStart' | 'preStop';
  object: JsonObject;
  path: JsonPath;
  /** The handler types this holder may use, in validation order. */
  handlerTypes: readonly string[];
  container: ContainerRef;
}

/**
 * The probes and lifecycle hooks the API server validates as such: those of app containers and
 * sidecars. On regular init and ephemeral containers they are forbidden outright
 * (init-container-readiness-probe reports those), so their contents are not checked.
 */
export function handlerHoldersOf(containers: readonly ContainerRef[]): HandlerHolder[] {
  const out: HandlerHolder[] = [];
  for (const c of containers) {
    if (c.role !== 'app' && c.role !== 'sidecar') continue;
    for (const field of PROBE_FIELDS) {
      const p = c.container[field];
      if (isObject(p))
        out.push({ field, object: p, path: [...c.path, field], handlerTypes: PROBE_HANDLERS, container: c });
    }
    const lifecycle = c.container.lifecycle;
    if (!isObject(lifecycle)) continue;
    for (const field of ['postStart', 'preStop'] as const) {
      const h = lifecycle[field];
      if (isObject(h))
        out.push({
          field,
          object: h,
          path: [...c.path, 'lifecycle', field],
          handlerTypes: LIFECYCLE_HANDLERS,
          container: c,
        });
    }
  }
  return out;
}

/** The handler types a holder sets (null counts as unset, as in Go), in validation order. */
export function handlersSet(h: HandlerHolder): string[] {
  return h.handlerTypes.filter((t) => h.object[t] !== undefined && h.object[t] !== null);
}
