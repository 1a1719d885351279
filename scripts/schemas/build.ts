import { kindOf, type KindEntry } from './kinds.js';
import type { Model, ModelSet, ModelType } from './models.js';
import { QUANTITY_PATTERN } from '../../src/k8s/quantity.js';

type Schema = Record<string, unknown>;

/**
 * Fields the API server types as `resource.Quantity`, which the client erased to `string` (or a map
 * or list of strings). The server accepts `cpu: 0.5` and `memory: 512Mi` but rejects `memory: 1GB`,
 * so they become quantities again. Keyed by model name without its version prefix, so one entry
 * covers `V1Counter`, `V1beta1Counter` …; the generator fails when an entry matches nothing in the
 * newest version (a renamed field). Source: `resource.Quantity` fields of the Kubernetes OpenAPI spec.
 */
export const QUANTITY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  CSIStorageCapacity: ['capacity', 'maximumVolumeSize'],
  CapacityRequestPolicy: ['default', 'validValues'],
  CapacityRequestPolicyRange: ['max', 'min', 'step'],
  CapacityRequirements: ['requests'],
  ContainerStatus: ['allocatedResources'],
  Counter: ['value'],
  DeviceCapacity: ['value'],
  DeviceRequestAllocationResult: ['consumedCapacity'],
  EmptyDirVolumeSource: ['sizeLimit'],
  HPAScalingRules: ['tolerance'],
  LimitRangeItem: ['default', 'defaultRequest', 'max', 'maxLimitRequestRatio', 'min'],
  MetricTarget: ['averageValue', 'value'],
  MetricValueStatus: ['averageValue', 'value'],
  NamedResourcesAttribute: ['quantity'],
  NodeAllocatableResourceClaimStatus: ['resources'],
  NodeAllocatableResourceMapping: ['allocationMultiplier'],
  NodeStatus: ['allocatable', 'capacity'],
  Overhead: ['podFixed'],
  PersistentVolumeClaimStatus: ['allocatedResources', 'capacity'],
  PersistentVolumeSpec: ['capacity'],
  PodSpec: ['overhead'],
  PodStatus: ['allocatedResources'],
  ResourceFieldSelector: ['divisor'],
  ResourceQuotaSpec: ['hard'],
  ResourceQuotaStatus: ['hard', 'used'],
  ResourceRequirements: ['limits', 'requests'],
  VolumeResourceRequirements: ['limits', 'requests'],
};


const SHARED: Record<string, Schema> = {
  IntOrString: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
  Quantity: { anyOf: [{ type: 'string', pattern: QUANTITY_PATTERN }, { type: 'number' }] },
};

export interface SchemaSet {
  definitions: Record<string, Schema>;
  kinds: KindEntry[];
  /** `Model.field` → values, for the README and for review. */
  enums: Record<string, string[]>;
  descriptions: Record<string, Record<string, string>>;
}

/** Turn the client's models into JSON Schema definitions for the kinds, closed over their references. */
export function buildSchemaSet(set: ModelSet, kinds: KindEntry[], checkQuantities: boolean): SchemaSet {
  const definitions: Record<string, Schema> = {};
  const enums: Record<string, string[]> = {};
  const descriptions: Record<string, Record<string, string>> = {};
  const usedQuantities = new Set<string>();
  const pending = kinds.map((k) => k.model);
  const seen = new Set<string>();
  while (pending.length) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    if (name in SHARED) continue;
    const model = set.models.get(name);
    if (!model) throw new Error(`model ${name} is referenced but not defined`);
    const refs: string[] = [];
    definitions[name] = modelSchema(model, refs, enums, usedQuantities);
    pending.push(...refs);
    const docs = docsOf(model);
    if (docs) descriptions[name] = docs;
  }
  for (const name of Object.keys(SHARED)) if (seen.has(name)) definitions[name] = SHARED[name]!;
  if (checkQuantities) {
    for (const [model, fields] of Object.entries(QUANTITY_FIELDS))
      for (const f of fields)
        if (!usedQuantities.has(`${model}.${f}`))
          throw new Error(`QUANTITY_FIELDS: ${model}.${f} matches no string field of any model`);
  }
  return {
    definitions: sortKeys(definitions),
    kinds,
    enums: sortKeys(enums),
    descriptions: sortKeys(descriptions),
  };
}

