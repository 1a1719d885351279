import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@typescript-eslint/typescript-estree';

export interface KindEntry {
  apiVersion: string;
  kind: string;
  /** The model (definition) of the object. */
  model: string;
}

/**
 * The client's models don't say which group/version/kind they are; its API classes do. Every
 * `create…` method POSTs its body model to the collection's path:
 * `createNamespacedDeployment` → `/apis/apps/v1/namespaces/{namespace}/deployments` with `V1Deployment`,
 * so `apps/v1` `Deployment` is a `V1Deployment`. Subresources (`…/{name}/binding`) are skipped.
 * `<Model>List` models give the list kinds.
 */
export function readKinds(packageDir: string, models: ReadonlySet<string>): KindEntry[] {
  const dir = join(packageDir, 'dist', 'gen', 'apis');
  const found = new Map<string, KindEntry>();
  for (const file of readdirSync(dir).filter((f) => /Api\.js$/.test(f)).sort()) {
    const ast = parse(createMethodsOf(readFileSync(join(dir, file), 'utf8')), { range: false });
    walk(ast, (node) => {
      if (node.type !== 'MethodDefinition') return true;
      const key = node.key as { type: string; name?: string };
      if (key.type !== 'Identifier' || !key.name?.startsWith('create')) return false;
      let path: string | undefined;
      let model: string | undefined;
      walk(node.value, (n) => {
        if (n.type === 'Literal' && typeof n.value === 'string' && /^\/apis?\//.test(n.value)) path ??= n.value;
        if (n.type === 'CallExpression' && isSerializeBody(n)) {
          const arg = (n.arguments as { type: string; value?: unknown }[])[1];
          if (arg?.type === 'Literal' && typeof arg.value === 'string') model ??= arg.value;
        }
        return true;
      });
      if (!path || !model || path.includes('{name}') || !models.has(model)) return false;
      const apiVersion = apiVersionOf(path);
      const entry = { apiVersion, kind: kindOf(model), model };
      found.set(`${apiVersion}/${entry.kind}`, entry);
      const list = `${model}List`;
      if (models.has(list)) found.set(`${apiVersion}/${entry.kind}List`, { apiVersion, kind: `${entry.kind}List`, model: list });
      return false;
    });
  }
  return [...found.values()].sort((a, b) => compare(`${a.apiVersion}/${a.kind}`, `${b.apiVersion}/${b.kind}`));
}

/**
 * Only the `create…` methods, cut out at their class-member indentation and wrapped in a class:
 * parsing all 8 MB of API code takes seconds, these few kilobytes milliseconds.
 */
function createMethodsOf(code: string): string {
  const methods: string[] = [];
  for (const m of code.matchAll(/^ {4}async create\w+\(/gm)) {
    const end = code.slice(m.index + 1).search(/^ {4}(?:async )?\w+\(|^}/m);
    methods.push(code.slice(m.index, end < 0 ? undefined : m.index + 1 + end));
  }
  return `class Api {\n${methods.join('')}}\n`;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `/api/v1/…` → `v1`; `/apis/apps/v1/…` → `apps/v1`. */
function apiVersionOf(path: string): string {
  const parts = path.split('/');
  return parts[1] === 'api' ? (parts[2] ?? '') : `${parts[2] ?? ''}/${parts[3] ?? ''}`;
}

/** `V1Deployment` → `Deployment`, `V1beta2DeviceClass` → `DeviceClass`, `CoreV1Event` → `Event`. */
export function kindOf(model: string): string {
  return model.replace(/^(?:[A-Z][a-z]+)*V\d+(?:alpha\d+|beta\d+)?(?=[A-Z])/, '');
}

function isSerializeBody(n: Record<string, unknown>): boolean {
  const callee = n.callee as { type: string; object?: { name?: string }; property?: { name?: string } };
  const first = (n.arguments as { type: string; name?: string }[])[0];
  return (
    callee.type === 'MemberExpression' &&
    callee.object?.name === 'ObjectSerializer' &&
    callee.property?.name === 'serialize' &&
    first?.type === 'Identifier' &&
    first.name === 'body'
  );
}

type Node = Record<string, unknown> & { type: string };

/** Depth-first walk over an ESTree; `visit` returns false to skip a node's children. */
function walk(node: unknown, visit: (n: Node) => boolean): void {
  if (Array.isArray(node)) {
    for (const c of node) walk(c, visit);
    return;
  }
  if (!node || typeof node !== 'object' || typeof (node as Node).type !== 'string') return;
  if (!visit(node as Node)) return;
  for (const [k, v] of Object.entries(node)) if (k !== 'parent' && v && typeof v === 'object') walk(v, visit);
}
