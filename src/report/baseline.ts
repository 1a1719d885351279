import type { Finding } from '../load/types.js';
import { FINGERPRINT_KEY, fingerprintFindings } from './fingerprint.js';

export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFinding(v: unknown): v is Finding {
  return isRecord(v) && typeof v.ruleId === 'string' && typeof v.file === 'string';
}

/**
 * The fingerprints in a baseline: a kubelint JSON report (`--format json` or `--write-baseline`;
 * findings without a `fingerprint` field get theirs recomputed) or a kubelint SARIF log
 * (`partialFingerprints["kubelint/v1"]` of every result).
 */
export function parseBaseline(text: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new BaselineError(`not JSON: ${(err as Error).message}`);
  }
  if (Array.isArray(data)) {
    if (!data.every(isFinding))
      throw new BaselineError('expected an array of findings (kubelint --format json)');
    const computed = fingerprintFindings(data);
    return new Set(
      data.map((f) => {
        const own = (f as { fingerprint?: unknown }).fingerprint;
        return typeof own === 'string' ? own : (computed.get(f) ?? '');
      }),
    );
  }
  if (isRecord(data) && Array.isArray(data.runs)) {
    const found = new Set<string>();
    for (const run of data.runs) {
      const results: unknown = isRecord(run) ? run.results : undefined;
      for (const r of Array.isArray(results) ? (results as unknown[]) : []) {
        const fp: unknown =
          isRecord(r) && isRecord(r.partialFingerprints) ? r.partialFingerprints[FINGERPRINT_KEY] : undefined;
        if (typeof fp === 'string') found.add(fp);
      }
    }
    return found;
  }
  throw new BaselineError('expected a kubelint JSON report (an array of findings) or a SARIF log');
}
