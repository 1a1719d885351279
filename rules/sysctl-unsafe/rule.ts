import { defineRule } from '../../src/engine/index.js';
import { isObject } from '../../src/k8s/object.js';
import { podField, pssMessage } from '../../src/k8s/security.js';

// PSS baseline "Sysctls" (check_sysctls.go, policy 1.32): only the sysctls that are namespaced and
// isolated per pod are allowed. kubelet also refuses any other ("unsafe") sysctl unless the node
// allows it with --allowed-unsafe-sysctls: the pod is then rejected with SysctlForbidden.
// https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/#safe-and-unsafe-sysctls
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports', // policy 1.27
  'net.ipv4.tcp_keepalive_time', // 1.29
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem', // 1.32
  'net.ipv4.tcp_wmem',
]);

export const rule = defineRule({
  id: 'sysctl-unsafe',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: true,
    pss: 'baseline',
    description: 'A pod sets a sysctl outside the safe set',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod) return;
    const sysctls = podField(pod, 'sysctls');
    if (!Array.isArray(sysctls.value)) return;
    sysctls.value.forEach((s: unknown, i) => {
      if (!isObject(s) || typeof s.name !== 'string' || SAFE_SYSCTLS.has(s.name)) return;
      ctx.report({
        path: [...sysctls.path, i, 'name'],
        message: `${pssMessage('baseline', 'forbidden sysctls', s.name)}: it is not isolated per pod, so it can affect other pods or the node, and kubelet rejects the pod (SysctlForbidden) unless the node allows it with --allowed-unsafe-sysctls`,
      });
    });
  },
});
