import { defineRule, type Report, type RuleContext } from '../../src/engine/index.js';
import { getPath, isObject } from '../../src/k8s/object.js';

type Doc = RuleContext['doc'];

/** The API group of an apiVersion: `apps` for `apps/v1`, '' for core `v1`. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

interface NamedIndex {
  /** [namespace, kind, name], [kind, name] and [namespace, name] → the documents, in input order */
  byNamespaceKindName: Map<string, Doc[]>;
  byKindName: Map<string, Doc[]>;
  byNamespaceName: Map<string, Doc[]>;
}

const keyOf = (...parts: string[]): string => JSON.stringify(parts);

function push(map: Map<string, Doc[]>, key: string, doc: Doc): void {
  const docs = map.get(key);
  if (docs) docs.push(doc);
  else map.set(key, [doc]);
}

function namedIndexOf(ctx: RuleContext): NamedIndex {
  return ctx.memo(
    'hpa-target-missing:named',
    () => {
      const index: NamedIndex = {
        byNamespaceKindName: new Map(),
        byKindName: new Map(),
        byNamespaceName: new Map(),
      };
      for (const d of ctx.index) {
        const name = d.resource?.name;
        if (!d.resource || name === undefined) continue;
        const ns = ctx.namespaceOf(d);
        push(index.byNamespaceKindName, keyOf(ns, d.resource.kind, name), d);
        push(index.byKindName, keyOf(d.resource.kind, name), d);
        push(index.byNamespaceName, keyOf(ns, name), d);
      }
      return index;
    },
    'run',
  );
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
    const named = namedIndexOf(ctx);
    // Documents of the target's kind and name; the HPA itself is never its own target.
    const isTarget = (d: Doc): boolean =>
      d !== doc && (group === undefined || groupOf(d.resource?.apiVersion ?? '') === group);
    if (named.byNamespaceKindName.get(keyOf(ns, targetKind, name))?.some(isTarget)) return;

    const related: NonNullable<Report['related']> = [];
    let hint = '';
    const elsewhere = named.byKindName.get(keyOf(targetKind, name))?.find(isTarget);
    const otherKind = named.byNamespaceName
      .get(keyOf(ns, name))
      ?.find((d) => d !== doc && d.resource?.kind !== 'Service');
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
