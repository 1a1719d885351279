import { defineRule, setValue } from '../../src/engine/index.js';
import { defaultPullPolicy, parseImageReference } from '../../src/k8s/image.js';

// With no imagePullPolicy, the API server defaults it from the tag: Always for `:latest` or no tag.
// https://kubernetes.io/docs/concepts/containers/images/#imagepullpolicy-defaulting
export const rule = defineRule({
  id: 'latest-tag-implicit-pull',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: true,
    fixable: true,
    description: 'An image without a pinned tag is pulled on every container start',
  },
  check(_doc, ctx) {
    for (const c of ctx.containers()) {
      const image = c.container.image;
      const policy = c.container.imagePullPolicy;
      // An empty or null policy is defaulted like a missing one.
      if (typeof image !== 'string' || (policy !== undefined && policy !== null && policy !== '')) continue;
      const ref = parseImageReference(image);
      // A digest pins the content: even when the policy becomes Always, the same bytes run.
      if (!ref || ref.digest || defaultPullPolicy(ref) !== 'Always') continue;
      const why = ref.tag ? 'has the tag "latest"' : 'has no tag';
      ctx.report({
        path: [...c.path, 'image'],
        message: `image "${image}" ${why}, so imagePullPolicy defaults to Always: kubelet resolves the tag at the registry on every container start, so a restart can silently run a different version (or fail while the registry is unreachable)`,
        // The fix states the policy the API server would default to, so nothing changes at run time;
        // pinning a version is the better fix, but only the user knows which version.
        fix: {
          description: 'Make the default imagePullPolicy explicit: Always',
          changes: [setValue([...c.path, 'imagePullPolicy'], 'Always', { after: ['image'] })],
        },
      });
    }
  },
});
