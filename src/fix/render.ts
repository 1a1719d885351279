import { resolvePlainScalar } from '../load/scalars.js';
import type { YamlScalar, YamlValue } from './change.js';

/** How the scalar being replaced was written: a new string keeps the user's quoting style. */
export type QuoteStyle = 'plain' | 'single' | 'double';

// Safe as a plain scalar in any context (block or flow, key or value): no indicators, no `: ` or ` #`.
const PLAIN_SAFE = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;

/**
 * A string stays a string for the API server (YAML 1.1: `yes`, `on`, `0755` would not) and for
 * YAML 1.2 readers (`1e3`): quote it unless its plain form resolves to itself in both.
 */
function plainIsString(s: string): boolean {
  if (!PLAIN_SAFE.test(s) || resolvePlainScalar(s) !== s) return false;
  return !/^[-+]?(\.?[0-9]|0x|0o)/i.test(s) && !/^(true|false|null|~)$/i.test(s);
}

function doubleQuoted(s: string): string {
  // JSON's escapes are a subset of YAML's double-quoted escapes.
  return JSON.stringify(s);
}

/** The source text of a scalar; a string keeps `style` when it can, and is quoted when it must be. */
export function renderScalar(value: YamlScalar, style: QuoteStyle = 'plain'): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : doubleQuoted(String(value));
  if (style === 'single' && !/[\r\n]/.test(value)) return `'${value.replaceAll("'", "''")}'`;
  if (style === 'double' || !plainIsString(value)) return doubleQuoted(value);
  return value;
}

function isScalar(value: YamlValue): value is YamlScalar {
  return value === null || typeof value !== 'object';
}

/**
 * A value in flow style: `{a: 1, b: [x, y]}`; with `json`, strings and keys double-quoted, so a
 * JSON manifest stays JSON.
 */
export function renderFlow(value: YamlValue, json = false): string {
  if (isScalar(value)) return renderScalar(value, json ? 'double' : 'plain');
  if (Array.isArray(value)) return `[${value.map((v) => renderFlow(v, json)).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${renderScalar(k, json ? 'double' : 'plain')}: ${renderFlow(v, json)}`)
    .join(', ')}}`;
}

/**
 * The lines of a block mapping entry `key: value` at column `indent`, nested levels `step` deeper,
 * joined with `eol` (no trailing line break). Empty collections are written in flow style.
 */
export function renderBlockEntry(
  key: string,
  value: YamlValue,
  indent: number,
  step: number,
  eol: string,
): string {
  return blockEntryLines(key, value, ' '.repeat(indent), ' '.repeat(step)).join(eol);
}

function blockEntryLines(key: string, value: YamlValue, pad: string, step: string): string[] {
  const head = `${pad}${renderScalar(key)}:`;
  if (isScalar(value) || Object.keys(value).length === 0) return [`${head} ${renderFlow(value)}`];
  return [head, ...blockLines(value, pad + step, step)];
}

function blockLines(value: YamlValue[] | { [key: string]: YamlValue }, pad: string, step: string): string[] {
  if (!Array.isArray(value))
    return Object.entries(value).flatMap(([k, v]) => blockEntryLines(k, v, pad, step));
  return value.flatMap((item) => {
    if (isScalar(item) || Object.keys(item).length === 0) return [`${pad}- ${renderFlow(item)}`];
    // The item's first line shares the dash's line; the rest align under it.
    const lines = blockLines(item, `${pad}  `, step);
    return [`${pad}- ${(lines[0] ?? '').trimStart()}`, ...lines.slice(1)];
  });
}
