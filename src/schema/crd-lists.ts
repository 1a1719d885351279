import { canonicalJson } from '../k8s/object.js';
import type { JsonPath } from '../load/types.js';
import { eachSchemaNode, eachValue, isObject } from './crd-walk.js';
import { describe, display, type SchemaProblem } from './messages.js';
import type { StructuralProblem } from './structural.js';

// `x-kubernetes-list-type` and `x-kubernetes-list-map-keys`: how a list merges, and what the API server
// therefore requires of its items. `atomic` (the default) asks nothing; `set` items must be unique;
// `map` items must be unique by their keys. The API server's checks: apiextensions-apiserver
// pkg/apis/apiextensions/validation (the CRD) and pkg/apiserver/schema/listtype (its resources).
// https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy

const LIST_TYPES = ['atomic', 'set', 'map'];

/** What the API server refuses in a CRD schema's list-type extensions (paths below `at`). */
export function listTypeProblems(root: unknown, at: JsonPath): StructuralProblem[] {
  const problems: StructuralProblem[] = [];
  eachSchemaNode(root, at, (node, path) => {
    const problem = (key: JsonPath, message: string): void => {
      problems.push({ path: [...path, ...key], message });
    };
    const mapType = node['x-kubernetes-map-type'];
    if (mapType !== undefined) {
      if (mapType !== 'atomic' && mapType !== 'granular')
        problem(['x-kubernetes-map-type'], 'must be "atomic" or "granular"');
      if (node.type !== undefined && node.type !== 'object')
        problem(['type'], 'must be object if x-kubernetes-map-type is specified');
    }
    const listType = node['x-kubernetes-list-type'];
    const mapKeys = node['x-kubernetes-list-map-keys'];
    const hasKeys = Array.isArray(mapKeys) && mapKeys.length > 0;
    if (listType === undefined) {
      if (hasKeys) problem(['x-kubernetes-list-map-keys'], 'requires x-kubernetes-list-type: map next to it');
      return;
    }
    if (typeof listType !== 'string' || !LIST_TYPES.includes(listType)) {
      problem(['x-kubernetes-list-type'], 'must be "atomic", "set" or "map"');
      return;
    }
    if (node.type !== undefined && node.type !== 'array') {
      problem(['type'], 'must be array if x-kubernetes-list-type is specified');
      return;
    }
    if (hasKeys && listType !== 'map')
      problem(['x-kubernetes-list-type'], 'must be map if x-kubernetes-list-map-keys is non-empty');
    const items = isObject(node.items) ? node.items : undefined;
    if (listType === 'set' && items) {
      if (
        items.type === 'array' &&
        items['x-kubernetes-list-type'] !== undefined &&
        items['x-kubernetes-list-type'] !== 'atomic'
      )
        problem(
          ['items', 'x-kubernetes-list-type'],
          'must be atomic as item of a list with x-kubernetes-list-type=set',
        );
      if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic')
        problem(
          ['items'],
          'must set x-kubernetes-map-type: atomic as item of a list with x-kubernetes-list-type=set',
        );
    }
    if (listType !== 'atomic' && items?.nullable === true)
      problem(['items', 'nullable'], `cannot be true when x-kubernetes-list-type is ${listType}`);
    if (listType !== 'map') return;
    if (!hasKeys)
      problem([], 'needs x-kubernetes-list-map-keys (not empty) when x-kubernetes-list-type is map');
    if (!items) {
      problem([], 'needs an items schema when x-kubernetes-list-type is map');
      return;
    }
    if (items.type !== 'object') {
      problem(['items', 'type'], "must be object if parent array's x-kubernetes-list-type is map");
      return;
    }
    if (!Array.isArray(mapKeys)) return;
    const props = isObject(items.properties) ? items.properties : {};
    const required = Array.isArray(items.required) ? (items.required as unknown[]) : [];
    const seen = new Set<unknown>();
    mapKeys.forEach((k: unknown, i) => {
      const prop = typeof k === 'string' && Object.hasOwn(props, k) ? props[k] : undefined;
      if (seen.has(k)) problem(['x-kubernetes-list-map-keys', i], 'must not contain duplicate entries');
      else if (!isObject(prop))
        problem(
          ['x-kubernetes-list-map-keys', i],
          'must name a property of the items (entries must all be names of item properties)',
        );
      else if (prop.type === 'array' || prop.type === 'object')
        problem(
          ['items', 'properties', k as string, 'type'],
          "must be a scalar type if parent array's x-kubernetes-list-type is map",
        );
      else {
        // The API server identifies items by their keys: every item must have them.
        if (!required.includes(k) && prop.default === undefined)
          problem(
            ['items', 'properties', k as string],
            'is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
          );
        if (prop.nullable === true)
          problem(
            ['items', 'properties', k as string, 'nullable'],
            'cannot be true: the property is in x-kubernetes-list-map-keys',
          );
      }
      seen.add(k);
    });
  });
  return problems;
}

/**
 * The list-type problems of a custom resource: repeated set items and map keys. (A missing key is the
 * required check's finding: the CRD must require or default every key.)
 */
export function listProblems(schema: unknown, object: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  eachValue(schema, object, (node, value, path) => {
    if (!Array.isArray(value) || value.length === 0) return;
    const listType = node['x-kubernetes-list-type'];
    if (listType === 'set') duplicates(value, (x) => x, path, problems, setMessage);
    else if (listType === 'map' && Array.isArray(node['x-kubernetes-list-map-keys'])) {
      const keys = (node['x-kubernetes-list-map-keys'] as unknown[]).filter((k) => typeof k === 'string');
      if (!keys.length || !value.every((x) => x === null || isObject(x))) return;
      duplicates(
        value,
        (x) =>
          isObject(x)
            ? Object.fromEntries(keys.filter((k) => Object.hasOwn(x, k)).map((k) => [k, x[k]]))
            : {},
        path,
        problems,
        mapMessage(keys),
      );
    }
  });
  return problems;
}

type Message = (at: JsonPath, first: JsonPath, key: unknown) => string;

const setMessage: Message = (at, first, item) =>
  `${display(at)} repeats ${display(first)} (${describe(item)}${isScalar(item) ? '' : ` ${canonicalJson(item)}`}): the items of a list with x-kubernetes-list-type: set must be unique`;

const mapMessage =
  (keys: string[]): Message =>
  (at, first, key) => {
    const entries = Object.entries(key as Record<string, unknown>);
    const shown = entries.length
      ? entries.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')
      : 'no key set';
    const by = keys.map((k) => `"${k}"`).join(' and ');
    return `${display(at)} has the same key as ${display(first)} (${shown}): the items of a list with x-kubernetes-list-type: map must be unique by ${by}`;
  };

const isScalar = (v: unknown): boolean => v === null || typeof v !== 'object';

/** Like the API server, each repeated value once: at its second occurrence, related to the first. */
function duplicates(
  list: unknown[],
  keyOf: (item: unknown) => unknown,
  path: JsonPath,
  problems: SchemaProblem[],
  message: Message,
): void {
  const first = new Map<string, number>();
  const reported = new Set<string>();
  list.forEach((item, i) => {
    const key = keyOf(item);
    const id = isScalar(key) ? `${typeof key}:${String(key)}` : `c:${canonicalJson(key)}`;
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, i);
    else if (!reported.has(id)) {
      reported.add(id);
      const firstPath = [...path, earlier];
      problems.push({
        ruleId: 'schema-format',
        path: [...path, i],
        message: message([...path, i], firstPath, key),
        related: [{ path: firstPath, message: `first ${display(firstPath)}` }],
      });
    }
  });
}
