import { defineRule, type Report } from '../../src/engine/index.js';
import {
  dns1035LabelErrors,
  isValidPortNumber,
  PORT_RANGE_MSG,
  portNameErrors,
} from '../../src/k8s/names.js';
import { formatPath, getPath, isObject } from '../../src/k8s/object.js';

type JsonPath = Report['path'];

/** The backends of a networking.k8s.io/v1 Ingress: the default one and each rule path's. */
function backendsOf(root: unknown): { path: JsonPath; backend: Record<string, unknown> }[] {
  const out: { path: JsonPath; backend: Record<string, unknown> }[] = [];
  const def = getPath(root, ['spec', 'defaultBackend']);
  if (isObject(def)) out.push({ path: ['spec', 'defaultBackend'], backend: def });
  const rules = getPath(root, ['spec', 'rules']);
  if (!Array.isArray(rules)) return out;
  rules.forEach((r: unknown, i) => {
    const paths = getPath(r, ['http', 'paths']);
    if (!Array.isArray(paths)) return;
    paths.forEach((p: unknown, j) => {
      const backend = getPath(p, ['backend']);
      if (isObject(backend)) out.push({ path: ['spec', 'rules', i, 'http', 'paths', j, 'backend'], backend });
    });
  });
  return out;
}

const isSet = (v: unknown): boolean => v !== undefined && v !== null;

// validateIngressBackend (pkg/apis/networking/validation): a backend is a service or a resource,
// not both; a service backend names a Service (a DNS-1035 label) and exactly one of a port name
// (IANA service name) or a port number (1–65535; 0 means unset).
export const rule = defineRule({
  id: 'invalid-ingress-backend',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'An Ingress backend sets both or neither of service port name and number, an invalid port or Service name, or both a service and a resource, which the API server rejects',
  },
  check(doc, ctx) {
    if (ctx.resource.kind !== 'Ingress' || ctx.resource.apiVersion !== 'networking.k8s.io/v1') return;
    for (const { path, backend } of backendsOf(doc.object)) {
      const report = (at: JsonPath, what: string, detail: string, key = false): void => {
        ctx.report({
          path: at,
          key,
          message: `${what}, so the API server rejects the Ingress (${formatPath(at)}: ${detail})`,
        });
      };
      const service = backend.service;
      if (isSet(service) && isSet(backend.resource)) {
        report(
          path,
          'the backend names both a service and a resource',
          'Invalid value: "": cannot set both resource and service backends',
          true,
        );
        continue;
      }
      if (!isSet(service) && !isSet(backend.resource)) {
        report(
          path,
          'the backend names neither a service nor a resource',
          'Invalid value: "": resource or service backend is required',
          true,
        );
        continue;
      }
      if (!isObject(service)) continue;
      const name = service.name;
      if (typeof name === 'string' && name !== '') {
        const errs = dns1035LabelErrors(name);
        if (errs.length)
          report(
            [...path, 'service', 'name'],
            `Service name "${name}" is not a valid Service name (a DNS-1035 label)`,
            `Invalid value: ${JSON.stringify(name)}: ${errs.join(', ')}`,
          );
      }
      const port = isObject(service.port) ? service.port : {};
      const portName = typeof port.name === 'string' && port.name !== '' ? port.name : undefined;
      const portNumber = typeof port.number === 'number' && port.number !== 0 ? port.number : undefined;
      const portPath: JsonPath = [...path, 'service', 'port'];
      if (portName !== undefined && portNumber !== undefined)
        report(
          portPath,
          'the service port sets both a name and a number',
          'Invalid value: "": cannot set both port name & port number',
          true,
        );
      else if (portName !== undefined) {
        const errs = portNameErrors(portName);
        if (errs.length)
          report(
            [...portPath, 'name'],
            `service port name "${portName}" is not a valid port name${/^\d+$/.test(portName) ? ' (use number: for a port number)' : ''}`,
            `Invalid value: ${JSON.stringify(portName)}: ${errs.join(', ')}`,
          );
      } else if (portNumber !== undefined) {
        if (!isValidPortNumber(portNumber))
          report(
            [...portPath, 'number'],
            `service port number ${portNumber} is not a port number (1–65535)`,
            `Invalid value: ${portNumber}: ${PORT_RANGE_MSG}`,
          );
      } else
        report(
          isObject(service.port) ? portPath : [...path, 'service'],
          'the service backend sets neither a port name nor a port number',
          'Required value: port name or port number is required',
          true,
        );
    }
  },
});
