import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { generateCorpus, mulberry32, type Rng } from '../bench/corpus.js';
import { loadSource } from '../src/load/parse.js';
import { decodeSource } from '../src/load/read.js';
import { embeddedVersions, schemaIndex } from '../src/schema/index.js';
import { modelOf } from '../src/schema/registry.js';
import { hasPrecompiled, validateAgainst } from '../src/schema/validate.js';

// The validators `npm run build` precompiles (ajv standalone code, scripts/gen-validators.ts) must
// give exactly the errors of compiling the same schema at run time, down to the data and the schema
// objects that messages are built from.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function objectsOf(text: string, version: string): { model: string; object: Json }[] {
  const read = decodeSource('c.yaml', new TextEncoder().encode(text));
  if (!read.ok) throw new Error(read.finding.message);
  return loadSource(read.file).docs.flatMap((d) => {
    const model = d.resource && modelOf(version, d.resource.apiVersion, d.resource.kind);
    return model ? [{ model, object: d.object as Json }] : [];
  });
}

/** Every path into an object, with the node there. */
function nodes(value: Json, path: (string | number)[] = []): { path: (string | number)[]; node: Json }[] {
  const here = [{ path, node: value }];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => nodes(v, [...path, i]))];
  if (value && typeof value === 'object')
    return [...here, ...Object.entries(value).flatMap(([k, v]) => nodes(v, [...path, k]))];
  return here;
}

const WRONG: Json[] = [
  '80',
  3,
  -1,
  2.5,
  true,
  null,
  [],
  {},
  'Sometimes',
  '1GB',
  'not a date',
  'x'.repeat(70),
];

/** A copy with one node replaced by a wrong value, one unknown key added, or one key removed. */
function mutate(object: Json, rng: Rng): Json {
  const copy = structuredClone(object);
  const all = nodes(copy).filter((n) => n.path.length);
  const target = all[Math.floor(rng() * all.length)];
  if (!target) return copy;
  const parent = target.path
    .slice(0, -1)
    .reduce<Json>((n, k) => (n as Record<string, Json>)[k]!, copy) as Record<string, Json>;
  const key = target.path[target.path.length - 1]!;
  const choice = rng();
  if (choice < 0.6) parent[key] = WRONG[Math.floor(rng() * WRONG.length)]!;
  else if (choice < 0.8 && target.node && typeof target.node === 'object' && !Array.isArray(target.node))
    target.node.replicaz = 1;
  else if (!Array.isArray(parent)) delete parent[key];
  return copy;
}

function comparable(errors: ErrorObject[]): unknown[] {
  return errors.map((e) => ({
    keyword: e.keyword,
    instancePath: e.instancePath,
    schemaPath: e.schemaPath,
    params: e.params,
    message: e.message,
    data: e.data,
  }));
}

describe('precompiled validators', () => {
  it('exist for every embedded kind after the build', () => {
    for (const version of embeddedVersions())
      for (const model of Object.values(schemaIndex(version).kinds))
        expect(hasPrecompiled(version, model), `${version} ${model}`).toBe(true);
  });

  it.each(embeddedVersions())('give the errors of a run-time compile (Kubernetes %s)', (version) => {
    const rng = mulberry32(7);
    const docs = generateCorpus({ files: 6, docsPerFile: 10, seed: 11, invalidRate: 0.3 }).flatMap((f) =>
      objectsOf(f.text, version),
    );
    expect(new Set(docs.map((d) => d.model)).size).toBeGreaterThan(5);
    let invalid = 0;
    for (const { model, object } of docs) {
      for (const variant of [object, ...Array.from({ length: 8 }, () => mutate(object, rng))]) {
        const standalone = validateAgainst(version, model, variant);
        const compiled = validateAgainst(version, model, variant, { precompiled: false });
        expect(comparable(standalone.errors)).toEqual(comparable(compiled.errors));
        standalone.errors.forEach((e, i) => {
          const c = compiled.errors[i]!;
          // The same objects, so type names and "did you mean" come out the same.
          expect(e.parentSchema).toBe(c.parentSchema);
          expect(e.schema).toStrictEqual(c.schema);
          expect(standalone.nameOf(e.parentSchema)).toBe(compiled.nameOf(c.parentSchema));
        });
        if (compiled.errors.length) invalid++;
      }
    }
    expect(invalid).toBeGreaterThan(docs.length * 3);
  });
});
