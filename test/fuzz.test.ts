import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintTexts } from '../src/index.js';
import { loadSource } from '../src/load/parse.js';
import { decodeSource } from '../src/load/read.js';
import { createSourceFile } from '../src/load/source.js';
import type { JsonPath } from '../src/load/types.js';
import { load, textAt } from './helpers.js';

const RUNS = { numRuns: Number(process.env.FUZZ_RUNS ?? 200) };
const RULES = join(import.meta.dirname, '..', 'rules');
const FIXTURES = readdirSync(RULES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => ['valid.yaml', 'invalid.yaml'].map((f) => readFileSync(join(RULES, d.name, f), 'utf8')));

function leaves(value: unknown, path: JsonPath = []): [JsonPath, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [[path, value]];
}

function checkFindings(text: string): void {
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const f of lintTexts([{ path: 'f.yaml', text }]).findings) {
    expect(f.range.start.line).toBeGreaterThanOrEqual(1);
    expect(f.range.end.line).toBeLessThanOrEqual(lines);
    expect(f.range.end.offset).toBeGreaterThanOrEqual(f.range.start.offset);
  }
}

describe('fuzz: kubelint never throws', () => {
  it('on random mutations of real manifests (every rule fixture)', () => {
    const mutation = fc.tuple(
      fc.nat(),
      fc.nat(8),
      fc.string({
        unit: fc.constantFrom(
          ' ',
          '\n',
          '\t',
          ':',
          '-',
          '[',
          ']',
          '{',
          '}',
          '"',
          "'",
          '&',
          '*',
          '!',
          '|',
          '>',
          '#',
          '%',
          '@',
          '`',
          '<<',
          '---',
          'x',
          '0',
          '\u00e9',
          '\r\n',
        ),
        maxLength: 5,
      }),
    );
    fc.assert(
      fc.property(
        fc.nat(FIXTURES.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 5 }),
        (i, mutations) => {
          let text = FIXTURES[i] ?? '';
          for (const [at, del, insert] of mutations) {
            const pos = at % (text.length + 1);
            text = text.slice(0, pos) + insert + text.slice(pos + del);
          }
          checkFindings(text);
        },
      ),
      RUNS,
    );
  });

  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const read = decodeSource('b.yaml', bytes);
        if (read.ok) checkFindings(read.file.text);
        else expect(read.finding.ruleId).toBe('file-unreadable');
      }),
      RUNS,
    );
  });

  it('on random nesting of flow and block collections', () => {
    const piece = fc.constantFrom(
      '[',
      ']',
      '{',
      '}',
      ', ',
      ': ',
      '- ',
      '\n  ',
      'a',
      '"q"',
      '*x',
      '&x ',
      '? ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 300 }), (pieces) => {
        checkFindings(`apiVersion: v1\nkind: ConfigMap\ndata: ${pieces.join('')}\n`);
      }),
      RUNS,
    );
  });
});

describe('locate() on every leaf of every fixture document', () => {
  it('returns a range whose text re-parses to the value', () => {
    let checked = 0;
    for (const text of FIXTURES) {
      for (const doc of loadSource(createSourceFile('f.yaml', text)).docs) {
        for (const [path, value] of leaves(doc.object)) {
          const snippet = textAt(text, doc.locate(path));
          // Block scalars span lines; a null value (`key:`) is located at its key.
          if (snippet.includes('\n') || value === null) continue;
          const reparsed = load(`apiVersion: v1\nkind: X\nv: ${snippet}\n`).docs[0]?.object as
            { v: unknown } | undefined;
          expect(reparsed?.v, `${path.join('.')} in a fixture`).toEqual(value);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
