import { createRequire } from 'node:module';
import { Kind, loadAll } from '@stoplight/yaml-ast-parser';

// The failsafe schema leaves every scalar as raw text: resolution is ours (YAML 1.1, see scalars.ts),
// and explicit tags such as `!!int` must not make the parser throw away the rest of the stream.
const require = createRequire(import.meta.url);
const FAILSAFE: unknown = require('@stoplight/yaml-ast-parser/dist/src/schema/failsafe');

export { Kind };

/** Typed view of the parser's AST (its own typings leave children as `any`). */
export interface AstNode {
  kind: Kind;
  startPosition: number;
  endPosition: number;
  anchorId?: string;
}

export interface AstScalar extends AstNode {
  value: string;
  rawValue?: string;
  plainScalar?: boolean;
  doubleQuoted?: boolean;
  singleQuoted?: boolean;
}

export interface AstMap extends AstNode {
  mappings: { key: AstNode | null; value: AstNode | null }[];
}

export interface AstSeq extends AstNode {
  items: (AstNode | null)[];
}

export interface AstAlias extends AstNode {
  value: AstNode | undefined;
}

export interface AstError {
  message: string;
  offset: number;
}

export interface AstStream {
  docs: (AstNode | undefined)[];
  errors: AstError[];
}

function isBenign(reason: string): boolean {
  // Tags are resolved by us; duplicate keys are detected by us with both positions.
  return reason.startsWith('unknown tag') || reason.startsWith('duplicate key');
}

/** Parse a YAML stream into positioned ASTs (one per document) and its syntax errors. */
export function parseStream(text: string): AstStream {
  const docs: (AstNode | undefined)[] = [];
  let streamErrors: { reason: string; isWarning: boolean; mark?: { position: number } }[] = [];
  loadAll(
    text,
    (doc) => {
      // Every document of a stream shares one error list.
      if (doc) streamErrors = doc.errors;
      docs.push(doc ?? undefined);
    },
    { schema: FAILSAFE, ignoreDuplicateKeys: true },
  );
  const seen = new Set<string>();
  const errors: AstError[] = [];
  for (const e of streamErrors) {
    if (e.isWarning || isBenign(e.reason)) continue;
    const offset = e.mark?.position ?? 0;
    const key = `${offset}:${e.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ message: e.reason, offset });
  }
  errors.sort((a, b) => a.offset - b.offset);
  return { docs, errors };
}
