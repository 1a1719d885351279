import { defineRule, type Report } from '../../src/engine/index.js';
import { dns1123LabelErrors } from '../../src/k8s/names.js';
import {
  isNamespacedKind,
  labelAndAnnotationProblems,
  nameRuleOf,
  objectNameErrors,
  type NameRule,
} from '../../src/k8s/metadata.js';
import { formatPath, isObject } from '../../src/k8s/object.js';
import { podSpecPathOf } from '../../src/k8s/pod.js';

type JsonPath = Report['path'];

const RULE_WORDS: Record<NameRule, string> = {
  'dns1123-subdomain': 'a DNS-1123 subdomain',
  'dns1123-label': 'a DNS-1123 label',
  'dns1035-label': 'a DNS-1035 label',
  'path-segment': 'a URL path segment',
};

/** The metadata objects a document carries: its own, and its pod (and job) templates'. */
function templateMetadataPaths(kind: string): JsonPath[] {
  const spec = podSpecPathOf(kind);
  if (!spec || kind === 'Pod') return [];
  const template = [...spec.slice(0, -1), 'metadata'];
  return kind === 'CronJob' ? [['spec', 'jobTemplate', 'metadata'], template] : [template];
}

// ValidateObjectMeta (apimachinery's ValidateObjectMetaAccessor): the name with the kind's name
// function, generateName with the same function in prefix mode, the namespace as a DNS-1123 label,
// label keys and values (ValidateLabels), annotation keys and their total size (ValidateAnnotations).
// ValidatePodTemplateSpec checks the labels and annotations of pod templates the same way.
export const rule = defineRule({
  id: 'invalid-metadata',
  meta: {
    category: 'correctness',
    severity: 'error',
    recommended: true,
    description:
      'metadata.name, generateName, namespace, a label or an annotation breaks the API server’s syntax rules, so the object is rejected',
  },
  check(doc, ctx) {
    const { kind } = ctx.resource;
    const meta = isObject(doc.object) ? doc.object.metadata : undefined;
    const report = (path: JsonPath, what: string, detail: string, key = false): void => {
      ctx.report({ path, key, message: `${what}, so the API server rejects the ${kind} (${detail})` });
    };
    // Only built-in kinds: a Kustomization or a tool's config file has no metadata to speak of.
    const rule = nameRuleOf(kind);
    if (isObject(meta)) {
      for (const field of ['name', 'generateName'] as const) {
        const value = meta[field];
        if (rule === undefined || typeof value !== 'string' || value === '') continue;
        const errs = objectNameErrors(rule, value, field === 'generateName');
        if (errs.length)
          report(
            ['metadata', field],
            `${field} "${value}" is not ${RULE_WORDS[rule]}, as ${kind} names must be`,
            `metadata.${field}: Invalid value: ${JSON.stringify(value)}: ${errs.join(', ')}`,
          );
      }
      if (
        rule !== undefined &&
        (meta.name === undefined || meta.name === '') &&
        (meta.generateName === undefined || meta.generateName === '')
      )
        report(
          ['metadata'],
          'the object has no name',
          'metadata.name: Required value: name or generateName is required',
          true,
        );
      const ns = meta.namespace;
      if (typeof ns === 'string' && ns !== '' && isNamespacedKind(kind)) {
        const errs = dns1123LabelErrors(ns);
        if (errs.length)
          report(
            ['metadata', 'namespace'],
            `namespace "${ns}" is not a DNS-1123 label`,
            `metadata.namespace: Invalid value: ${JSON.stringify(ns)}: ${errs.join(', ')}`,
          );
      }
    } else if ((meta === undefined || meta === null) && rule !== undefined) {
      // `metadata:` with no value is null: as absent, the object has no name.
      report(
        meta === null ? ['metadata'] : [],
        'the object has no metadata and so no name',
        'metadata.name: Required value: name or generateName is required',
        meta === null,
      );
    }
    for (const base of [['metadata'], ...templateMetadataPaths(kind)]) {
      for (const p of labelAndAnnotationProblems(doc.object, base, formatPath(base)))
        report(p.path, p.what, p.detail, p.key);
    }
  },
});
