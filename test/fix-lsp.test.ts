import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createConnection } from 'vscode-languageserver/node.js';
import {
  CodeActionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { builtinRules } from '../rules/index.js';
import { startServer } from '../src/lsp/server.js';

/** A protocol client talking to the server in this process over in-memory streams. */
async function connect(root: string) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), {
    rules: builtinRules,
    debounceMs: 0,
  });
  const client = createProtocolConnection(
    new StreamMessageReader(toClient),
    new StreamMessageWriter(toServer),
  );
  const published: PublishDiagnosticsParams[] = [];
  client.onNotification(PublishDiagnosticsNotification.type, (p) => published.push(p));
  client.listen();
  await client.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    capabilities: {},
  });
  await client.sendNotification(InitializedNotification.type, {});
  const diagnostics = async (uri: string, version: number) => {
    for (let i = 0; i < 1200; i++) {
      const hit = published.find((p) => p.uri === uri && p.version === version);
      if (hit) return hit.diagnostics;
      await new Promise((done) => setTimeout(done, 50));
    }
    throw new Error(`no diagnostics for ${uri} version ${version}`);
  };
  return { client, diagnostics };
}

const CRONJOB = `# nightly — café ☕
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:   # pod
          containers:
            - name: report # ☕ before the span
              image: busybox   # moving tag
              args: ["echo", "done"]
`;

describe("LSP quick fixes from rules' fixes", { timeout: 120_000 }, () => {
  it('applying the quick fix removes the finding', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kubelint-fix-lsp-'));
    const { client, diagnostics } = await connect(root);
    const uri = pathToFileURL(join(root, 'cron.yaml')).href;
    await client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version: 1, text: CRONJOB },
    });
    let document = TextDocument.create(uri, 'yaml', 1, CRONJOB);
    const first = await diagnostics(uri, 1);
    expect(first.map((d) => d.code).sort()).toEqual([
      'job-restart-policy-always',
      'latest-tag-implicit-pull',
    ]);

    for (const [version, ruleId, title] of [
      [2, 'job-restart-policy-always', 'Set restartPolicy: Never'],
      [3, 'latest-tag-implicit-pull', 'Make the default imagePullPolicy explicit: Always'],
    ] as const) {
      const current = await diagnostics(uri, version - 1);
      const diagnostic = current.find((d) => d.code === ruleId);
      expect(diagnostic).toBeDefined();
      const actions = (await client.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: diagnostic!.range,
        context: { diagnostics: [diagnostic!] },
      })) as CodeAction[];
      const fix = actions.find((a) => a.title === title);
      expect(fix?.isPreferred).toBe(true);
      const edits = fix?.edit?.changes?.[uri] ?? [];
      expect(edits).toHaveLength(1);
      const text = TextDocument.applyEdits(document, edits);
      document = TextDocument.create(uri, 'yaml', version, text);
      await client.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
      expect((await diagnostics(uri, version)).map((d) => d.code)).not.toContain(ruleId);
    }
    expect(document.getText()).toBe(
      CRONJOB.replace(
        'busybox   # moving tag\n',
        'busybox   # moving tag\n              imagePullPolicy: Always\n',
      ).replace('args: ["echo", "done"]\n', 'args: ["echo", "done"]\n          restartPolicy: Never\n'),
    );
    expect(await diagnostics(uri, 3)).toEqual([]);
    client.dispose();
  });
});
