import { defineRule } from '../../src/engine/index.js';
import { labelProblems } from '../../src/k8s/metadata.js';
import { dns1123SubdomainErrors } from '../../src/k8s/names.js';
import { getPath, isObject } from '../../src/k8s/object.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

// ValidateService (pkg/apis/core/validation): the type is one of four; ports are required unless the
// Service is headless or ExternalName; an ExternalName Service needs a DNS name and no cluster IP;
// NodePort and LoadBalancer Services cannot be headless; the selector is a label map.
export const rule = defineRule({
  id: 'invalid-service-spec',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'A Service has an unknown type, no ports, an ExternalName without a valid externalName, or clusterIP None where not allowed, which the API server rejects',
  },
  check(doc, ctx) {
    if (ctx.resource.kind !== 'Service') return;
    const spec = getPath(doc.object, ['spec']);
    if (!isObject(spec)) return;
    const report = (path: (string | number)[], what: string, detail: string, key = false): void => {
      ctx.report({ path, key, message: `${what}, so the API server rejects the Service (${detail})` });
    };
    const rawType = spec.type;
    if (typeof rawType === 'string' && rawType !== '' && !TYPES.includes(rawType)) {
      report(
        ['spec', 'type'],
        `type "${rawType}" is not a Service type`,
        `spec.type: Unsupported value: "${rawType}": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`,
      );
      return;
    }
    const type = typeof rawType === 'string' && rawType !== '' ? rawType : 'ClusterIP';
    const clusterIPs: unknown[] = Array.isArray(spec.clusterIPs) ? (spec.clusterIPs as unknown[]) : [];
    const clusterIP =
      typeof spec.clusterIP === 'string' && spec.clusterIP !== '' ? spec.clusterIP : clusterIPs[0];
    const headless = clusterIP === 'None';
    const noPorts = !Array.isArray(spec.ports) || spec.ports.length === 0;
    if (noPorts && !headless && type !== 'ExternalName')
      report(
        spec.ports === undefined ? ['spec'] : ['spec', 'ports'],
        'the Service has no ports (only headless and ExternalName Services may have none)',
        'spec.ports: Required value',
        spec.ports === undefined,
      );
    if (headless && (type === 'NodePort' || type === 'LoadBalancer'))
      report(
        ['spec', spec.clusterIP === undefined ? 'clusterIPs' : 'clusterIP'],
        `a ${type} Service cannot be headless`,
        `spec.clusterIP: Invalid value: "None": may not be set to 'None' for ${type} services`,
      );
    if (type === 'ExternalName') {
      const name = typeof spec.externalName === 'string' ? spec.externalName.replace(/\.$/, '') : '';
      if (name === '')
        report(
          spec.externalName === undefined ? ['spec'] : ['spec', 'externalName'],
          'an ExternalName Service needs spec.externalName (the DNS name it aliases)',
          'spec.externalName: Required value',
          spec.externalName === undefined,
        );
      else {
        const errs = dns1123SubdomainErrors(name);
        if (errs.length)
          report(
            ['spec', 'externalName'],
            `externalName "${String(spec.externalName)}" is not a DNS name`,
            `spec.externalName: Invalid value: ${JSON.stringify(name)}: ${errs.join(', ')}`,
          );
      }
      if (clusterIP !== undefined && clusterIP !== '')
        report(
          ['spec', spec.clusterIP === undefined ? 'clusterIPs' : 'clusterIP'],
          'an ExternalName Service has no cluster IP',
          'spec.clusterIPs: Forbidden: may not be set for ExternalName services',
        );
    }
    for (const p of labelProblems(spec.selector, ['spec', 'selector'], 'spec.selector'))
      report(p.path, p.what.replace('label', 'selector label'), p.detail, p.key);
  },
});
