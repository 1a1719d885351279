import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { AJV_FORMAT_NAMES, AJV_OPTIONS } from '../src/schema/ajv-options.js';
import { definitionsStatOf } from '../src/schema/validate.js';

// `npm run build` runs this: every embedded kind's validator as ajv standalone code, so a run loads
// precompiled code instead of compiling the schema (ajv compiling the Deployment schema costs ~0.5 s,
// requiring its standalone code ~20 ms). Written to dist/validators/<minor>/, never committed: the
// schemas/ JSON stays the one source, and src/schema/validate.ts falls back to compiling at run time
// when the code is missing or was generated from other schemas (the index records their hash).
//
// ajv emits one module for all kinds, with shared definitions (PodSpec, ObjectMeta, …) compiled
// once. A kind should load only the code it uses, so the module is split like a bundler splits
// chunks: each top-level declaration goes to the chunk of the exact set of kinds that reach it.
// A declaration's set contains the sets of everything referencing it, so chunks never import in a
// cycle, and a kind's chunks hold no code it does not run.

const ROOT = join(import.meta.dirname, '..', '..');

export interface ValidatorIndex {
  $comment: string;
  /** sha256 of the definitions.json the code was generated from. */
  definitionsHash: string;
  /** Its size and mtime then: a run that sees the same skips hashing it. */
  definitionsStat: string;
  /** Definition name → [chunk file, exported function]. */
  models: Record<string, [string, string]>;
}

export function definitionsHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

interface Decl {
  name: string;
  text: string;
  refs: Set<string>;
  /** Indices of the kinds that reach this declaration. */
  kinds: Set<number>;
}

/** Split ajv's one-module standalone output into chunks; returns file name → CommonJS source. */
export function splitStandalone(
  code: string,
  entries: readonly string[],
): { files: Map<string, string>; models: Record<string, [string, string]> } {
  const source = ts.createSourceFile('v.js', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  const decls = new Map<string, Decl>();
  const exported = new Map<string, string>();
  for (const stmt of source.statements) {
    const text = code.slice(stmt.getStart(source), stmt.end);
    if (ts.isFunctionDeclaration(stmt) && stmt.name) {
      decls.set(stmt.name.text, { name: stmt.name.text, text, refs: new Set(), kinds: new Set() });
    } else if (ts.isVariableStatement(stmt)) {
      const names = stmt.declarationList.declarations.map((d) => (d.name as ts.Identifier).text);
      if (names.length !== 1)
        throw new Error(`unexpected declaration in standalone code: ${text.slice(0, 80)}`);
      decls.set(names[0]!, { name: names[0]!, text, refs: new Set(), kinds: new Set() });
    } else if (
      ts.isExpressionStatement(stmt) &&
      ts.isBinaryExpression(stmt.expression) &&
      ts.isPropertyAccessExpression(stmt.expression.left) &&
      ts.isIdentifier(stmt.expression.right)
    ) {
      exported.set(stmt.expression.left.name.text, stmt.expression.right.text);
    } else if (!(ts.isExpressionStatement(stmt) && ts.isStringLiteral(stmt.expression))) {
      throw new Error(`unexpected statement in standalone code: ${text.slice(0, 80)}`);
    }
  }
  for (const stmt of source.statements) {
    const name = ts.isFunctionDeclaration(stmt)
      ? stmt.name?.text
      : ts.isVariableStatement(stmt)
        ? (stmt.declarationList.declarations[0]?.name as ts.Identifier).text
        : undefined;
    const decl = name === undefined ? undefined : decls.get(name);
    if (!decl) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text !== decl.name && decls.has(node.text)) decl.refs.add(node.text);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(stmt, visit);
  }
  entries.forEach((entry, i) => {
    const root = exported.get(entry);
    if (!root) throw new Error(`standalone code does not export ${entry}`);
    const stack = [root];
    while (stack.length) {
      const decl = decls.get(stack.pop()!)!;
      if (decl.kinds.has(i)) continue;
      decl.kinds.add(i);
      stack.push(...decl.refs);
    }
  });
  // One chunk per set of kinds, named by the first declaration (stable across runs for a schema set).
  const chunkOf = new Map<string, string>();
  const chunks = new Map<string, Decl[]>();
  for (const decl of decls.values()) {
    if (!decl.kinds.size) continue;
    const key = [...decl.kinds].sort((a, b) => a - b).join(',');
    let file = chunkOf.get(key);
    if (!file) chunkOf.set(key, (file = `${decl.name}.cjs`));
    chunkOf.set(decl.name, file);
    chunks.set(file, [...(chunks.get(file) ?? []), decl]);
  }
  const files = new Map<string, string>();
  for (const [file, members] of chunks) {
    const own = new Set(members.map((d) => d.name));
    const imports = new Map<string, Set<string>>();
    for (const d of members)
      for (const ref of d.refs) {
        if (own.has(ref)) continue;
        const from = chunkOf.get(ref)!;
        imports.set(from, (imports.get(from) ?? new Set()).add(ref));
      }
    const needed = [...decls.values()]
      .filter((d) => !own.has(d.name) && [...d.refs].some((r) => own.has(r)))
      .flatMap((d) => [...d.refs].filter((r) => own.has(r)));
    const exportsOf = [...new Set([...needed, ...members.filter((d) => isEntry(d.name)).map((d) => d.name)])];
    const lines = ['"use strict";'];
    for (const [from, names] of [...imports].sort(([a], [b]) => (a < b ? -1 : 1)))
      lines.push(`const {${[...names].sort().join(',')}} = require("./${from}");`);
    lines.push(...members.map((d) => d.text));
    lines.push(`module.exports = {${exportsOf.sort().join(',')}};`);
    files.set(file, `${lines.join('\n')}\n`);
  }
  function isEntry(name: string): boolean {
    return entries.some((e) => exported.get(e) === name);
  }
  const models: Record<string, [string, string]> = {};
  for (const entry of entries) {
    const fn = exported.get(entry)!;
    models[entry] = [chunkOf.get(fn)!, fn];
  }
  return { files, models };
}

