import { defineRule, type Report } from '../../src/engine/index.js';
import { portNameErrors } from '../../src/k8s/names.js';
import { formatPath, getPath, isObject } from '../../src/k8s/object.js';
import { handlerHoldersOf } from '../../src/k8s/probes.js';

type JsonPath = Report['path'];

// validateContainerPorts: a port's name, when set, is an IANA_SVC_NAME (IsValidPortName). A probe's
// or lifecycle hook's httpGet/tcpSocket port given as a string is a port name too
// (ValidatePortNumOrName), so `port: "8080"` is an invalid name, not a number.
const NAMED_HANDLER_PORTS: readonly JsonPath[] = [
  ['httpGet', 'port'],
  ['tcpSocket', 'port'],
];

export const rule = defineRule({
  id: 'invalid-port-name',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'A container port name, or a probe port given by name, is not a valid IANA service name (at most 15 characters), which the API server rejects',
  },
  check(_doc, ctx) {
    const report = (path: JsonPath, name: string, what: string): void => {
      const errs = portNameErrors(name);
      if (!errs.length) return;
      const number = /^\d+$/.test(name) ? ` (a quoted number is a name, not a port number)` : '';
      ctx.report({
        path,
        message: `${what} "${name}" is not a valid port name${number}, so the API server rejects the pod (${formatPath(path)}: Invalid value: ${JSON.stringify(name)}: ${errs.join(', ')})`,
      });
    };
    const containers = ctx.containers();
    for (const c of containers) {
      const ports = c.container.ports;
      if (!Array.isArray(ports)) continue;
      ports.forEach((p: unknown, i) => {
        if (isObject(p) && typeof p.name === 'string' && p.name !== '')
          report([...c.path, 'ports', i, 'name'], p.name, `port name of container "${c.name ?? '?'}"`);
      });
    }
    for (const h of handlerHoldersOf(containers)) {
      for (const rel of NAMED_HANDLER_PORTS) {
        const port = getPath(h.object, rel);
        if (typeof port === 'string')
          report(
            [...h.path, ...rel],
            port,
            `${h.field} ${rel[0]} port of container "${h.container.name ?? '?'}"`,
          );
      }
    }
  },
});
