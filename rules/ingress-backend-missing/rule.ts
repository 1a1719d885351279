import { defineRule, type Report, type RuleContext } from '../../src/engine/index.js';
import { getPath, isObject } from '../../src/k8s/object.js';

type Doc = RuleContext['doc'];

interface Backend {
  path: (string | number)[];
  /** What the backend serves, for messages: `path "/api" of host "shop.example.com"`. */
  what: string;
  service: Record<string, unknown>;
}

function backendsOf(spec: Record<string, unknown>): Backend[] {
  const out: Backend[] = [];
  if (isObject(spec.defaultBackend) && isObject(spec.defaultBackend.service))
    out.push({
      path: ['spec', 'defaultBackend', 'service'],
      what: 'requests that match no rule',
      service: spec.defaultBackend.service,
    });
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  rules.forEach((r: unknown, i) => {
    const paths = getPath(r, ['http', 'paths']);
    if (!Array.isArray(paths)) return;
    const host = isObject(r) && typeof r.host === 'string' ? ` of host "${r.host}"` : '';
    paths.forEach((p: unknown, j) => {
      const service = getPath(p, ['backend', 'service']);
      if (!isObject(service)) return; // a `resource` backend names no Service
      const at = isObject(p) && typeof p.path === 'string' ? `path "${p.path}"` : 'the path';
      out.push({
        path: ['spec', 'rules', i, 'http', 'paths', j, 'backend', 'service'],
        what: `requests for ${at}${host}`,
        service,
      });
    });
  });
  return out;
}

interface ServiceIndex {
  /** namespace → name → the first v1 Service of that name in the namespace */
  byNamespace: Map<string, Map<string, Doc>>;
  /** name → the first v1 Service of that name in any namespace */
  byName: Map<string, Doc>;
}

function serviceIndexOf(ctx: RuleContext): ServiceIndex {
  return ctx.memo(
    'ingress-backend-missing:services',
    () => {
      const index: ServiceIndex = { byNamespace: new Map(), byName: new Map() };
      for (const d of ctx.index) {
        const name = d.resource?.name;
        if (d.resource?.kind !== 'Service' || d.resource.apiVersion !== 'v1' || name === undefined) continue;
        const ns = ctx.namespaceOf(d);
        let names = index.byNamespace.get(ns);
        if (!names) index.byNamespace.set(ns, (names = new Map<string, Doc>()));
        if (!names.has(name)) names.set(name, d);
        if (!index.byName.has(name)) index.byName.set(name, d);
      }
      return index;
    },
    'run',
  );
}

function servicePorts(svc: Doc): { numbers: number[]; names: string[] } {
  const ports = getPath(svc.object, ['spec', 'ports']);
  const list = Array.isArray(ports) ? ports.filter(isObject) : [];
  return {
    numbers: list.flatMap((p) => (typeof p.port === 'number' ? [p.port] : [])),
    names: list.flatMap((p) => (typeof p.name === 'string' ? [p.name] : [])),
  };
}

// An Ingress routes to Services of its own namespace by name and Service port (number or name);
// the controller has nowhere to send requests for a missing Service or port (ingress-nginx answers
// 503). https://kubernetes.io/docs/concepts/services-networking/ingress/#the-ingress-resource
export const rule = defineRule({
  id: 'ingress-backend-missing',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: true,
    description: 'An Ingress backend names a Service, or a Service port, that is not in the input',
  },
  check(doc, ctx) {
    if (ctx.resource.kind !== 'Ingress' || ctx.resource.apiVersion !== 'networking.k8s.io/v1') return;
    const spec = isObject(doc.object) ? doc.object.spec : undefined;
    if (!isObject(spec)) return;
    const ns = ctx.namespaceOf(doc);
    const services = serviceIndexOf(ctx);
    for (const b of backendsOf(spec)) {
      const name = b.service.name;
      if (typeof name !== 'string') continue;
      const svc = services.byNamespace.get(ns)?.get(name);
      if (!svc) {
        const other = services.byName.get(name);
        const related: NonNullable<Report['related']> = [];
        let hint = '';
        if (other) {
          hint = ` (a Service "${name}" is in namespace "${ctx.namespaceOf(other)}", but an Ingress routes to its own namespace only)`;
          related.push({
            message: `Service "${name}" in namespace "${ctx.namespaceOf(other)}"`,
            path: ['metadata', 'name'],
            doc: other,
          });
        }
        ctx.report({
          path: [...b.path, 'name'],
          message: `Service "${name}" is not in the input in namespace "${ns}", so the ingress controller has no backend for ${b.what}${hint}`,
          related,
        });
        continue;
      }
      const port = b.service.port;
      if (!isObject(port)) continue;
      const { numbers, names } = servicePorts(svc);
      // An ExternalName Service without ports: the controller uses the port as written.
      if (numbers.length === 0 && getPath(svc.object, ['spec', 'type']) === 'ExternalName') continue;
      const related = [{ message: `ports of Service "${name}"`, path: ['spec', 'ports'], doc: svc }];
      if (typeof port.number === 'number' && !numbers.includes(port.number)) {
        ctx.report({
          path: [...b.path, 'port', 'number'],
          message: `Service "${name}" has no port ${port.number} (it has ${numbers.length ? numbers.join(', ') : 'no ports'}), so the ingress controller has no backend for ${b.what}`,
          related,
        });
      } else if (typeof port.name === 'string' && !names.includes(port.name)) {
        ctx.report({
          path: [...b.path, 'port', 'name'],
          message: `Service "${name}" has no port named "${port.name}" (${names.length ? `it has ${names.map((n) => `"${n}"`).join(', ')}` : 'its ports have no names'}), so the ingress controller has no backend for ${b.what}`,
          related,
        });
      }
    }
  },
});
