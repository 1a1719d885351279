import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node.js';
import { generateCorpus } from './corpus.js';

// `node dist/bench/lsp-latency.js [--files N] [--edits N]`: time from didChange to publishDiagnostics
// in `kubelint lsp --stdio` (the built CLI), for a 1,000-line multi-document file open in a workspace
// folder of N other manifest files (default 200). The debounce (150 ms) is included in the raw time
// and subtracted in the "after debounce" figure.
const ROOT = join(import.meta.dirname, '..', '..');
const DEBOUNCE_MS = 150;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const otherFiles = arg('--files', 200);
const edits = arg('--edits', 50);

const dir = mkdtempSync(join(tmpdir(), 'kubelint-lsp-bench-'));
try {
  for (const f of generateCorpus({ files: otherFiles, docsPerFile: 10, seed: 7 })) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  let text = '';
  for (const f of generateCorpus({ files: 40, docsPerFile: 4, seed: 11 })) {
    text += (text ? '---\n' : '') + f.text;
    if (text.split('\n').length >= 1000) break;
  }
  const lines = text.split('\n');
  const open = join(dir, 'edited', 'app.yaml');
  mkdirSync(dirname(open), { recursive: true });
  writeFileSync(open, text);
  const uri = pathToFileURL(open).href;

  const child = spawn(process.execPath, [join(ROOT, 'bin', 'kubelint.js'), 'lsp', '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  let published: ((version: number) => void) | undefined;
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri === uri && p.version !== undefined) published?.(p.version);
  });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }],
    capabilities: {},
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const waitFor = (version: number): Promise<void> =>
    new Promise((done) => {
      published = (v) => {
        if (v >= version) done();
      };
    });
  let ready = waitFor(1);
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'yaml', version: 1, text },
  });
  await ready;

  // Each edit renames a label value on some line in the middle of the file: one character typed.
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    const version = i + 2;
    const line = 500 + i;
    ready = waitFor(version);
    const t0 = performance.now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [
        {
          range: {
            start: { line, character: (lines[line] ?? '').length },
            end: { line, character: (lines[line] ?? '').length },
          },
          text: ' ',
        },
      ],
    });
    await ready;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(
    `${lines.length} lines open, ${otherFiles} other files: didChange → publishDiagnostics median ${median.toFixed(1)} ms over ${edits} edits (${(median - DEBOUNCE_MS).toFixed(1)} ms after the ${DEBOUNCE_MS} ms debounce; min ${(times[0] ?? 0).toFixed(1)}, max ${(times.at(-1) ?? 0).toFixed(1)})`,
  );
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  connection.dispose();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
