import { resolve } from 'node:path';
import { workerData } from 'node:worker_threads';
import type { SharesMessage, WorkerData, WorkerMessage } from '../engine/parallel.js';

// A worker thread of a parallel run (src/engine/parallel.ts), started from the script the caller
// names in LintOptions.workerScript (the CLI's and src/index.ts's lint name this one): parse this
// share's files, trade documents with the main thread, lint this share's files against the whole
// run's index, send back the results.
//
// The main thread blocks until a worker posts (lint() is synchronous), so a worker must post even
// when it fails: kubelint's modules are imported dynamically inside the try below, and an exit
// without a result posts an error.

const { share, inputs, options, port, flag } = workerData as WorkerData;
let done = false;

/** Post a message to the main thread and wake it (it waits on this thread's counter). */
function post(message: WorkerMessage): void {
  port.postMessage(message);
  const counters = new Int32Array(flag);
  Atomics.add(counters, share, 1);
  Atomics.notify(counters, share);
}

const shares = new Promise<SharesMessage>((resolveShares) =>
  port.once('message', (m: SharesMessage) => resolveShares(m)),
);

process.on('exit', () => {
  if (!done) post({ type: 'error', error: { message: 'kubelint: a lint worker exited early' } });
});

try {
  const [{ builtinRules }, { ConfigResolver }, { allRuleInfos, lintLoaded }, parallel, { loadInput }] =
    await Promise.all([
      import('../../rules/index.js'),
      import('../engine/config.js'),
      import('../engine/lint.js'),
      import('../engine/parallel.js'),
      import('../load/input.js'),
    ]);
  const ids = builtinRules.map((r) => r.id).join();
  if (ids !== options.ruleIds.join())
    throw new Error('kubelint: worker threads lint with the built-in rules only (LintOptions.workerScript)');
  const resolver = new ConfigResolver(
    allRuleInfos(builtinRules),
    options.configFile && resolve(options.cwd, options.configFile),
  );
  const own = inputs.map((input) => loadInput(input, options));
  post({ type: 'docs', files: own.map(parallel.sharedFileOf) });
  const index = parallel.indexOf(own, share, (await shares).shares, options);
  const { files } = lintLoaded(own, { ...options, rules: builtinRules }, resolver, options.cwd, [], {
    index,
  });
  done = true;
  post({ type: 'result', files: files.map(parallel.sentFile) });
} catch (err) {
  done = true;
  const { serializeError } = await import('../engine/parallel.js').catch(() => ({
    serializeError: (e: unknown) => ({ message: e instanceof Error ? e.message : String(e) }),
  }));
  post({ type: 'error', error: serializeError(err) });
}
