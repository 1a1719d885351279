import type { Finding } from '../load/types.js';

/** The findings as data, one object per finding in the shape of DESIGN §2. */
export function formatJson(findings: readonly Finding[]): string {
  return `${JSON.stringify(findings, null, 2)}\n`;
}
