import { defineRule, type Report, type RuleContext } from '../../src/engine/index.js';
import { getPath, isObject } from '../../src/k8s/object.js';

type Doc = RuleContext['doc'];

/** The API group of an apiVersion: `apps` for `apps/v1`, '' for core `v1`. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

const label = (d: Doc): string => `${d.resource?.kind ?? '?'} "${d.resource?.name ?? '?'}"`;

// The HPA controller reads and writes the target's scale subresource, found by apiVersion, kind and
// name in the HPA's own namespace; when it is missing the HPA records FailedGetScale and scales
// nothing. https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#how-does-a-horizontalpodautoscaler-work
export const rule = defineRule({
  id: 'hpa-target-missing',
  meta: {
    category: 'reliability',
    severity: 'warning',
    recommended: true,
    description: 'A HorizontalPodAutoscaler scales a workload that is not in the input',
  },
  check(doc, ctx) {
    const { kind, apiVersion } = ctx.resource;
    if (kind !== 'HorizontalPodAutoscaler' || !apiVersion.startsWith('autoscaling/')) return;
    const ref = getPath(doc.object, ['spec', 'scaleTargetRef']);
    if (!isObject(ref) || typeof ref.name !== 'string' || typeof ref.kind !== 'string') return;
    const { name, kind: targetKind } = ref;
    // apiVersion is optional in a CrossVersionObjectReference; any version of the group will do.
    const group = typeof ref.apiVersion === 'string' ? groupOf(ref.apiVersion) : undefined;
    const ns = ctx.namespaceOf(doc);
    const sameName = ctx.index.filter((d) => d.resource?.name === name && d !== doc);
    const isTarget = (d: Doc): boolean =>
      d.resource?.kind === targetKind && (group === undefined || groupOf(d.resource.apiVersion) === group);
    if (sameName.some((d) => isTarget(d) && ctx.namespaceOf(d) === ns)) return;

    const related: NonNullable<Report['related']> = [];
    let hint = '';
    const elsewhere = sameName.find((d) => isTarget(d));
    const otherKind = sameName.find((d) => ctx.namespaceOf(d) === ns && d.resource?.kind !== 'Service');
    if (elsewhere) {
      hint = ` (${label(elsewhere)} is in namespace "${ctx.namespaceOf(elsewhere)}", but an HPA scales a target in its own namespace only)`;
      related.push({
        message: `${label(elsewhere)} in namespace "${ctx.namespaceOf(elsewhere)}"`,
        path: ['metadata', 'name'],
        doc: elsewhere,
      });
    } else if (otherKind) {
      const r = otherKind.resource;
      hint = ` (the input has ${label(otherKind)}${r && r.kind === targetKind ? ` in apiVersion "${r.apiVersion}"` : ''})`;
      related.push({ message: label(otherKind), path: ['metadata', 'name'], doc: otherKind });
    }
    const target = `${typeof ref.apiVersion === 'string' ? `${ref.apiVersion} ` : ''}${targetKind} "${name}"`;
    ctx.report({
      path: ['spec', 'scaleTargetRef', 'name'],
      message: `scaleTargetRef ${target} is not in the input in namespace "${ns}", so the autoscaler has nothing to scale and reports FailedGetScale${hint}`,
      related,
    });
  },
});
