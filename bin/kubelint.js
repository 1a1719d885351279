#!/usr/bin/env node
import { readFileSync } from 'node:fs';
// The CLI as one bundle (scripts/bundle.ts): a cold start resolves a few files instead of ~150 modules.
import { runCli } from '../dist/src/bundle/main.js';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readFileSync(0),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
  cwd: process.cwd(),
});
process.exitCode = code;
