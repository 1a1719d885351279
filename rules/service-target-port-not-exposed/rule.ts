import { defineRule, type Report } from '../../src/engine/index.js';
import { getPath, isObject } from '../../src/k8s/object.js';
import { quotedNames, servingPortsOf, type DeclaredPort } from '../../src/k8s/ports.js';
import { serviceSelectorOf, templateIndexOf, type PodTemplateRef } from '../../src/k8s/selector.js';

interface Selected {
  template: PodTemplateRef;
  ports: DeclaredPort[];
}

const nameOf = (t: PodTemplateRef): string => `${t.kind} "${t.name ?? '?'}"`;

/** Where a template declares its ports, else its containers. */
function portsPathOf(s: Selected): (string | number)[] {
  return s.ports[0]?.path.slice(0, -1) ?? [...s.template.pod.path, 'containers'];
}

// The EndpointSlice controller resolves targetPort per pod (FindPort): a number is used as is; a name
// is looked up among the pod's container ports (app containers and sidecars) with the Service port's
// protocol, and a pod without it gets no endpoint for that port.
// https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports
export const rule = defineRule({
  id: 'service-target-port-not-exposed',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: true,
    description: "A Service's targetPort matches no port of the pod templates its selector matches",
  },
  check(doc, ctx) {
    const service = serviceSelectorOf(doc);
    const ports = getPath(doc.object, ['spec', 'ports']);
    if (!service || !Array.isArray(ports)) return;
    const ns = ctx.namespaceOf(doc);
    // No selected template: service-selector-matches-nothing reports that.
    // A template is often selected by several Services (its app port, its metrics port, …).
    const portsOf = ctx.memo(
      'service-target-port-not-exposed:ports',
      () => new Map<PodTemplateRef, DeclaredPort[]>(),
      'run',
    );
    const selected: Selected[] = templateIndexOf(ctx)
      .matching(service.reqs, ns)
      .map((template) => {
        let ports = portsOf.get(template);
        if (!ports) portsOf.set(template, (ports = servingPortsOf(template.pod)));
        return { template, ports };
      });
    if (selected.length === 0) return;

    ports.forEach((p: unknown, i) => {
      if (!isObject(p)) return;
      const explicit = p.targetPort !== undefined;
      const target = explicit ? p.targetPort : p.port;
      const protocol = typeof p.protocol === 'string' ? p.protocol : 'TCP';
      const path = ['spec', 'ports', i, explicit ? 'targetPort' : 'port'];
      const svcPort =
        typeof p.name === 'string'
          ? `Service port "${p.name}" (${String(p.port)})`
          : `Service port ${String(p.port)}`;

      // An all-digit string is not a valid port name; the API server rejects it.
      if (typeof target === 'string' && !/^\d+$/.test(target)) {
        const missing = selected.filter(
          (s) => !s.ports.some((d) => d.name === target && d.protocol === protocol),
        );
        if (missing.length === 0) return;
        let detail = '';
        if (missing.length === 1 && missing[0]) {
          const ports = missing[0].ports;
          const other = ports.find((d) => d.name === target);
          const names = ports.flatMap((d) => d.name ?? []);
          detail = other
            ? ` (its port "${target}" is ${other.protocol}, the Service port is ${protocol})`
            : names.length > 0
              ? ` (it declares ${quotedNames(names)})`
              : ' (it declares no named ports)';
        }
        const related: NonNullable<Report['related']> = missing.map((s) => ({
          message: `pod template of ${nameOf(s.template)}, selected by the Service, has no ${protocol} port "${target}"`,
          path: portsPathOf(s),
          doc: s.template.doc,
        }));
        ctx.report({
          path,
          message: `targetPort "${target}" of ${svcPort} names no ${protocol} container port of the pod template${missing.length > 1 ? 's' : ''} of ${missing.map((s) => nameOf(s.template)).join(', ')}${detail}, so those pods get no endpoint for this port and receive none of its traffic`,
          related,
        });
      } else if (typeof target === 'number') {
        // containerPort is informational: only compare when the selected pods declare ports at all.
        const declaring = selected.filter((s) => s.ports.some((d) => d.containerPort !== undefined));
        const numbers = new Set(declaring.flatMap((s) => s.ports.flatMap((d) => d.containerPort ?? [])));
        if (numbers.size === 0 || numbers.has(target)) return;
        ctx.report({
          path,
          message: `${explicit ? `targetPort ${target} of ${svcPort}` : `${svcPort}, its own targetPort by default,`} is not a containerPort of the pods the Service selects (${declaring.map((s) => nameOf(s.template)).join(', ')} ${declaring.length === 1 ? 'declares' : 'declare'} ${[...numbers].join(', ')}), so if nothing listens on ${target} connections through this port are refused`,
          related: declaring.map((s) => ({
            message: `ports of ${nameOf(s.template)}, selected by the Service`,
            path: portsPathOf(s),
            doc: s.template.doc,
          })),
        });
      }
    });
  },
});
