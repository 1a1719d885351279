import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { parseImageReference } from '../../src/k8s/image.js';

// A tag is a movable name: whoever can push to the repository can change what it points to. A digest
// (`@sha256:…`) names the content itself, so every node runs the bytes that were reviewed.
// https://kubernetes.io/docs/concepts/containers/images/#image-names
export const rule = defineRule({
  id: 'image-not-pinned-by-digest',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: false,
    description: 'An image is referenced by tag instead of by digest',
  },
  check(_doc, ctx) {
    for (const c of ctx.containers()) {
      const image = c.container.image;
      if (typeof image !== 'string') continue;
      const ref = parseImageReference(image);
      if (!ref || ref.digest) continue;
      ctx.report({
        path: [...c.path, 'image'],
        message: `image "${image}" of ${containerLabel(c)} is not pinned by digest: the ${ref.tag ? `tag "${ref.tag}"` : 'implicit tag "latest"'} can be moved to other content at the registry, so nodes may run an image nobody reviewed`,
      });
    }
  },
});
