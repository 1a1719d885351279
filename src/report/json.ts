import type { Finding } from '../load/types.js';

/**
 * The findings as data, one object per finding in the shape of DESIGN §2, each with its
 * `fingerprint` — so a JSON report doubles as a baseline (`--baseline`).
 */
export function formatJson(findings: readonly Finding[], fingerprints: ReadonlyMap<Finding, string>): string {
  const rows = findings.map((f) => {
    const fingerprint = fingerprints.get(f);
    return fingerprint ? { ...f, fingerprint } : f;
  });
  return `${JSON.stringify(rows, null, 2)}\n`;
}
