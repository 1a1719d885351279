import type { JsonPath } from '../load/types.js';
import { isObject } from './object.js';
import { containersOf, type PodSpecRef } from './pod.js';

export interface DeclaredPort {
  name: string | undefined;
  containerPort: number | undefined;
  /** Defaults to TCP, as the API server defaults it. */
  protocol: string;
  containerName: string | undefined;
  path: JsonPath;
}

/**
 * The ports declared by the containers that serve traffic: app containers and sidecars (init
 * containers with restartPolicy Always, which the endpoints controller's FindPort also searches).
 * Regular init containers have exited by then; ephemeral containers may not declare ports.
 */
export function servingPortsOf(pod: PodSpecRef): DeclaredPort[] {
  const out: DeclaredPort[] = [];
  for (const c of containersOf(pod)) {
    if (c.role !== 'app' && c.role !== 'sidecar') continue;
    const ports = c.container.ports;
    if (!Array.isArray(ports)) continue;
    ports.forEach((p: unknown, i) => {
      if (!isObject(p)) return;
      out.push({
        name: typeof p.name === 'string' ? p.name : undefined,
        containerPort: typeof p.containerPort === 'number' ? p.containerPort : undefined,
        protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
        containerName: c.name,
        path: [...c.path, 'ports', i],
      });
    });
  }
  return out;
}

/** `"http", "metrics"` — the quoted names of ports, for messages. */
export function quotedNames(names: Iterable<string>): string {
  return [...new Set(names)].map((n) => `"${n}"`).join(', ');
}
