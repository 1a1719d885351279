import { defineRule, type Report } from '../../src/engine/index.js';
import {
  dns1123LabelErrors,
  isValidPortNumber,
  PORT_RANGE_MSG,
  portNameErrors,
} from '../../src/k8s/names.js';
import { formatPath, getPath, isObject } from '../../src/k8s/object.js';

type JsonPath = Report['path'];

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const KUBELET_PORT = 10250;

function parseRange(value: unknown): [number, number] {
  const m = typeof value === 'string' ? /^(\d+)-(\d+)$/.exec(value.trim()) : null;
  return m ? [Number(m[1]), Number(m[2])] : [30000, 32767];
}

// ValidateService and validateServicePort (pkg/apis/core/validation): port numbers, targetPort as a
// number or an IANA port name, port names as DNS-1123 labels (required, and unique, when there are
// several ports), protocols, no repeated (port, protocol) or (nodePort, protocol), no nodePort on a
// ClusterIP Service, no kubelet port on a LoadBalancer. A nodePort outside the cluster's
// --service-node-port-range is refused by the allocator when the Service is created.
export const rule = defineRule({
  id: 'invalid-service-port',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'A Service port has an invalid number, targetPort, name, protocol or nodePort, or repeats another port, which the API server rejects',
  },
  check(doc, ctx) {
    if (ctx.resource.kind !== 'Service') return;
    const spec = getPath(doc.object, ['spec']);
    if (!isObject(spec) || !Array.isArray(spec.ports)) return;
    const type = typeof spec.type === 'string' && spec.type !== '' ? spec.type : 'ClusterIP';
    const [lo, hi] = parseRange(ctx.options.nodePortRange);
    const report = (path: JsonPath, what: string, detail: string, related?: JsonPath): void => {
      ctx.report({
        path,
        message: `${what}, so the API server rejects the Service (${formatPath(path)}: ${detail})`,
        related: related ? [{ message: 'first used here', path: related }] : undefined,
      });
    };
    const several = spec.ports.length > 1;
    const names = new Map<string, JsonPath>();
    const pairs = new Map<string, JsonPath>();
    const nodePorts = new Map<string, JsonPath>();
    spec.ports.forEach((p: unknown, i) => {
      if (!isObject(p)) return;
      const base: JsonPath = ['spec', 'ports', i];
      const protocol = typeof p.protocol === 'string' && p.protocol !== '' ? p.protocol : 'TCP';
      // Name: required when there are several ports, a DNS-1123 label, unique.
      if (typeof p.name === 'string' && p.name !== '') {
        const errs = dns1123LabelErrors(p.name);
        if (errs.length)
          report(
            [...base, 'name'],
            `port name "${p.name}" is not a DNS-1123 label`,
            `Invalid value: ${JSON.stringify(p.name)}: ${errs.join(', ')}`,
          );
        const first = names.get(p.name);
        if (first)
          report(
            [...base, 'name'],
            `two ports are named "${p.name}"`,
            `Duplicate value: ${JSON.stringify(p.name)}`,
            first,
          );
        else names.set(p.name, [...base, 'name']);
      } else if (several && (p.name === undefined || p.name === null || p.name === '')) {
        report(
          [...base, 'name'],
          `port ${i} has no name, which every port of a Service with several ports needs`,
          'Required value',
        );
      }
      if (typeof p.port === 'number' && !isValidPortNumber(p.port))
        report(
          [...base, 'port'],
          `port ${p.port} is not a port number (1–65535)`,
          `Invalid value: ${p.port}: ${PORT_RANGE_MSG}`,
        );
      if (typeof p.protocol === 'string' && p.protocol !== '' && !PROTOCOLS.includes(p.protocol))
        report(
          [...base, 'protocol'],
          `protocol "${p.protocol}" is not TCP, UDP or SCTP`,
          `Unsupported value: "${p.protocol}": supported values: "SCTP", "TCP", "UDP"`,
        );
      // targetPort 0 or "" is defaulted to port.
      const tp = p.targetPort;
      if (typeof tp === 'number' && tp !== 0 && !isValidPortNumber(tp))
        report(
          [...base, 'targetPort'],
          `targetPort ${tp} is not a port number (1–65535)`,
          `Invalid value: ${tp}: ${PORT_RANGE_MSG}`,
        );
      if (typeof tp === 'string' && tp !== '') {
        const errs = portNameErrors(tp);
        if (errs.length)
          report(
            [...base, 'targetPort'],
            `targetPort "${tp}" is not a valid port name${/^\d+$/.test(tp) ? ' (a quoted number is a name, not a number)' : ''}`,
            `Invalid value: ${JSON.stringify(tp)}: ${errs.join(', ')}`,
          );
      }
      if (typeof p.port === 'number') {
        const key = `${p.port}/${protocol}`;
        const first = pairs.get(key);
        if (first)
          report(
            base,
            `port ${p.port}/${protocol} is declared twice`,
            `Duplicate value: ${p.port}/${protocol}`,
            first,
          );
        else pairs.set(key, base);
        if (type === 'LoadBalancer' && p.port === KUBELET_PORT)
          report(
            [...base, 'port'],
            `a LoadBalancer may not expose the kubelet port ${KUBELET_PORT}`,
            `Invalid value: ${KUBELET_PORT}: may not expose port ${KUBELET_PORT} externally since it is used by kubelet`,
          );
      }
      const np = p.nodePort;
      if (typeof np === 'number' && np !== 0) {
        const path: JsonPath = [...base, 'nodePort'];
        if (type === 'ClusterIP')
          report(
            path,
            `nodePort is set on a ClusterIP Service`,
            "Forbidden: may not be used when `type` is 'ClusterIP'",
          );
        else if ((type === 'NodePort' || type === 'LoadBalancer') && (np < lo || np > hi))
          report(
            path,
            `nodePort ${np} is outside the node port range ${lo}-${hi}`,
            `Invalid value: ${np}: provided port is not in the valid range. The range of valid ports is ${lo}-${hi}`,
          );
        const key = `${np}/${protocol}`;
        const first = nodePorts.get(key);
        if (first) report(path, `nodePort ${np}/${protocol} is used twice`, `Duplicate value: ${np}`, first);
        else nodePorts.set(key, path);
      }
    });
  },
});
