import {
  defaultKubernetesVersion,
  schemaDefinitions,
  schemaIndex,
  type JsonSchema,
} from '../schema/registry.js';
import { closestName } from './names.js';
import type { StaticPath } from './parse.js';

/** A field an assert reads that the schema does not have; `offset` is into the expression. */
export interface UnknownField {
  message: string;
  offset: number;
}

interface Miss {
  index: number;
  known: string[];
}

const REF = '#/definitions/';

function deref(defs: Record<string, JsonSchema>, schema: unknown): JsonSchema | undefined {
  const ref = (schema as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref === 'string' && ref.startsWith(REF)) return defs[ref.slice(REF.length)];
  return schema as JsonSchema | undefined;
}

/**
 * The first segment of `path` the schema does not define, or undefined when every segment exists or
 * the schema cannot say: only a closed object (`additionalProperties: false`) makes a key unknown.
 * Maps (labels, annotations, nodeSelector: `additionalProperties: {…}`), free-form objects, anyOf
 * types (IntOrString, Quantity) and anything past a string or number are never flagged, and arrays
 * allow indices and `.length`.
 */
function firstUnknown(defs: Record<string, JsonSchema>, root: JsonSchema, path: string[]): Miss | undefined {
  let schema: JsonSchema | undefined = root;
  for (const [index, seg] of path.entries()) {
    schema = deref(defs, schema);
    if (!schema || schema.anyOf || schema.oneOf) return undefined;
    if (schema.type === 'array') {
      if (!/^\d+$/.test(seg)) return undefined;
      schema = schema.items as JsonSchema | undefined;
      continue;
    }
    const properties = schema.properties as Record<string, JsonSchema> | undefined;
    if (schema.type !== 'object' && !properties) return undefined;
    if (properties && Object.hasOwn(properties, seg)) {
      schema = properties[seg];
      continue;
    }
    const extra = schema.additionalProperties;
    if (extra === false && properties) return { index, known: Object.keys(properties) };
    if (!extra || extra === true) return undefined;
    schema = extra as JsonSchema;
  }
  return undefined;
}

/** The definitions for `kinds` (every apiVersion Kubernetes serves each under); undefined if one has none. */
function modelsOf(
  version: string,
  kinds: readonly string[],
  apiVersions?: readonly string[],
): string[] | undefined {
  const index = schemaIndex(version).kinds;
  const models: string[] = [];
  for (const kind of kinds) {
    const found = Object.entries(index)
      .filter(([key]) => {
        const [apiVersion, k] = key.split(' ');
        return k === kind && (!apiVersions || apiVersions.includes(apiVersion ?? ''));
      })
      .map(([, model]) => model);
    // A kind without an embedded schema (a custom resource) can have any field.
    if (!found.length) return undefined;
    models.push(...found);
  }
  return models;
}

function describe(kinds: readonly string[]): string {
  return kinds.length === 1 ? (kinds[0] ?? '') : `any of ${kinds.join(', ')}`;
}

/**
 * Check each field path an assert reads against the schemas of the kinds the policy matches (the
 * object), the pod spec (`pod`) and the container (`container`): `metadata.lables` is a typo the
 * policy would silently read as undefined. A path is reported only when no matched kind has it.
 */
export function unknownFieldOf(
  paths: readonly StaticPath[],
  match: { kinds?: string[]; apiVersions?: string[] },
  kubernetesVersion = defaultKubernetesVersion(),
): UnknownField | undefined {
  const defs = schemaDefinitions(kubernetesVersion);
  const kinds = match.kinds;
  const models = kinds ? modelsOf(kubernetesVersion, kinds, match.apiVersions) : undefined;
  for (const ref of paths) {
    let roots: JsonSchema[];
    let path = ref.path;
    let owner: string;
    let prefix = '';
    if (ref.root === 'pod') [roots, owner, prefix] = [[{ $ref: `${REF}V1PodSpec` }], 'a pod spec', 'pod.'];
    else if (ref.root === 'container')
      // forEach: containers also visits ephemeral containers, whose schema adds targetContainerName.
      [roots, owner, prefix] = [
        [{ $ref: `${REF}V1Container` }, { $ref: `${REF}V1EphemeralContainer` }],
        'a container',
        'container.',
      ];
    else if (models && kinds) [roots, owner] = [models.map((m) => ({ $ref: `${REF}${m}` })), describe(kinds)];
    else if (path[0] === 'metadata') {
      // Whatever the kind, metadata is an ObjectMeta.
      [roots, owner, path] = [[{ $ref: `${REF}V1ObjectMeta` }], 'ObjectMeta', path.slice(1)];
      prefix = 'metadata.';
    } else continue;
    const misses = roots.map((root) => firstUnknown(defs, root, path));
    const miss = misses[0];
    if (!miss || misses.some((m) => !m)) continue;
    const name = path[miss.index] ?? '';
    const hint = closestName(name, miss.known);
    const shown = `${prefix}${path.slice(0, miss.index + 1).join('.')}`;
    const skipped = ref.path.length - path.length;
    return {
      message: `"${shown}" is not a field of ${owner} (Kubernetes ${kubernetesVersion} schema), so it always reads as undefined${hint ? `; did you mean "${hint}"?` : ''}`,
      offset: ref.offsets[miss.index + skipped] ?? ref.offset,
    };
  }
  return undefined;
}
