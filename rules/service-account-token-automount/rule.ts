import { defineRule } from '../../src/engine/index.js';
import { getPath } from '../../src/k8s/object.js';

// Unless the pod or its ServiceAccount sets automountServiceAccountToken: false, kubelet mounts a
// token of the pod's ServiceAccount into every container at
// /var/run/secrets/kubernetes.io/serviceaccount: anyone who compromises a container can call the
// API server with it. The pod's setting wins over the ServiceAccount's; a ServiceAccount in the
// input with automountServiceAccountToken: false satisfies the rule.
// https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
export const rule = defineRule({
  id: 'service-account-token-automount',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: false,
    description: "A pod gets its ServiceAccount's API token mounted although it may not need it",
  },
  check(doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod) return;
    const own = pod.spec.automountServiceAccountToken;
    if (own === false) return;
    const sa =
      typeof pod.spec.serviceAccountName === 'string' && pod.spec.serviceAccountName !== ''
        ? pod.spec.serviceAccountName
        : typeof pod.spec.serviceAccount === 'string' && pod.spec.serviceAccount !== ''
          ? pod.spec.serviceAccount
          : 'default';
    const namespace = ctx.namespaceOf(doc);
    if (own !== true) {
      // namespace/name of the ServiceAccounts in the input that opt out, built once per run.
      const optedOut = ctx.memo(
        'service-account-token-automount:opted-out',
        () =>
          new Set(
            ctx.index
              .filter(
                (d) =>
                  d.resource?.kind === 'ServiceAccount' &&
                  d.resource.apiVersion === 'v1' &&
                  getPath(d.object, ['automountServiceAccountToken']) === false,
              )
              .map((d) => `${ctx.namespaceOf(d)}/${d.resource?.name ?? ''}`),
          ),
        'run',
      );
      if (optedOut.has(`${namespace}/${sa}`)) return;
    }
    const why =
      own === true
        ? 'sets automountServiceAccountToken: true'
        : `does not set automountServiceAccountToken: false (nor does ServiceAccount "${sa}" in the input)`;
    ctx.report({
      path: [...pod.path, 'automountServiceAccountToken'],
      key: own !== true,
      message: `the pod ${why}, so every container gets an API token of ServiceAccount "${sa}" at /var/run/secrets/kubernetes.io/serviceaccount: whoever compromises a container can call the API server with it`,
    });
  },
});
