import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

// `npm run build` runs this after tsc: the CLI as one ESM bundle in dist/src/bundle/, which
// bin/kubelint.js runs. Resolving and linking ~150 separate ES modules cost a cold run ~130 ms
// (DESIGN §9: a pre-commit hook lints a file or two, so start-up is most of its time).
//
// What a run loads on demand stays on demand: every dynamic import() (simulate, lsp, fix, the report
// formats, the baseline) becomes a chunk of its own, and modules loaded with createRequire (yaml,
// typescript-estree, the ajv standalone validators in dist/validators/) are resolved at run time as
// before. The bundle sits at the depth of dist/src/cli/, so paths computed from import.meta (the
// package root, dist/validators) stay the same.

const ROOT = join(import.meta.dirname, '..', '..');
const BUNDLE_DIR = join(ROOT, 'dist', 'src', 'bundle');

async function main(): Promise<void> {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  mkdirSync(BUNDLE_DIR, { recursive: true });
  // bin/kubelint.js imports the bundle: its types are main.ts's.
  writeFileSync(join(BUNDLE_DIR, 'main.d.ts'), "export { runCli } from '../cli/main.js';\n");
  await build({
    // The CLI starts the worker threads of large runs from ./lint-worker.js beside its own module.
    entryPoints: {
      main: join(ROOT, 'dist', 'src', 'cli', 'main.js'),
      'lint-worker': join(ROOT, 'dist', 'src', 'cli', 'lint-worker.js'),
    },
    outdir: BUNDLE_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // CommonJS dependencies bundled into ESM call require() for Node's built-ins ("buffer", "fs").
    banner: {
      js: "import { createRequire as __kubelintRequire } from 'node:module'; const require = __kubelintRequire(import.meta.url);",
    },
  });
}

await main();
