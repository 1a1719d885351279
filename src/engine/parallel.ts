import { statSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { STDIN, type DiscoveredFile } from '../load/discover.js';
import { loadInput, type InputOptions, type Unloaded } from '../load/input.js';
import type { LoadedFile } from '../load/parse.js';
import { deferredFix, deferredOf, type DeferredFix } from '../fix/lazy.js';
import { createSourceFile, rangeOf, type Range, type SourceFile } from '../load/source.js';
import { newRecord } from '../load/tree.js';
import type { Finding, Fix, JsonPath, LocateOptions, ManifestDoc, ResourceId } from '../load/types.js';
import type { RuleSetting } from './config.js';
import type { FileResult } from './lint.js';
import { RuleError } from './run.js';

// Large runs spread over worker threads (DESIGN §9). The files are cut into contiguous shares, one
// per thread (the main thread lints the first). Each thread reads and parses its own files and sends
// the others the plain objects of its documents, so every thread sees every document — the
// cross-resource rules (Service ↔ pods, PDB selectors, HPA targets, init waits) read `ctx.index` —
// while positions stay with the thread that parsed them: a document of another share is parsed
// again from its file only if a rule asks where something in it is (a `related` location). Each
// thread then lints its own files whole against the run's index in run order, so findings and
// their order are those of a one-thread run. `lint()` stays synchronous: the main thread waits for
// the workers with Atomics.wait and takes their messages with receiveMessageOnPort.

/**
 * Input size from which `auto` uses a worker per extra core: a worker costs ~0.2 s to start and warm
 * up, so below a few MB of YAML one thread is faster.
 */
export const MIN_PARALLEL_BYTES = 4 * 1024 * 1024;
/**
 * One thread unless asked, like ESLint. Measured on 2 cores (`npm run bench`, README Benchmarks): a
 * one-thread run already keeps the second core busy — about half its CPU time is V8's background
 * threads (parallel garbage collection, optimizing compilation) — and a second isolate adds its own
 * heap, warm-up and collections, so `auto` pays off only with more idle cores than that.
 */
export const DEFAULT_CONCURRENCY: Concurrency = 'off';
/** More threads than this gain little: every thread builds the cross-resource indexes of the whole run. */
const MAX_THREADS = 4;

/** What a worker needs to lint its share as the main thread would (all of it structured-cloneable). */
export interface WorkerOptions extends InputOptions {
  configFile?: string;
  ruleOverrides?: ReadonlyMap<string, RuleSetting>;
  namespace?: string;
  reportUnusedDisable?: boolean;
  kubernetesVersion?: string;
  strict?: boolean;
  schemaDirs?: string[];
  /** The main thread's rule ids, in order: a worker runs the built-in rules and checks they match. */
  ruleIds: string[];
}

/**
 * A document of another thread's share, as sent between threads: its object serialized on its own
 * (v8.serialize), so a thread decodes only the documents its cross-resource rules read — most
 * rules look at the kinds they index (workloads, Services, budgets) and skip the rest.
 */
export interface SharedDoc {
  index: number;
  listItem?: number;
  bytes: Uint8Array;
  resource?: ResourceId;
}

/** A file of another share: its documents' objects; its text is read again only if positions are needed. */
export interface SharedFile {
  path: string;
  docs: SharedDoc[];
}

/** A finding as a worker sends it: a lazy fix travels as its data, its edits still uncomputed. */
type SentFinding = Omit<Finding, 'fix'> & { fix?: Fix; deferredFix?: DeferredFix };

/** A file's lint result as a worker sends it. */
export interface SentFileResult extends Omit<FileResult, 'findings' | 'suppressed'> {
  findings: SentFinding[];
  suppressed: SentFinding[];
}

export type WorkerMessage =
  | { type: 'docs'; files: SharedFile[] }
  | { type: 'result'; files: SentFileResult[] }
  | { type: 'error'; error: SerializedError };

/** The main thread's one message to a worker: every share's documents but the worker's own. */
export interface SharesMessage {
  type: 'shares';
  shares: (SharedFile[] | null)[];
}

export interface SerializedError {
  message: string;
  stack?: string;
  rule?: { ruleId: string; file: string; causeMessage: string; causeStack?: string };
}

export interface WorkerData {
  share: number;
  inputs: DiscoveredFile[];
  options: WorkerOptions;
  port: MessagePort;
  flag: SharedArrayBuffer;
}

/**
 * How many threads lint: a number (the main thread included), `auto` (one per core, up to
 * MAX_THREADS, once the input reaches MIN_PARALLEL_BYTES) or `off` (one), like ESLint's
 * `--concurrency`.
 */
export type Concurrency = number | 'auto' | 'off';

/** The shares of a run, one per thread, or undefined for one thread. */
export function planShares(
  paths: readonly DiscoveredFile[],
  cwd: string,
  concurrency: Concurrency,
): DiscoveredFile[][] | undefined {
  // stdin's content is the main thread's alone.
  if (concurrency === 'off' || paths.length < 2 || paths.some((p) => p.path === STDIN)) return undefined;
  const sizes = paths.map((p) => {
    try {
      return statSync(resolve(cwd, p.path)).size;
    } catch {
      return 0;
    }
  });
  let workers: number;
  if (typeof concurrency === 'number') workers = Math.max(0, Math.floor(concurrency) - 1);
  else {
    const total = sizes.reduce((a, b) => a + b, 0);
    workers = total >= MIN_PARALLEL_BYTES ? Math.min(availableParallelism(), MAX_THREADS) - 1 : 0;
  }
  workers = Math.min(workers, paths.length - 1);
  return workers > 0 ? cut(paths, sizes, workers + 1) : undefined;
}

/** Contiguous shares of about equal bytes, so documents keep their run order across shares. */
function cut(paths: readonly DiscoveredFile[], sizes: number[], n: number): DiscoveredFile[][] {
  const total = sizes.reduce((a, b) => a + b, 0) || 1;
  const shares: DiscoveredFile[][] = Array.from({ length: n }, () => []);
  let sum = 0;
  paths.forEach((p, i) => {
    const remainingFiles = paths.length - i;
    let k = Math.min(n - 1, Math.floor((sum / total) * n));
    // Leave at least one file for each later share.
    while (k < n - 1 && remainingFiles <= n - 1 - k) k++;
    shares[k]!.push(p);
    sum += sizes[i] ?? 0;
  });
  return shares;
}

/** A started worker and the main thread's end of its channel. */
interface Running {
  worker: Worker;
  port: MessagePort;
  slot: number;
  /** One counter per thread, bumped by a worker after each message it posts. */
  counters: Int32Array;
}

/**
 * Lint the shares on worker threads, the first on this thread with `lintOwn` (given this thread's
 * files and the run's index of documents). Returns this thread's result and each worker's files.
 */
export function runShares<T>(
  shares: DiscoveredFile[][],
  script: URL,
  options: WorkerOptions,
  lintOwn: (own: (LoadedFile | Unloaded)[], index: ManifestDoc[]) => T,
): { own: T; workerFiles: FileResult[] } {
  const flag = new SharedArrayBuffer(4 * shares.length);
  const counters = new Int32Array(flag);
  const workers: Running[] = shares.slice(1).map((inputs, i) => {
    const { port1, port2 } = new MessageChannel();
    const data: WorkerData = { share: i + 1, inputs, options, port: port2, flag };
    const worker = new Worker(script, {
      workerData: data,
      transferList: [port2],
      // Not the parent's flags: under `node -e <code>` a worker inheriting them runs <code> again.
      execArgv: [],
    });
    worker.unref();
    return { worker, port: port1, slot: i + 1, counters };
  });
  try {
    const own = shares[0]!.map((input) => loadInput(input, options));
    const sharedFiles: (SharedFile[] | null)[] = [own.map(sharedFileOf)];
    for (const w of workers) sharedFiles.push(expect(receive(w), 'docs').files);
    // Every worker gets every share but its own, once all have parsed theirs.
    for (const w of workers)
      w.port.postMessage({
        type: 'shares',
        shares: sharedFiles.map((s, i) => (i === w.slot ? null : s)),
      } satisfies SharesMessage);
    const result = lintOwn(own, indexOf(own, 0, sharedFiles, options));
    const workerFiles = workers.flatMap((w) => expect(receive(w), 'result').files.map(receivedFile));
    return { own: result, workerFiles };
  } finally {
    for (const w of workers) void w.worker.terminate();
  }
}

function expect<T extends WorkerMessage['type']>(
  message: WorkerMessage,
  type: T,
): Extract<WorkerMessage, { type: T }> {
  if (message.type === 'error') throw deserializeError(message.error);
  if (message.type !== type)
    throw new Error(`kubelint: a lint worker sent "${message.type}", expected "${type}"`);
  return message as Extract<WorkerMessage, { type: T }>;
}

/** Block until the worker posts a message (it bumps its slot of the flag after each). */
function receive({ port, slot, counters }: Running): WorkerMessage {
  for (;;) {
    const seen = Atomics.load(counters, slot);
    const received = receiveMessageOnPort(port);
    if (received) return received.message as WorkerMessage;
    Atomics.wait(counters, slot, seen, 1000);
  }
}

/** A worker's file result, ready to post: lazy fixes as their data (computing edits costs a parse). */
export function sentFile(file: FileResult): SentFileResult {
  const send = (f: Finding): SentFinding => {
    const spec = f.fix && deferredOf(f.fix);
    if (!spec) return f;
    const rest: SentFinding = { ...f, deferredFix: spec };
    delete rest.fix;
    return rest;
  };
  return { ...file, findings: file.findings.map(send), suppressed: file.suppressed.map(send) };
}

function receivedFile(sent: SentFileResult): FileResult {
  const source = sent.text === undefined ? undefined : createSourceFile(sent.path, sent.text);
  const receive = ({ deferredFix: spec, ...f }: SentFinding): Finding =>
    spec && source ? { ...f, fix: deferredFix(source, spec) } : f;
  return { ...sent, findings: sent.findings.map(receive), suppressed: sent.suppressed.map(receive) };
}

export function sharedFileOf(l: LoadedFile | Unloaded): SharedFile {
  if (!('docs' in l)) return { path: l.path, docs: [] };
  return {
    path: l.file.path,
    docs: l.docs.map((d) => {
      const doc: SharedDoc = { index: d.index, bytes: serialize(d.object) };
      if (d.listItem !== undefined) doc.listItem = d.listItem;
      if (d.resource) doc.resource = d.resource;
      return doc;
    }),
  };
}

/** Every document of the run in run order: this thread's own, and stand-ins for the other shares'. */
export function indexOf(
  own: (LoadedFile | Unloaded)[],
  share: number,
  shares: readonly (SharedFile[] | null)[],
  options: InputOptions,
): ManifestDoc[] {
  return shares.flatMap((files, i) =>
    i === share
      ? own.flatMap((l) => ('docs' in l ? l.docs : []))
      : (files ?? []).flatMap((f) => {
          const source = new SharedSource(f.path, options);
          return f.docs.map((d) => new SharedManifest(source, d));
        }),
  );
}

/**
 * A value as the loader builds it: structured cloning gives objects Object.prototype, while
 * documents are records without it (a `constructor` key is just a key; src/load/tree.ts).
 */
function asRecords(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = asRecords(value[i]);
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const out = newRecord<unknown>();
  for (const key of Object.keys(value)) out[key] = asRecords((value as Record<string, unknown>)[key]);
  return out;
}

export function serializeError(err: unknown): SerializedError {
  const e = err instanceof Error ? err : new Error(String(err));
  const out: SerializedError = { message: e.message, stack: e.stack };
  if (e instanceof RuleError) {
    const cause = e.cause instanceof Error ? e.cause : new Error(String(e.cause));
    out.rule = { ruleId: e.ruleId, file: e.file, causeMessage: cause.message, causeStack: cause.stack };
  }
  return out;
}

function deserializeError(s: SerializedError): Error {
  let e: Error;
  if (s.rule) {
    const cause = new Error(s.rule.causeMessage);
    cause.stack = s.rule.causeStack;
    e = new RuleError(s.rule.ruleId, s.rule.file, '', cause);
    e.message = s.message;
  } else e = new Error(s.message);
  e.stack = s.stack;
  return e;
}

/**
 * Another share's file, read and parsed again on first need: sending every text to every thread
 * would cost more than the few related locations that point into another share.
 */
class SharedSource implements SourceFile {
  private loaded?: LoadedFile | Unloaded;

  constructor(
    readonly path: string,
    private readonly options: InputOptions,
  ) {}

  private load(): LoadedFile | Unloaded {
    return (this.loaded ??= loadInput({ path: this.path, walked: false }, this.options));
  }

  get text(): string {
    const l = this.load();
    return 'file' in l ? l.file.text : '';
  }

  get lineStarts(): number[] {
    const l = this.load();
    return 'file' in l ? l.file.lineStarts : [0];
  }

  /** The document as its own thread parsed it (parsing is deterministic). */
  manifest(index: number, listItem: number | undefined): ManifestDoc | undefined {
    const l = this.load();
    return 'docs' in l ? l.docs.find((d) => d.index === index && d.listItem === listItem) : undefined;
  }
}

/** Another share's document: its plain object decoded on first read, its positions on demand. */
class SharedManifest implements ManifestDoc {
  readonly index: number;
  readonly listItem?: number;
  readonly resource?: ResourceId;
  private bytes: Uint8Array | undefined;
  private decoded: unknown;

  constructor(
    readonly file: SharedSource,
    doc: SharedDoc,
  ) {
    this.index = doc.index;
    if (doc.listItem !== undefined) this.listItem = doc.listItem;
    this.bytes = doc.bytes;
    if (doc.resource) this.resource = doc.resource;
  }

  get object(): unknown {
    if (this.bytes) {
      this.decoded = asRecords(deserialize(this.bytes));
      this.bytes = undefined;
    }
    return this.decoded;
  }

  locate(path: JsonPath, options?: LocateOptions): Range {
    // Only if the file changed on disk since its thread read it is the document not there.
    const doc = this.file.manifest(this.index, this.listItem);
    return doc ? doc.locate(path, options) : rangeOf(this.file, 0, 0);
  }

  has(path: JsonPath): boolean {
    return this.file.manifest(this.index, this.listItem)?.has(path) ?? false;
  }

  pathAt(offset: number): { path: JsonPath; key: boolean } | undefined {
    return this.file.manifest(this.index, this.listItem)?.pathAt(offset);
  }
}
