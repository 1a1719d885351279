import { defineRule } from '../../src/engine/index.js';
import { containerLabel } from '../../src/k8s/pod.js';
import { isObject } from '../../src/k8s/object.js';
import { PROBE_FIELDS } from '../../src/k8s/probes.js';
import { pssMessage } from '../../src/k8s/security.js';

// PSS baseline "Probes / Lifecycle Hooks" (check_hostProbesAndhostLifecycle.go, policy 1.34): the
// `host` of httpGet and tcpSocket handlers in probes and lifecycle hooks must be unset or empty in
// every container. kubelet makes those requests from the node, so a host lets a pod direct the node
// at any address it can reach.
const HANDLERS = ['httpGet', 'tcpSocket'] as const;

export const rule = defineRule({
  id: 'probe-host-set',
  meta: {
    category: 'security',
    severity: 'warning',
    recommended: true,
    pss: 'baseline',
    description: 'A probe or lifecycle hook sends kubelet to another host',
  },
  check(_doc, ctx) {
    for (const c of ctx.containers()) {
      const holders: [string, unknown, (string | number)[]][] = PROBE_FIELDS.map((f) => [
        f,
        c.container[f],
        [...c.path, f],
      ]);
      const lifecycle = c.container.lifecycle;
      if (isObject(lifecycle))
        for (const hook of ['postStart', 'preStop'])
          holders.push([`lifecycle.${hook}`, lifecycle[hook], [...c.path, 'lifecycle', hook]]);
      for (const [field, holder, path] of holders) {
        if (!isObject(holder)) continue;
        for (const handler of HANDLERS) {
          const h = holder[handler];
          if (!isObject(h) || typeof h.host !== 'string' || h.host === '') continue;
          ctx.report({
            path: [...path, handler, 'host'],
            message: `${pssMessage('baseline', 'probe or lifecycle host', `${containerLabel(c)} uses ${field}.${handler}.host "${h.host}"`)}: kubelet connects to that address from the node instead of to the pod`,
          });
        }
      }
    }
  },
});