function modelSchema(
  model: Model,
  refs: string[],
  enums: Record<string, string[]>,
  usedQuantities: Set<string>,
): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  const quantities = QUANTITY_FIELDS[kindOf(model.name)] ?? [];
  for (const p of model.properties) {
    let type = p.type;
    // Other API versions may shape the field differently (v1beta1 BasicDevice.capacity is a map of
    // DeviceCapacity, whose value is the quantity): only string fields are restored.
    const restored = quantities.includes(p.name) ? asQuantity(type) : undefined;
    if (restored) {
      type = restored;
      usedQuantities.add(`${kindOf(model.name)}.${p.name}`);
    }
    const schema = schemaOf(type, p.format, refs);
    const values = type.kind === 'string' ? enumOf(p.description) : undefined;
    if (values) {
      enums[`${model.name}.${p.name}`] = values;
      // An optional enum left empty is defaulted by the API server like an unset one.
      schema.enum = p.required ? values : [...values, ''];
    }
    properties[p.name] = schema;
    if (p.required) required.push(p.name);
  }
  const schema: Schema = { type: 'object', properties };
  if (required.length) schema.required = required;
  // Strict: kubectl --validate=strict rejects unknown fields. The schema pass drops these errors
  // when strict mode is off.
  schema.additionalProperties = false;
  return schema;
}

function asQuantity(type: ModelType): ModelType | undefined {
  const q: ModelType = { kind: 'ref', model: 'Quantity' };
  if (type.kind === 'string') return q;
  if ((type.kind === 'map' && type.values.kind === 'string') || (type.kind === 'array' && type.items.kind === 'string'))
    return type.kind === 'map' ? { kind: 'map', values: q } : { kind: 'array', items: q };
  return undefined;
}

function schemaOf(type: ModelType, format: string, refs: string[]): Schema {
  switch (type.kind) {
    case 'string':
      return format === 'byte' ? { type: 'string', format: 'byte' } : { type: 'string' };
    case 'number':
      if (format === 'int32' || format === 'int64') return { type: 'integer', format };
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      // metav1.Time and MicroTime are both RFC 3339 timestamps.
      return { type: 'string', format: 'date-time' };
    case 'any':
      return {};
    case 'int-or-string':
      refs.push('IntOrString');
      return { $ref: '#/definitions/IntOrString' };
    case 'ref':
      refs.push(type.model);
      return { $ref: `#/definitions/${type.model}` };
    case 'array':
      // attributeTypeMap's format of a list or map is its elements' (`Array<number>` with `int32`).
      return { type: 'array', items: schemaOf(type.items, format, refs) };
    case 'map':
      return { type: 'object', additionalProperties: schemaOf(type.values, format, refs) };
  }
}

/**
 * Enumerations the description states without ambiguity: a sentence "One of Always, OnFailure,
 * Never." of capitalised words, or the OpenAPI "Possible enum values:" list. Nothing else
 * ("Must be UDP, TCP, or SCTP" and the like stay free strings).
 */
export function enumOf(description: string | undefined): string[] | undefined {
  if (!description) return undefined;
  const oneOf = /(?:^|\.\s)One of ([A-Z][A-Za-z]*(?:, [A-Z][A-Za-z]*)+)\.(?:\s|$)/.exec(description);
  if (oneOf?.[1]) return oneOf[1].split(', ');
  const possible = /Possible enum values:\n((?:\s*- `"[^"`]*"`.*(?:\n|$))+)/.exec(description);
  if (possible?.[1]) return [...possible[1].matchAll(/- `"([^"`]*)"`/g)].map((m) => m[1]!);
  return undefined;
}

function docsOf(model: Model): Record<string, string> | undefined {
  const docs: Record<string, string> = {};
  if (model.description) docs[''] = model.description;
  for (const p of model.properties) if (p.description) docs[p.name] = p.description;
  return Object.keys(docs).length ? docs : undefined;
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
