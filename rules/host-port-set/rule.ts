import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { isObject } from '../../src/k8s/object.js';
import { pssMessage } from '../../src/k8s/security.js';

// PSS baseline "Host Ports" (check_hostPorts.go): ports[*].hostPort must be unset or 0 in every
// container. The standard allows "restricted to a known list": the allowedHostPorts option.
export const rule = defineRule({
  id: 'host-port-set',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: false,
    pss: 'baseline',
    description: "A container binds a port of the node's network interfaces (hostPort)",
  },
  check(_doc, ctx) {
    const allowed = new Set(
      Array.isArray(ctx.options.allowedHostPorts)
        ? ctx.options.allowedHostPorts.filter((p): p is number => typeof p === 'number')
        : [],
    );
    for (const c of ctx.containers()) {
      const ports = c.container.ports;
      if (!Array.isArray(ports)) continue;
      ports.forEach((p: unknown, i) => {
        if (!isObject(p)) return;
        const hostPort = p.hostPort;
        if (typeof hostPort !== 'number' || hostPort === 0 || allowed.has(hostPort)) return;
        ctx.report({
          path: [...c.path, 'ports', i, 'hostPort'],
          message: `${pssMessage('baseline', 'hostPort', `${containerLabel(c)} uses hostPort ${hostPort}`)}: the port is opened on the node itself, bypassing NetworkPolicies on the pod network, and only one such pod fits on each node`,
        });
      });
    }
  },
});