/** Generate the standalone validators of one schema set into `out`. */
export function generateValidators(schemasDir: string, minor: string, out: string): number {
  const text = readFileSync(join(schemasDir, minor, 'definitions.json'), 'utf8');
  const definitions = (JSON.parse(text) as { definitions: Record<string, unknown> }).definitions;
  const index = JSON.parse(readFileSync(join(schemasDir, minor, 'index.json'), 'utf8')) as {
    kinds: Record<string, string>;
  };
  const ajv = new Ajv({ ...AJV_OPTIONS, verbose: false, code: { source: true, lines: false } });
  addFormats.default(ajv, [...AJV_FORMAT_NAMES]);
  ajv.addSchema({ definitions }, 'k8s');
  const models = [...new Set(Object.values(index.kinds))].sort();
  for (const m of models) ajv.getSchema(`k8s#/definitions/${m}`);
  const code = standaloneCode.default(
    ajv,
    Object.fromEntries(models.map((m) => [m, `k8s#/definitions/${m}`])),
  );
  const split = splitStandalone(code, models);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const [file, source] of split.files) writeFileSync(join(out, file), source);
  const validatorIndex: ValidatorIndex = {
    $comment: 'Generated by scripts/gen-validators.ts (npm run build); do not edit.',
    definitionsHash: definitionsHash(text),
    definitionsStat: definitionsStatOf(join(schemasDir, minor, 'definitions.json')),
    models: split.models,
  };
  writeFileSync(join(out, 'index.json'), `${JSON.stringify(validatorIndex)}\n`);
  return split.files.size;
}

function main(): void {
  const schemasDir = join(ROOT, 'schemas');
  const { versions } = JSON.parse(readFileSync(join(schemasDir, 'versions.json'), 'utf8')) as {
    versions: string[];
  };
  for (const minor of versions)
    generateValidators(schemasDir, minor, join(ROOT, 'dist', 'validators', minor));
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main();
