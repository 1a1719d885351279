import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadAll, type YAMLNode } from '@stoplight/yaml-ast-parser';
import { Lexer, parseAllDocuments } from 'yaml';
import { generateCorpus, type CorpusFile } from './corpus.js';

const FILES = 1000;
const DOCS_PER_FILE = 10;
const SEED = 42;
const WARMUP_FILES = 100;
const RUNS = 2;

type ParserId = 'a' | 'b' | 'c';

interface Parser {
  id: ParserId;
  label: string;
  /** Parses one file and returns a count (documents or tokens) so the work cannot be optimised away. */
  run: (text: string) => number;
}

interface RunResult {
  ms: number;
  units: number;
  peakHeapMiB: number;
}

interface ChildReport {
  id: ParserId;
  corpusMB: number;
  corpusDocs: number;
  genMs: number;
  baselineHeapMiB: number;
  /** RSS when timing starts: corpus generation and warm-up already happened. */
  startRssMiB: number;
  runs: RunResult[];
  maxRssMiB: number;
  parseErrors: number;
}

const PARSERS: readonly Parser[] = [
  { id: 'a', label: 'yaml parseAllDocuments + toJS', run: runYamlFull },
  { id: 'b', label: 'yaml Lexer only', run: runYamlLexer },
  { id: 'c', label: '@stoplight/yaml-ast-parser loadAll', run: runStoplight },
];

function runYamlFull(text: string): number {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return 0;
  const values: unknown[] = [];
  for (const doc of docs) values.push(doc.toJS());
  return values.length;
}

function runYamlLexer(text: string): number {
  const tokens = new Lexer().lex(text);
  let count = 0;
  while (tokens.next().done !== true) count++;
  return count;
}

function runStoplight(text: string): number {
  const docs: YAMLNode[] = [];
  loadAll(text, (doc) => docs.push(doc));
  return docs.length;
}

function countParseErrors(id: ParserId, files: readonly CorpusFile[]): number {
  let errors = 0;
  for (const f of files) {
    if (id === 'a') {
      const docs = parseAllDocuments(f.text);
      if (Array.isArray(docs)) for (const d of docs) errors += d.errors.length;
    } else if (id === 'c') {
      loadAll(f.text, (doc) => {
        errors += doc.errors.filter((e) => !e.isWarning).length;
      });
    }
  }
  return errors;
}

// Data sizes in decimal MB (10^6 bytes); memory in MiB, as process tools report it.
const MB = 1_000_000;
const MIB = 1024 * 1024;

function heapMiB(): number {
  return process.memoryUsage().heapUsed / MIB;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

function timeRun(parser: Parser, files: readonly CorpusFile[]): RunResult {
  collectGarbage();
  let units = 0;
  let peak = heapMiB();
  const start = performance.now();
  for (const [i, f] of files.entries()) {
    units += parser.run(f.text);
    // Sampling every few files keeps the probe's own cost negligible.
    if (i % 10 === 9) peak = Math.max(peak, heapMiB());
  }
  const ms = performance.now() - start;
  return { ms, units, peakHeapMiB: Math.max(peak, heapMiB()) };
}

function childMain(id: ParserId): void {
  const parser = PARSERS.find((p) => p.id === id);
  if (parser === undefined) throw new Error(`unknown parser ${id}`);
  const genStart = performance.now();
  const files = generateCorpus({ files: FILES, docsPerFile: DOCS_PER_FILE, seed: SEED });
  const genMs = performance.now() - genStart;
  const bytes = files.reduce((s, f) => s + Buffer.byteLength(f.text), 0);
  timeRun(parser, files.slice(0, WARMUP_FILES));
  collectGarbage();
  const baselineHeapMiB = heapMiB();
  const startRssMiB = process.memoryUsage().rss / MIB;
  const runs: RunResult[] = [];
  for (let r = 0; r < RUNS; r++) runs.push(timeRun(parser, files));
  const corpusDocs = files.length * DOCS_PER_FILE;
  // The lexer counts tokens; the two parsers must see exactly the generated documents.
  if (id !== 'b' && runs.some((r) => r.units !== corpusDocs))
    throw new Error(`parser ${id} miscounted documents`);
  const report: ChildReport = {
    id,
    corpusMB: bytes / MB,
    corpusDocs,
    genMs,
    baselineHeapMiB,
    startRssMiB,
    runs,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    parseErrors: countParseErrors(id, files),
  };
  process.stdout.write(JSON.stringify(report));
}

// Each parser runs in a fresh process so that RSS peaks are not inherited from the previous one.
function spawnChild(id: ParserId): ChildReport {
  const self = fileURLToPath(import.meta.url);
  const res = spawnSync(process.execPath, ['--expose-gc', self, '--child', id], {
    encoding: 'utf8',
    maxBuffer: 16 * MIB,
  });
  if (res.status !== 0) throw new Error(`child ${id} failed (${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout) as ChildReport;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function printTable(reports: readonly ChildReport[]): void {
  const header = [
    'parser',
    ...Array.from({ length: RUNS }, (_, i) => `run${i + 1} ms`),
    'best ms',
    'docs/s',
    'MB/s',
    'heap peak MiB',
    'RSS start MiB',
    'RSS peak MiB',
    'errors',
  ];
  const rows = reports.map((r) => {
    const parser = PARSERS.find((p) => p.id === r.id);
    const best = Math.min(...r.runs.map((x) => x.ms));
    const heapPeak = Math.max(...r.runs.map((x) => x.peakHeapMiB));
    return [
      `(${r.id}) ${parser?.label ?? r.id}`,
      ...r.runs.map((x) => fmt(x.ms)),
      fmt(best),
      fmt(r.corpusDocs / (best / 1000)),
      fmt(r.corpusMB / (best / 1000), 2),
      fmt(heapPeak, 1),
      fmt(r.startRssMiB, 1),
      fmt(r.maxRssMiB, 1),
      r.id === 'b' ? 'n/a' : String(r.parseErrors),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

function parentMain(): void {
  const reports = PARSERS.map((p) => spawnChild(p.id));
  const first = reports[0];
  if (first === undefined) return;
  console.log(
    `corpus: ${FILES} files x ${DOCS_PER_FILE} docs = ${fmt(first.corpusDocs)} docs, ` +
      `${fmt(first.corpusMB, 2)} MB = ${fmt((first.corpusMB * MB) / MIB, 2)} MiB (generated in ${fmt(first.genMs)} ms, seed ${SEED})`,
  );
  console.log(
    `node ${process.version}; single-threaded; warm-up on ${WARMUP_FILES} files, then ${RUNS} timed runs; ` +
      `rates use the best run; heap baseline (corpus resident) ~${fmt(first.baselineHeapMiB, 1)} MiB`,
  );
  console.log('');
  printTable(reports);
  const lexer = reports.find((r) => r.id === 'b');
  if (lexer?.runs[0] !== undefined) console.log(`\nlexer tokens per run: ${fmt(lexer.runs[0].units)}`);
}

const childIndex = process.argv.indexOf('--child');
const childId = childIndex >= 0 ? process.argv[childIndex + 1] : undefined;
if (childId === 'a' || childId === 'b' || childId === 'c') childMain(childId);
else parentMain();
