import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { parseImageReference } from '../../src/k8s/image.js';

// With the allowedRegistries option, every image must come from one of the listed registries (a host
// such as "ghcr.io", or a host and path prefix such as "ghcr.io/acme"). An image without a registry
// host is pulled from Docker Hub (docker.io), the container runtime's default. Without the option the
// rule reports nothing. https://kubernetes.io/docs/concepts/containers/images/#image-names
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

function normalizeRegistry(entry: string): string {
  const [host = '', ...rest] = entry.replace(/\/+$/, '').split('/');
  return [DOCKER_HUB_ALIASES.has(host) ? 'docker.io' : host, ...rest].join('/');
}

export const rule = defineRule({
  id: 'image-registry-not-allowed',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: false,
    description:
      'An image comes from a registry outside the allowedRegistries option (Docker Hub when none is named)',
  },
  check(_doc, ctx) {
    const option = ctx.options.allowedRegistries;
    if (!Array.isArray(option)) return;
    const allowed = option
      .filter((r): r is string => typeof r === 'string' && r !== '')
      .map(normalizeRegistry);
    if (allowed.length === 0) return;
    for (const c of ctx.containers()) {
      const image = c.container.image;
      if (typeof image !== 'string') continue;
      const ref = parseImageReference(image);
      if (!ref) continue;
      const registry = normalizeRegistry(ref.registry ?? 'docker.io');
      // Docker Hub's official images live under library/: "nginx" is docker.io/library/nginx.
      const repository =
        registry === 'docker.io' && !ref.repository.includes('/')
          ? `library/${ref.repository}`
          : ref.repository;
      const full = `${registry}/${repository}`;
      if (allowed.some((a) => full === a || full.startsWith(`${a}/`))) continue;
      const from = ref.registry
        ? `comes from "${ref.registry}"`
        : 'names no registry, so it is pulled from Docker Hub (docker.io)';
      ctx.report({
        path: [...c.path, 'image'],
        message: `image "${image}" of ${containerLabel(c)} ${from}, which is not in allowedRegistries (${allowed.join(', ')})`,
      });
    }
  },
});
