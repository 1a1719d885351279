import { createHash } from 'node:crypto';
import type { Finding, ResourceId } from '../load/types.js';

/** The `partialFingerprints` key kubelint writes in SARIF (SARIF §3.27.17: versioned names). */
export const FINGERPRINT_KEY = 'kubelint/v1';

function resourceKey(r: ResourceId | undefined): string[] | null {
  return r ? [r.apiVersion, r.kind, r.namespace ?? '', r.name ?? ''] : null;
}

/**
 * A fingerprint per finding that survives lines moving: the rule, the file (with `/` separators),
 * the resource's identity and the JSON path into it — never a line number. Findings without a
 * resource (syntax errors, non-manifests) use their message instead of the path. Identical keys in
 * one run (two findings of one rule on the same path) are told apart by their order.
 */
export function fingerprintFindings(findings: readonly Finding[]): Map<Finding, string> {
  const seen = new Map<string, number>();
  const result = new Map<Finding, string>();
  for (const f of findings) {
    const key = JSON.stringify([
      f.ruleId,
      f.file.replaceAll('\\', '/'),
      resourceKey(f.resource),
      f.resource ? f.path : f.message,
    ]);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    result.set(f, createHash('sha256').update(`${key}#${n}`).digest('hex').slice(0, 32));
  }
  return result;
}
