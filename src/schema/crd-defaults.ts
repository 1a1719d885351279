import type { JsonPath } from '../load/types.js';
import { ruleProblems } from './cel/rules.js';
import { eachSchemaNode, fieldSchema, isObject, put } from './crd-walk.js';
import { checkOf, compile } from './custom-ajv.js';
import { translateCrdNode, type StructuralProblem } from './structural.js';

// `default` in a CRD schema. The API server fills in a missing field's default (and a null one's,
// unless the field is nullable) before it validates a custom resource, so a required field with a
// default is never missing; and it refuses a CRD whose defaults do not validate against their own
// schema, unknown fields included (pruning would change them).
// https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#defaulting

/**
 * The object with the schema's defaults applied, as the API server's structural defaulting does:
 * top-down, a defaulted value gets its own nested defaults too. Copies what it changes.
 */
export function applyDefaults(schema: unknown, value: unknown, depth = 0): unknown {
  if (!isObject(schema) || depth > 100) return value;
  if (Array.isArray(value)) {
    if (!isObject(schema.items)) return value;
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = applyDefaults(schema.items, item, depth + 1);
      if (next !== item) (out ??= [...(value as unknown[])])[i] = next;
    });
    return out ?? value;
  }
  if (!isObject(value)) return value;
  let out: Record<string, unknown> | undefined;
  const props = isObject(schema.properties) ? schema.properties : {};
  for (const [k, prop] of Object.entries(props)) {
    if (!isObject(prop) || prop.default === undefined) continue;
    const current = Object.hasOwn(value, k) ? value[k] : undefined;
    if (current === undefined || (current === null && prop.nullable !== true))
      put((out ??= { ...value }), k, structuredClone(prop.default));
  }
  const source = out ?? value;
  for (const [k, v] of Object.entries(source)) {
    const child = fieldSchema(schema, k);
    if (!child) continue;
    const next = applyDefaults(child, v, depth + 1);
    if (next !== v) put((out ??= { ...value }), k, next);
  }
  return out ?? value;
}

/** Defaults that do not validate against their own node's schema (`at`: the schema's path). */
export function defaultProblems(root: unknown, at: JsonPath, kubernetesVersion: string): StructuralProblem[] {
  const problems: StructuralProblem[] = [];
  eachSchemaNode(root, at, (node, path) => {
    if (node.default === undefined || node.default === null) return;
    const { schema, intOrString } = translateCrdNode(node);
    // The value is checked under a `default` field, so the messages name it (`default.size must …`).
    const wrapper = { type: 'object', properties: { default: schema } };
    const compiled = compile(kubernetesVersion, wrapper);
    if (typeof compiled === 'string') return;
    // As written: the API server neither fills in nested defaults nor checks list types here.
    const all = checkOf(kubernetesVersion, compiled, intOrString)({ default: node.default }, true);
    const more = (n: number): string => (n > 1 ? ` (and ${n - 1} more)` : '');
    if (all[0]) {
      problems.push({
        path: [...path, 'default'],
        message: `does not validate against its own schema, so the API server refuses the CustomResourceDefinition: ${all[0].message}${more(all.length)}`,
      });
      return;
    }
    // Then the node's CEL rules, on the default as it is.
    const broken = ruleProblems(node, node.default, false);
    if (broken[0])
      problems.push({
        path: [...path, 'default'],
        message: `breaks the x-kubernetes-validations rules of its schema, so the API server refuses the CustomResourceDefinition: ${broken[0].message}${more(broken.length)}`,
      });
  });
  return problems;
}
