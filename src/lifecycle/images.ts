import { parseImageReference } from '../k8s/image.js';
import { isObject, type JsonObject } from '../k8s/object.js';
import type { Behaviour } from './command.js';

/**
 * What well-known images do when the pod does not set `command`, from their official Dockerfiles.
 * Servers run until stopped and listen on a known port; base OS images run a shell as CMD, which
 * exits at once when stdin is not kept open (`stdin: true`).
 */
interface ImageFacts {
  kind: 'server' | 'shell';
  /** The shell a base image runs as its CMD. */
  shell?: string;
  port?: number;
  /** Env vars of which at least one must be set, or the entrypoint exits with an error. */
  requiresOneOf?: string[];
}

const IMAGES: Record<string, ImageFacts> = {
  nginx: { kind: 'server', port: 80 },
  'nginxinc/nginx-unprivileged': { kind: 'server', port: 8080 },
  httpd: { kind: 'server', port: 80 },
  caddy: { kind: 'server', port: 80 },
  redis: { kind: 'server', port: 6379 },
  memcached: { kind: 'server', port: 11211 },
  rabbitmq: { kind: 'server', port: 5672 },
  mongo: { kind: 'server', port: 27017 },
  'grafana/grafana': { kind: 'server', port: 3000 },
  'prom/prometheus': { kind: 'server', port: 9090 },
  postgres: {
    kind: 'server',
    port: 5432,
    requiresOneOf: ['POSTGRES_PASSWORD', 'POSTGRES_PASSWORD_FILE', 'POSTGRES_HOST_AUTH_METHOD'],
  },
  mysql: {
    kind: 'server',
    port: 3306,
    requiresOneOf: [
      'MYSQL_ROOT_PASSWORD',
      'MYSQL_ROOT_PASSWORD_FILE',
      'MYSQL_ALLOW_EMPTY_PASSWORD',
      'MYSQL_RANDOM_ROOT_PASSWORD',
    ],
  },
  mariadb: {
    kind: 'server',
    port: 3306,
    requiresOneOf: [
      'MARIADB_ROOT_PASSWORD',
      'MARIADB_ROOT_PASSWORD_FILE',
      'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD',
      'MARIADB_RANDOM_ROOT_PASSWORD',
      'MYSQL_ROOT_PASSWORD',
      'MYSQL_ALLOW_EMPTY_PASSWORD',
      'MYSQL_RANDOM_ROOT_PASSWORD',
    ],
  },
  busybox: { kind: 'shell' },
  alpine: { kind: 'shell' },
  ubuntu: { kind: 'shell', shell: 'bash' },
  debian: { kind: 'shell', shell: 'bash' },
  fedora: { kind: 'shell', shell: 'bash' },
  centos: { kind: 'shell', shell: 'bash' },
  rockylinux: { kind: 'shell', shell: 'bash' },
  almalinux: { kind: 'shell', shell: 'bash' },
  amazonlinux: { kind: 'shell', shell: 'bash' },
};

/** The Docker Hub name of an image (`docker.io/library/nginx` and `nginx` are the same). */
function hubName(image: string): string | undefined {
  const ref = parseImageReference(image);
  if (!ref) return undefined;
  if (ref.registry && ref.registry !== 'docker.io' && ref.registry !== 'index.docker.io') return undefined;
  return ref.repository.replace(/^library\//, '');
}

export function imageFacts(image: unknown): ImageFacts | undefined {
  if (typeof image !== 'string') return undefined;
  const name = hubName(image);
  return name === undefined ? undefined : IMAGES[name];
}

/** The port a well-known server image listens on by default. */
export function knownImagePort(image: unknown): number | undefined {
  const facts = imageFacts(image);
  return facts?.kind === 'server' ? facts.port : undefined;
}

function envNames(container: JsonObject): Set<string> {
  const env = Array.isArray(container.env) ? container.env : [];
  return new Set(env.flatMap((e: unknown) => (isObject(e) && typeof e.name === 'string' ? [e.name] : [])));
}

/** What the image's own entrypoint does when the container sets no `command`. */
export function imageBehaviour(container: JsonObject): Behaviour {
  const image = container.image;
  const facts = imageFacts(image);
  const name = typeof image === 'string' ? image : '?';
  if (!facts) return { kind: 'unknown', what: `image "${name}" runs its own entrypoint` };
  if (facts.kind === 'shell') {
    if (container.args !== undefined) return { kind: 'unknown', what: `image "${name}" with args` };
    if (container.stdin === true || container.tty === true)
      return { kind: 'unknown', what: `image "${name}" runs a shell on an open stdin` };
    return {
      kind: 'exits',
      code: 0,
      seconds: 0,
      what: `image "${name}" (its default command "${facts.shell ?? 'sh'}" exits at once without stdin)`,
    };
  }
  if (container.args !== undefined) return { kind: 'unknown', what: `image "${name}" with args` };
  if (facts.requiresOneOf) {
    const env = envNames(container);
    const hasEnvFrom = Array.isArray(container.envFrom) && container.envFrom.length > 0;
    if (!hasEnvFrom && !facts.requiresOneOf.some((v) => env.has(v)))
      return {
        kind: 'exits',
        code: 1,
        seconds: 0,
        what: `image "${name}" (its entrypoint exits with an error when none of ${facts.requiresOneOf.slice(0, 3).join(', ')}… is set)`,
      };
  }
  return { kind: 'runs-forever', what: `image "${name}" (a server)` };
}
