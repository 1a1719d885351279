import type { Finding } from '../load/types.js';
import { formatJson } from './json.js';
import { formatStylish } from './stylish.js';

export const FORMATS = ['stylish', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions {
  color: boolean;
}

export function formatFindings(format: Format, findings: readonly Finding[], options: FormatOptions): string {
  return format === 'json' ? formatJson(findings) : formatStylish(findings, options);
}

export { countFindings, type Counts } from './stylish.js';
