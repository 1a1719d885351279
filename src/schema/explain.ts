import type { JsonPath } from '../load/types.js';
import { modelOf, schemaDefinitions, schemaDescriptions, type JsonSchema } from './registry.js';

/** What `kubectl explain <kind>.<path>` says about a field. */
export interface FieldDoc {
  /** kubectl's notation: `string`, `integer`, `[]Container`, `map[string]string`, `ObjectMeta`… */
  type: string;
  description?: string;
  /** True when the parent object requires this field. */
  required?: boolean;
  /** The values the field accepts, when the schema lists them. */
  enum?: string[];
}

const REF = '#/definitions/';

/** `V1Container` → `Container`, `CoreV1EndpointPort` → `EndpointPort`, as kubectl explain names types. */
function typeName(definition: string): string {
  return definition.replace(/^(?:[A-Z][a-z]+)*V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/, '');
}

/**
 * The schema, type and description of the field at `path` in a resource of `apiVersion`/`kind`, from
 * the embedded schemas of Kubernetes `version`. Array indices step into the items and map keys into
 * the values (an annotation value is a `string`, described by `annotations`). Undefined for kinds
 * without an embedded schema and paths the schema does not have.
 */
export function describeField(
  version: string,
  apiVersion: string,
  kind: string,
  path: JsonPath,
): FieldDoc | undefined {
  const model = modelOf(version, apiVersion, kind);
  if (!model) return undefined;
  const definitions = schemaDefinitions(version);
  const docs = schemaDescriptions(version);
  const deref = (schema: JsonSchema | undefined): { schema?: JsonSchema; name?: string } => {
    const ref = schema?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith(REF)) return { schema };
    const name = ref.slice(REF.length);
    return { schema: definitions[name], name };
  };
  let current: { schema?: JsonSchema; name?: string } = { schema: definitions[model], name: model };
  let description = docs[model]?.[''];
  let required: boolean | undefined;
  let raw: JsonSchema | undefined = { $ref: `${REF}${model}` };
  for (const segment of path) {
    const schema = current.schema;
    if (!schema) return undefined;
    if (typeof segment === 'number') {
      if (!isSchema(schema.items)) return undefined;
      raw = schema.items;
    } else {
      const properties = schema.properties as Record<string, JsonSchema> | undefined;
      const property = properties?.[segment];
      if (property) {
        raw = property;
        description = current.name ? docs[current.name]?.[segment] : undefined;
        required = Array.isArray(schema.required) && schema.required.includes(segment);
      } else if (isSchema(schema.additionalProperties)) {
        raw = schema.additionalProperties;
        required = undefined;
      } else return undefined;
    }
    current = deref(raw);
    if (typeof segment === 'string' && !description && current.name) description = docs[current.name]?.[''];
  }
  const field: FieldDoc = { type: typeOf(raw, definitions) };
  if (description) field.description = description;
  if (required !== undefined) field.required = required;
  const values = enumOf(raw, definitions);
  if (values) field.enum = values;
  return field;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(schema: JsonSchema | undefined, definitions: Record<string, JsonSchema>, depth = 0): string {
  if (!schema || depth > 8) return 'Object';
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = ref.slice(REF.length);
    const target = definitions[name];
    // Quantity and IntOrString are schemas of their own, but kubectl explain names them.
    return target?.type === 'object' || target?.anyOf
      ? typeName(name)
      : typeOf(target, definitions, depth + 1);
  }
  if (schema.type === 'array')
    return `[]${typeOf(isSchema(schema.items) ? schema.items : undefined, definitions, depth + 1)}`;
  if (schema.type === 'object' && isSchema(schema.additionalProperties) && !schema.properties)
    return `map[string]${typeOf(schema.additionalProperties, definitions, depth + 1)}`;
  if (schema.type === 'object') return 'Object';
  return typeof schema.type === 'string' ? schema.type : 'Object';
}

function enumOf(
  schema: JsonSchema | undefined,
  definitions: Record<string, JsonSchema>,
): string[] | undefined {
  const ref = schema?.$ref;
  const target = typeof ref === 'string' ? definitions[ref.slice(REF.length)] : schema;
  const values = target?.enum;
  return Array.isArray(values)
    ? values.filter((v): v is string => typeof v === 'string' && v !== '')
    : undefined;
}
