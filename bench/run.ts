import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeCorpus } from './corpus.js';

// `npm run bench`: whole-lint throughput on 1k and 10k documents, and the cold start of one file
// next to `node -e 0`. `--parsers` also runs the parser comparison (parse-compare.ts).
const ROOT = join(import.meta.dirname, '..', '..');
const CORPUS = join(ROOT, 'bench', 'corpus');
const SIZES = [
  { name: '1k', files: 100 },
  { name: '10k', files: 1000 },
];

interface ChildResult {
  wallMs: number;
  cpuMs: number;
  docs: number;
  files: number;
  findings: number;
  maxRssMiB: number;
  mainCpuMs: number;
}

async function ensureCorpus(name: string, files: number): Promise<string> {
  const dir = join(CORPUS, name);
  if (!existsSync(dir) || readdirSync(dir).length === 0) {
    mkdirSync(dir, { recursive: true });
    await writeCorpus(dir, { files, docsPerFile: 10, seed: 42 });
  }
  return dir;
}

/** One lint in a fresh process, on `threads` threads. */
function lintOnce(dir: string, threads: number): ChildResult {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'dist', 'bench', 'lint-child.js'), dir, String(threads)],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`lint-child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildResult;
}

/** Wall times of `node <args>` for each command, interleaved so a busy machine weighs on all alike. */
function coldRuns(commands: string[][], runs: number): number[][] {
  const times = commands.map((): number[] => []);
  for (let i = 0; i < runs; i++)
    commands.forEach((args, c) => {
      const t0 = performance.now();
      spawnSync(process.execPath, args, { stdio: 'ignore' });
      times[c]!.push(performance.now() - t0);
    });
  return times;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const fmt = (n: number, d = 0): string => n.toFixed(d).padStart(8);

/** Wall time of the whole CLI (start-up, lint, report to /dev/null), best of `runs`. */
function cliOnce(dir: string, threads: number, runs: number): number {
  const times = Array.from({ length: runs }, () => {
    const t0 = performance.now();
    spawnSync(process.execPath, [join(ROOT, 'bin', 'kubelint.js'), '--concurrency', String(threads), dir], {
      stdio: 'ignore',
    });
    return performance.now() - t0;
  });
  return Math.min(...times);
}

async function main(): Promise<void> {
  // lint() in a fresh process, on one thread and on one per core (up to 4). Best of three runs.
  const cores = availableParallelism();
  const threadCounts = cores > 1 ? [1, Math.min(cores, 4)] : [1];
  console.log(`${cores} cores`);
  // cpu ms: every thread; main ms: the main thread alone (the rest is V8's background threads —
  // garbage collection, compilation — and workers).
  console.log(
    'size   threads   docs   files   wall ms    cpu ms   main ms    docs/s  peak RSS MiB  findings',
  );
  for (const { name, files } of SIZES) {
    const dir = await ensureCorpus(name, files);
    for (const threads of threadCounts) {
      const runs = [0, 1, 2].map(() => lintOnce(dir, threads));
      const best = runs.sort((a, b) => a.wallMs - b.wallMs)[0]!;
      console.log(
        `${name.padEnd(5)}${String(threads).padStart(8)}${fmt(best.docs)}${fmt(best.files)}${fmt(best.wallMs)}${fmt(best.cpuMs)}${fmt(best.mainCpuMs)}${fmt((best.docs / best.wallMs) * 1000)}${fmt(best.maxRssMiB, 1)}    ${best.findings}`,
      );
    }
  }
  const big = join(CORPUS, '10k');
  const cli = threadCounts.map((n) => `${n} thread${n > 1 ? 's' : ''} ${cliOnce(big, n, 3).toFixed(0)} ms`);
  console.log(`\nwhole CLI on 10k documents (start-up + lint + report, best of 3): ${cli.join(', ')}`);
  const oneFile = join(CORPUS, '1k', readdirSync(join(CORPUS, '1k')).sort()[0] ?? '');
  const first = readdirSync(oneFile).sort()[0];
  const file = first ? join(oneFile, first) : oneFile;
  const [nodeTimes, coldTimes] = coldRuns(
    [
      ['-e', '0'],
      [join(ROOT, 'bin', 'kubelint.js'), file],
    ],
    11,
  );
  const nodeOnly = median(nodeTimes!);
  const cold = median(coldTimes!);
  console.log(
    `\ncold start, one 10-document file (median of 11): ${cold.toFixed(0)} ms (node -e 0: ${nodeOnly.toFixed(0)} ms, overhead ${(cold - nodeOnly).toFixed(0)} ms; fastest ${Math.min(...coldTimes!).toFixed(0)} vs ${Math.min(...nodeTimes!).toFixed(0)} ms)`,
  );
  if (process.argv.includes('--parsers')) {
    spawnSync(process.execPath, [join(ROOT, 'dist', 'bench', 'parse-compare.js')], { stdio: 'inherit' });
  }
}

await main();
