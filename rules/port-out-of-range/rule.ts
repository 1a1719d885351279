import { defineRule, type Report } from '../../src/engine/index.js';
import { isValidPortNumber, PORT_RANGE_MSG } from '../../src/k8s/names.js';
import { formatPath, getPath, isObject } from '../../src/k8s/object.js';
import { handlerHoldersOf } from '../../src/k8s/probes.js';

type JsonPath = Report['path'];

// Port numbers are 1–65535 (IsValidPortNum): containerPort (0 is `Required value`), hostPort (0
// means none), and the numeric port of a probe's or lifecycle hook's httpGet, tcpSocket or grpc.
// A port given as a string is a port *name* (invalid-port-name checks those).
const HANDLER_PORTS: readonly JsonPath[] = [
  ['httpGet', 'port'],
  ['tcpSocket', 'port'],
  ['grpc', 'port'],
];

export const rule = defineRule({
  id: 'port-out-of-range',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description: 'A container, host or probe port number is outside 1–65535, which the API server rejects',
  },
  check(_doc, ctx) {
    const report = (path: JsonPath, value: number, what: string, detail = PORT_RANGE_MSG): void => {
      ctx.report({
        path,
        message: `${what} ${value} is not a port number (1–65535), so the API server rejects the pod (${formatPath(path)}: ${detail === 'Required value' ? detail : `Invalid value: ${value}: ${detail}`})`,
      });
    };
    const containers = ctx.containers();
    for (const c of containers) {
      const ports = c.container.ports;
      if (!Array.isArray(ports)) continue;
      ports.forEach((p: unknown, i) => {
        if (!isObject(p)) return;
        const base = [...c.path, 'ports', i];
        const name = `of container "${c.name ?? '?'}"`;
        if (typeof p.containerPort === 'number' && !isValidPortNumber(p.containerPort))
          report(
            [...base, 'containerPort'],
            p.containerPort,
            `containerPort ${name}`,
            p.containerPort === 0 ? 'Required value' : PORT_RANGE_MSG,
          );
        if (typeof p.hostPort === 'number' && p.hostPort !== 0 && !isValidPortNumber(p.hostPort))
          report([...base, 'hostPort'], p.hostPort, `hostPort ${name}`);
      });
    }
    for (const h of handlerHoldersOf(containers)) {
      for (const rel of HANDLER_PORTS) {
        const port = getPath(h.object, rel);
        if (typeof port === 'number' && !isValidPortNumber(port))
          report(
            [...h.path, ...rel],
            port,
            `${h.field} ${rel[0]} port of container "${h.container.name ?? '?'}"`,
          );
      }
    }
  },
});
