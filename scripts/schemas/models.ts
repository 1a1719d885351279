import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AST_NODE_TYPES as T, AST_TOKEN_TYPES, parse, type TSESTree } from '@typescript-eslint/typescript-estree';

/** A property's type as the client's `.d.ts` declares it. */
export type ModelType =
  | { kind: 'string' | 'number' | 'boolean' | 'date' | 'any' | 'int-or-string' }
  | { kind: 'ref'; model: string }
  | { kind: 'array'; items: ModelType }
  | { kind: 'map'; values: ModelType };

export interface ModelProperty {
  /** The JSON field name (`$ref`, `x-kubernetes-…`), not the TypeScript one. */
  name: string;
  required: boolean;
  type: ModelType;
  /** `int32`, `int64`, `double`, `date-time`, `byte`, `int-or-string` … from `attributeTypeMap`. */
  format: string;
  description?: string;
}

export interface Model {
  name: string;
  description?: string;
  properties: ModelProperty[];
}

export interface ModelSet {
  /** The `OpenAPI spec version` the client was generated from (e.g. `release-1.36`, `v1.34.0`). */
  openApiVersion: string;
  models: Map<string, Model>;
}

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

const SKIP = new Set(['ObjectSerializer', 'all', 'index']);

/** Read every model of a `@kubernetes/client-node` package: `.d.ts` for shape and docs, `.js` for formats. */
export async function readModels(packageDir: string): Promise<ModelSet> {
  const dir = join(packageDir, 'dist', 'gen', 'models');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -'.d.ts'.length))
    .filter((n) => !SKIP.has(n))
    .sort();
  const models = new Map<string, Model>();
  let openApiVersion = '';
  for (const name of names) {
    const dts = readFileSync(join(dir, `${name}.d.ts`), 'utf8');
    openApiVersion ||= /OpenAPI spec version: (\S+)/.exec(dts)?.[1] ?? '';
    const declared = parseDeclaration(dts, name);
    if (!declared) continue; // not a model class (e.g. VersionInfo re-exports)
    const mod = (await import(pathToFileURL(join(dir, `${name}.js`)).href)) as Record<
      string,
      { attributeTypeMap?: Attribute[] }
    >;
    const attributes = mod[name]?.attributeTypeMap;
    if (!attributes) throw new Error(`${name}.js has no attributeTypeMap`);
    const byName = new Map(attributes.map((a) => [a.name, a]));
    const properties = declared.properties.map((p) => {
      const attr = byName.get(p.tsName);
      if (!attr) throw new Error(`${name}.${p.tsName} is missing from attributeTypeMap`);
      const prop: ModelProperty = { name: attr.baseName, required: p.required, type: p.type, format: attr.format };
      if (p.description) prop.description = p.description;
      return prop;
    });
    const model: Model = { name, properties };
    if (declared.description) model.description = declared.description;
    models.set(name, model);
  }
  if (!openApiVersion) throw new Error(`no "OpenAPI spec version" header in ${dir}`);
  return { openApiVersion, models };
}

interface Declared {
  description?: string;
  properties: { tsName: string; required: boolean; type: ModelType; description?: string }[];
}

function parseDeclaration(text: string, name: string): Declared | undefined {
  const ast = parse(text, { comment: true, range: true });
  const comments = (ast.comments ?? []).filter((c) => c.type === AST_TOKEN_TYPES.Block);
  /** The JSDoc block that ends last before `start` and after `after`. */
  const docBefore = (start: number, after: number): string | undefined => {
    const c = comments.filter((c) => c.range[1] <= start && c.range[0] >= after).at(-1);
    return c && cleanDoc(c.value);
  };
  for (const stmt of ast.body) {
    if (stmt.type !== T.ExportNamedDeclaration || stmt.declaration?.type !== T.ClassDeclaration) continue;
    const cls = stmt.declaration;
    if (cls.id?.name !== name) continue;
    const declared: Declared = { properties: [] };
    const classDoc = docBefore(stmt.range[0], 0);
    if (classDoc) declared.description = classDoc;
    let after = cls.body.range[0];
    for (const member of cls.body.body) {
      if (member.type !== T.PropertyDefinition || member.static) {
        after = member.range[1];
        continue;
      }
      const key = member.key;
      const tsName = key.type === T.Literal ? String(key.value) : key.type === T.Identifier ? key.name : '';
      const annotation = member.typeAnnotation?.typeAnnotation;
      if (!tsName || !annotation) throw new Error(`${name}: unexpected property declaration`);
      const prop: Declared['properties'][number] = {
        tsName,
        required: !member.optional,
        type: typeOf(annotation, `${name}.${tsName}`),
      };
      const doc = docBefore(member.range[0], after);
      if (doc) prop.description = doc;
      declared.properties.push(prop);
      after = member.range[1];
    }
    return declared;
  }
  return undefined;
}

function typeOf(node: TSESTree.TypeNode, where: string): ModelType {
  switch (node.type) {
    case T.TSStringKeyword:
      return { kind: 'string' };
    case T.TSNumberKeyword:
      return { kind: 'number' };
    case T.TSBooleanKeyword:
      return { kind: 'boolean' };
    case T.TSAnyKeyword:
    case T.TSObjectKeyword:
      return { kind: 'any' };
    case T.TSTypeReference: {
      const ref = node.typeName.type === T.Identifier ? node.typeName.name : '';
      const arg = node.typeArguments?.params[0];
      if (ref === 'Array' && arg) return { kind: 'array', items: typeOf(arg, where) };
      // metav1.MicroTime is a type alias of the client, not a model: an RFC 3339 timestamp like Date.
      if (ref === 'Date' || ref === 'V1MicroTime') return { kind: 'date' };
      if (ref === 'IntOrString') return { kind: 'int-or-string' };
      if (/^[A-Z]\w+$/.test(ref) && !arg) return { kind: 'ref', model: ref };
      break;
    }
    case T.TSTypeLiteral: {
      const sig = node.members[0];
      const value = sig?.type === T.TSIndexSignature ? sig.typeAnnotation?.typeAnnotation : undefined;
      if (node.members.length === 1 && value) return { kind: 'map', values: typeOf(value, where) };
      break;
    }
  }
  throw new Error(`${where}: unsupported type ${node.type}`);
}

/** JSDoc text without the leading `*`s, with the generator's `\'` and `\"` escapes undone. */
function cleanDoc(raw: string): string | undefined {
  const text = raw
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, '').trimEnd())
    .join('\n')
    .trim()
    .replace(/\\(['"\\])/g, '$1');
  return text || undefined;
}
