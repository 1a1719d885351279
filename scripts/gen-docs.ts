import { join } from 'node:path';
import { builtinRules } from '../rules/index.js';
import { docsUpdates, writeDocs } from './docs.js';

// Regenerates the rule READMEs' metadata blocks and the main README's rules table; with --check,
// fails instead when they are out of date.
const root = join(import.meta.dirname, '..', '..');
const updates = docsUpdates(root, builtinRules);
const stale = updates.filter((u) => u.current !== u.expected);
if (process.argv.includes('--check')) {
  for (const u of stale) process.stderr.write(`out of date: ${u.file} (run npm run docs)\n`);
  process.exitCode = stale.length ? 1 : 0;
} else {
  writeDocs(updates);
  for (const u of stale) process.stdout.write(`updated ${u.file}\n`);
}
