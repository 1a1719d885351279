import { defineRule, type Report } from '../../src/engine/index.js';
import { formatPath, isObject } from '../../src/k8s/object.js';
import {
  compareQuantities,
  parseQuantity,
  QUANTITY_FORMAT_MSG,
  QUANTITY_PATTERN,
  type Quantity,
} from '../../src/k8s/quantity.js';

type JsonPath = Report['path'];

const QUANTITY_SYNTAX = new RegExp(QUANTITY_PATTERN);

// ValidateResourceRequirements: every quantity parses and is not negative, and a request is at most
// its limit — exactly equal for resources that cannot be overcommitted (extended resources such as
// nvidia.com/gpu, and hugepages-*), which isOvercommitAllowed excludes.
// https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
function overcommitAllowed(name: string): boolean {
  const native = !name.includes('/') || name.includes('kubernetes.io/');
  return native && !name.startsWith('hugepages-');
}

interface Parsed {
  quantity: Quantity;
  text: string;
  path: JsonPath;
}

export const rule = defineRule({
  id: 'resource-request-exceeds-limit',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'A resource request is above its limit, or a request or limit is negative, which the API server rejects',
  },
  check(_doc, ctx) {
    const pod = ctx.podSpec();
    if (!pod) return;
    const holders: { who: string; path: JsonPath; resources: unknown }[] = ctx.containers().map((c) => ({
      who: `container "${c.name ?? '?'}"`,
      path: [...c.path, 'resources'],
      resources: c.container.resources,
    }));
    // Pod-level resources (PodLevelResources, 1.32+) follow the same rules.
    holders.push({ who: 'the pod', path: [...pod.path, 'resources'], resources: pod.spec.resources });

    const parseAll = (map: unknown, path: JsonPath): Map<string, Parsed> => {
      const out = new Map<string, Parsed>();
      if (!isObject(map)) return out;
      for (const [name, value] of Object.entries(map)) {
        if (typeof value !== 'string' && typeof value !== 'number') continue;
        const text = String(value);
        const at = [...path, name];
        const quantity = parseQuantity(value);
        if (!quantity) {
          // Text outside the quantity grammar is the schema pass's schema-format finding. What gets
          // past the schema is this rule's: an exponent beyond the API server's 32-bit parse
          // ("1e3000000000"), or a YAML number too large to be finite.
          if (typeof value !== 'string')
            ctx.report({
              path: at,
              message: `${formatPath(at)} is a number too large to be finite, so it cannot be sent to the API server as a quantity`,
            });
          else if (QUANTITY_SYNTAX.test(value))
            ctx.report({
              path: at,
              message: `${formatPath(at)} "${text}" has an exponent beyond 32 bits, so the API server rejects it (${QUANTITY_FORMAT_MSG})`,
            });
        } else if (quantity.sign < 0) {
          ctx.report({
            path: at,
            message: `${formatPath(at)} is negative, so the API server rejects it (Invalid value: "${text}": must be greater than or equal to 0)`,
          });
        } else out.set(name, { quantity, text, path: at });
      }
      return out;
    };

    for (const h of holders) {
      if (!isObject(h.resources)) continue;
      const requests = parseAll(h.resources.requests, [...h.path, 'requests']);
      const limits = parseAll(h.resources.limits, [...h.path, 'limits']);
      for (const [name, req] of requests) {
        const limit = limits.get(name);
        if (!limit) continue;
        const order = compareQuantities(req.quantity, limit.quantity);
        const mustEqual = !overcommitAllowed(name);
        if (order <= 0 && !(mustEqual && order !== 0)) continue;
        const detail = mustEqual
          ? `must be equal to ${name} limit of ${limit.text}`
          : `must be less than or equal to ${name} limit of ${limit.text}`;
        ctx.report({
          path: req.path,
          message: `${h.who} requests ${req.text} of ${name} but is limited to ${limit.text}${mustEqual ? `, and ${name} cannot be overcommitted` : ''}, so the API server rejects the pod (${formatPath([...h.path, 'requests'])}: Invalid value: "${req.text}": ${detail})`,
          related: [{ message: `${name} limit`, path: limit.path }],
        });
      }
    }
  },
});
