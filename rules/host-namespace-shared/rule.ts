import { defineRule } from '../../src/engine/index.js';
import { pssMessage } from '../../src/k8s/security.js';

// PSS baseline "Host Namespaces" (check_hostNamespaces.go): hostNetwork, hostPID and hostIPC must be
// unset or false. Sharing them lets the pod see and reach the node's processes, IPC and network.
const FIELDS = {
  hostNetwork:
    "the pod uses the node's network namespace: it can bind node ports and reach services listening on the node's loopback",
  hostPID: 'the pod sees every process on the node and can signal or ptrace them',
  hostIPC: "the pod shares the node's System V IPC and POSIX message queues",
} as const;

export const rule = defineRule({
  id: 'host-namespace-shared',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: true,
    pss: 'baseline',
    description: "A pod shares the node's network, PID or IPC namespace",
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod) return;
    for (const [field, consequence] of Object.entries(FIELDS)) {
      if (pod.spec[field] !== true) continue;
      ctx.report({
        path: [...pod.path, field],
        message: `${pssMessage('baseline', 'host namespaces', `${field}=true`)}: ${consequence}`,
      });
    }
  },
});
