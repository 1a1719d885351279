import type { JsonPath } from '../load/types.js';

// Walks over a CustomResourceDefinition's `openAPIV3Schema` as the API server's structural schema
// sees it: properties, additionalProperties and items (the value validations allOf/anyOf/oneOf/not
// describe values, not where fields are). Shared by the list-type, defaulting and CEL checks.

export type SchemaNode = Record<string, unknown>;

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Set an own property, even one named `__proto__` (a plain assignment would set the prototype). */
export function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Deeper than the translation's bound (structural.ts) is not a schema kubelint validates. */
const MAX_DEPTH = 100;

/** The schema of a field of an object node: its property, else additionalProperties. */
export function fieldSchema(node: SchemaNode, key: string): SchemaNode | undefined {
  const props = node.properties;
  if (isObject(props) && Object.hasOwn(props, key)) {
    const s = props[key];
    return isObject(s) ? s : undefined;
  }
  return isObject(node.additionalProperties) ? node.additionalProperties : undefined;
}

/** Every schema node with its path below `at` (properties, additionalProperties, items), depth first. */
export function eachSchemaNode(
  root: unknown,
  at: JsonPath,
  visit: (node: SchemaNode, path: JsonPath) => void,
  depth = 0,
): void {
  if (!isObject(root) || depth > MAX_DEPTH) return;
  visit(root, at);
  if (isObject(root.properties))
    for (const [k, v] of Object.entries(root.properties))
      eachSchemaNode(v, [...at, 'properties', k], visit, depth + 1);
  if (isObject(root.additionalProperties))
    eachSchemaNode(root.additionalProperties, [...at, 'additionalProperties'], visit, depth + 1);
  if (isObject(root.items)) eachSchemaNode(root.items, [...at, 'items'], visit, depth + 1);
}

/** Every value of a custom resource that has a schema node, with that node and the value's path. */
export function eachValue(
  schema: unknown,
  value: unknown,
  visit: (node: SchemaNode, value: unknown, path: JsonPath) => void,
  path: JsonPath = [],
): void {
  if (!isObject(schema) || path.length > MAX_DEPTH) return;
  visit(schema, value, path);
  if (Array.isArray(value)) {
    if (isObject(schema.items))
      value.forEach((item, i) => eachValue(schema.items, item, visit, [...path, i]));
  } else if (isObject(value))
    for (const [k, v] of Object.entries(value)) {
      const child = fieldSchema(schema, k);
      if (child) eachValue(child, v, visit, [...path, k]);
    }
}
