import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection as createServerConnection } from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { builtinRules } from '../rules/index.js';
import { defineRule } from '../src/engine/index.js';
import { startServer, type ServerOptions } from '../src/lsp/server.js';
import { crdYaml } from './crd-helpers.js';
import {
  CodeActionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node.js';
import { UNICODE_JOB as JOB } from './helpers.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'kubelint.js');

/** A real LSP client over the server process's stdio, recording what the server pushes. */
class Client {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly messages: string[] = [];
  readonly registrations: string[] = [];
  private readonly waiters: (() => void)[] = [];

  private constructor(
    readonly connection: ProtocolConnection,
    readonly exited: Promise<number | null>,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.push(p);
      this.wake();
    });
    connection.onNotification(ShowMessageNotification.type, (p) => {
      this.messages.push(p.message);
      this.wake();
    });
    connection.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(...p.registrations.map((r) => r.method));
    });
  }

  /** The built CLI, `kubelint lsp --stdio`, as an editor starts it. */
  static spawn(root: string, initializationOptions?: object): Promise<Client> {
    const child: ChildProcess = spawn(process.execPath, [BIN, 'lsp', '--stdio'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    return new Client(connection, exited).initialize(root, initializationOptions);
  }

  /** The server in this process, over in-memory streams, with rules of the test's choosing. */
  static inProcess(root: string, options: ServerOptions): Promise<Client> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    startServer(
      createServerConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)),
      options,
    );
    const connection = createProtocolConnection(
      new StreamMessageReader(toClient),
      new StreamMessageWriter(toServer),
    );
    return new Client(connection, new Promise(() => {})).initialize(root);
  }

  private async initialize(root: string, initializationOptions?: object): Promise<Client> {
    const connection = this.connection;
    connection.listen();
    const init = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      initializationOptions,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }],
      capabilities: {
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    expect(init.capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    await connection.sendNotification(InitializedNotification.type, {});
    return this;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** The next diagnostics published for `uri` (after `from` earlier notifications) that satisfy `ok`. */
  async diagnosticsFor(
    uri: string,
    ok: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean = () => true,
    from = 0,
  ): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const hit = this.diagnostics.slice(from).find((p) => p.uri === uri && ok(p.diagnostics, p));
      if (hit) return hit;
      if (Date.now() > deadline)
        throw new Error(
          `no matching diagnostics for ${uri}; got ${JSON.stringify(this.diagnostics, null, 1)}`,
        );
      await new Promise<void>((done) => {
        this.waiters.push(done);
        setTimeout(done, 200);
      });
    }
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version, text },
    });
  }

  async stop(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }
}

const WAITING_POD = `apiVersion: v1
kind: Pod
metadata:
  name: myapp
spec:
  containers:
    - name: app
      image: busybox:1.28
      command: ['sh', '-c', 'echo The app is running! && sleep 3600']
  initContainers:
    - name: init-mydb
      image: busybox:1.28
      command: ['sh', '-c', 'until nslookup mydb; do echo waiting for mydb; sleep 2; done']
`;

const service = (name: string): string => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: x}
  ports: [{port: 80}]
`;

let dir: string;
const uriOf = (rel: string): string => pathToFileURL(join(dir, rel)).href;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelint-lsp-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'pod.yaml'), WAITING_POD);
  writeFileSync(join(dir, 'app', 'other-service.yaml'), service('cache'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kubelint lsp --stdio with a real client', () => {
  it('publishes exact diagnostics, quick fixes and hover, and clears them when fixed', async () => {
    const client = await Client.spawn(dir);
    const uri = uriOf('job.yaml');
    await client.open(uri, JOB);
    const { diagnostics, version } = await client.diagnosticsFor(uri);
    expect(version).toBe(1);
    expect(diagnostics.map((d) => d.code)).toEqual(['job-restart-policy-always', 'duplicate-container-name']);
    const [restart, duplicate] = diagnostics as [Diagnostic, Diagnostic];
    expect(restart).toMatchObject({
      source: 'kubelint',
      severity: 1,
      range: { start: { line: 8, character: 21 }, end: { line: 8, character: 27 } },
      codeDescription: {
        href: 'https://github.com/kubelint/kubelint/blob/main/rules/job-restart-policy-always/README.md',
      },
    });
    // Line 12 has "é" (one UTF-16 unit) and "🚀" (two) before the span: LSP counts UTF-16 code units.
    const line12 = JOB.split('\n')[11]!;
    expect(line12.indexOf('name: app') + 'name: '.length).toBe(61);
    expect([...line12.slice(0, 61)].length).toBe(60);
    expect(duplicate.range).toEqual({ start: { line: 11, character: 61 }, end: { line: 11, character: 64 } });
    expect(duplicate.relatedInformation).toEqual([
      {
        message: '"app" first used here',
        location: { uri, range: { start: { line: 10, character: 17 }, end: { line: 10, character: 20 } } },
      },
    ]);

    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 11, character: 62 },
    });
    const markdown = (hover?.contents as MarkupContent).value;
    expect(markdown).toContain('`duplicate-container-name`');
    expect(markdown).toContain('(correctness): Two containers of one pod share a name');
    expect(markdown).toContain(
      '(https://github.com/kubelint/kubelint/blob/main/rules/duplicate-container-name/README.md)',
    );
    // Off the diagnostics: the field under the cursor, as kubectl explain describes it.
    const kind = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 2, character: 1 },
    });
    expect((kind?.contents as MarkupContent).value).toMatch(
      /^\*\*kind\*\* `<string>`\n\nKind is a string value/,
    );
    expect((kind?.contents as MarkupContent).value).not.toContain('kubelint');

    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: duplicate.range,
      context: { diagnostics: [duplicate] },
    })) as CodeAction[];
    const disable = actions.find((a) => a.title === 'Disable duplicate-container-name for this line');
    expect(disable?.kind).toBe('quickfix');
    const edits = disable?.edit?.changes?.[uri] ?? [];
    const disabled = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, JOB), edits);
    expect(disabled.split('\n').slice(10, 13)).toEqual([
      JOB.split('\n')[10],
      '        # kubelint-disable-next-line duplicate-container-name',
      line12,
    ]);

    // Applied by the client, the edit silences the finding (an inline suppression).
    let before = client.diagnostics.length;
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
    const suppressed = await client.diagnosticsFor(uri, () => true, before);
    expect(suppressed.version).toBe(2);
    expect(suppressed.diagnostics.map((d) => d.code)).toEqual(['job-restart-policy-always']);

    // Two quick incremental edits: the restartPolicy fixed, the second container renamed.
    before = client.diagnostics.length;
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 3 },
      contentChanges: [
        { range: { start: { line: 8, character: 21 }, end: { line: 8, character: 27 } }, text: 'Never' },
      ],
    });
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 4 },
      contentChanges: [
        { range: { start: { line: 12, character: 61 }, end: { line: 12, character: 64 } }, text: 'worker' },
      ],
    });
    const fixed = await client.diagnosticsFor(uri, (d) => d.length === 0, before);
    expect(fixed.version).toBe(4);
    // Debounced: the two edits produced one lint, of the latest version only.
    expect(client.diagnostics.slice(before).filter((p) => p.uri === uri)).toHaveLength(1);

    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
    expect(client.messages).toEqual([]);
    expect(await client.stop()).toBe(0);
  });

  it('disables a rule for the resource with the kubelint.dev/ignore annotation', async () => {
    const client = await Client.spawn(dir);
    const uri = uriOf('annotate/job.yaml');
    const text = `${service('db')}---\n${JOB}`;
    await client.open(uri, text);
    const { diagnostics } = await client.diagnosticsFor(uri);
    const duplicate = diagnostics.find((d) => d.code === 'duplicate-container-name')!;
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: duplicate.range,
      context: { diagnostics: [duplicate] },
    })) as CodeAction[];
    expect(actions.map((a) => a.title)).toEqual([
      'Rename the container to "app-2"',
      'Disable duplicate-container-name for this line',
      'Disable duplicate-container-name for this resource',
    ]);
    const edits = actions[2]?.edit?.changes?.[uri] ?? [];
    const edited = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
    expect(edited).toBe(
      text.replace(
        '  name: report\n',
        '  name: report\n  annotations:\n    kubelint.dev/ignore: duplicate-container-name\n',
      ),
    );
    const before = client.diagnostics.length;
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
    const after = await client.diagnosticsFor(uri, (_, p) => p.version === 2, before);
    expect(after.diagnostics.map((d) => d.code)).toEqual(
      diagnostics.map((d) => d.code).filter((c) => c !== 'duplicate-container-name'),
    );
    expect(after.diagnostics.map((d) => d.code)).toContain('job-restart-policy-always');
    expect(await client.stop()).toBe(0);
  });

  it('describes the field under the cursor from the embedded schemas, like kubectl explain', async () => {
    const client = await Client.spawn(dir);
    const uri = uriOf('explain/deploy.yaml');
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: IfNotPresent
          resources: {limits: {cpu: 500m}}
          bogus: 1
`;
    await client.open(uri, text);
    await client.diagnosticsFor(uri);
    const hover = async (needle: string, shift = 1): Promise<{ value: string; range: unknown } | null> => {
      const offset = text.indexOf(needle) + shift;
      const before = text.slice(0, offset).split('\n');
      const h = await client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: before.length - 1, character: before.at(-1)!.length },
      });
      return h && { value: (h.contents as MarkupContent).value, range: h.range };
    };
    const image = await hover('image:');
    expect(image?.value).toMatch(
      /^\*\*spec\.template\.spec\.containers\[0\]\.image\*\* `<string>`\n\nContainer image name\./,
    );
    expect(image?.value).toContain('*Deployment (apps/v1) · Kubernetes 1.36*');
    expect(image?.range).toEqual({ start: { line: 13, character: 10 }, end: { line: 13, character: 15 } });
    // On the value: the same field, the value's range.
    expect((await hover('nginx:1.27'))?.range).toEqual({
      start: { line: 13, character: 17 },
      end: { line: 13, character: 27 },
    });
    expect((await hover('containers:'))?.value).toMatch(
      /`<\[\]Container>` \*\(required\)\*\n\nList of containers/,
    );
    expect((await hover('replicas'))?.value).toMatch(
      /^\*\*spec\.replicas\*\* `<integer>`\n\nNumber of desired pods/,
    );
    expect((await hover('IfNotPresent'))?.value).toContain('Values: `Always`, `Never`, `IfNotPresent`');
    expect((await hover('500m'))?.value).toMatch(
      /^\*\*spec\.template\.spec\.containers\[0\]\.resources\.limits\.cpu\*\* `<Quantity>`/,
    );
    expect((await hover('app: web}'))?.value).toMatch(
      /^\*\*metadata\.labels\.app\*\* `<string>`\n\nMap of string keys/,
    );
    // An unknown field has no schema: only its diagnostic's hover.
    const bogus = await hover('bogus');
    expect(bogus?.value).toContain('`schema-unknown-field`');
    expect(bogus?.value).not.toContain('**spec.template');

    // The Kubernetes version is the nearest config's kubernetesVersion.
    mkdirSync(join(dir, 'explain'), { recursive: true });
    writeFileSync(join(dir, 'explain', '.kubelint.yaml'), 'kubernetesVersion: "1.34"\n');
    expect((await hover('replicas'))?.value).toContain('*Deployment (apps/v1) · Kubernetes 1.34*');
    expect(await client.stop()).toBe(0);
  });

  it('sees the other YAML files of the workspace folder, with open buffers overriding disk', async () => {
    const client = await Client.spawn(dir);
    const uri = uriOf('app/pod.yaml');
    await client.open(uri, WAITING_POD);
    const first = await client.diagnosticsFor(uri);
    expect(client.registrations).toContain('workspace/didChangeWatchedFiles');
    expect(first.diagnostics.map((d) => d.code)).toEqual(['init-waits-for-missing-service']);
    // The namespace has a Service in another file (app/other-service.yaml), so this is a warning.
    expect(first.diagnostics[0]?.severity).toBe(2);

    // A Service "mydb" written to disk in another folder of the workspace, reported by the client.
    let before = client.diagnostics.length;
    mkdirSync(join(dir, 'db'), { recursive: true });
    writeFileSync(join(dir, 'db', 'service.yaml'), service('mydb'));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf('db/service.yaml'), type: FileChangeType.Created }],
    });
    await client.diagnosticsFor(uri, (d) => d.length === 0, before);

    // Its buffer, edited but unsaved, wins over the file on disk.
    before = client.diagnostics.length;
    const serviceUri = uriOf('db/service.yaml');
    await client.open(serviceUri, service('mydb'));
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: serviceUri, version: 2 },
      contentChanges: [{ text: service('postgres') }],
    });
    const back = await client.diagnosticsFor(uri, (d) => d.length === 1, before);
    expect(back.diagnostics[0]?.code).toBe('init-waits-for-missing-service');

    // Closing the buffer drops the unsaved edit: the disk file's Service counts again.
    before = client.diagnostics.length;
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri: serviceUri },
    });
    await client.diagnosticsFor(serviceUri, (d) => d.length === 0, before);
    await client.diagnosticsFor(uri, (d) => d.length === 0, before);
    expect(await client.stop()).toBe(0);
  });

  it('validates a custom resource against a CustomResourceDefinition in another workspace file', async () => {
    mkdirSync(join(dir, 'crds'), { recursive: true });
    writeFileSync(
      join(dir, 'crds', 'widget-crd.yaml'),
      crdYaml('Widget', 'type: object\nproperties: {size: {type: integer}}\n'),
    );
    const client = await Client.spawn(dir);
    const uri = uriOf('crds/widget.yaml');
    await client.open(
      uri,
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: "3"}\n',
    );
    try {
      const { diagnostics } = await client.diagnosticsFor(uri);
      expect(
        diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.message]),
      ).toEqual([['schema-type', 3, 13, 'spec.size must be an integer, got the string "3"']]);
      expect(await client.stop()).toBe(0);
    } finally {
      // The other tests' workspace stays as it was (validating a CRD costs time).
      rmSync(join(dir, 'crds'), { recursive: true, force: true });
    }
  });

  it("validates with the JSON Schemas of the config's schemaDirs, and reports a missing one on the config", async () => {
    mkdirSync(join(dir, 'sd', 'schemas'), { recursive: true });
    writeFileSync(join(dir, 'sd', '.kubelint.yaml'), 'schemaDirs: [schemas]\n');
    writeFileSync(
      join(dir, 'sd', 'schemas', 'thing-acme-v1.json'),
      JSON.stringify({
        type: 'object',
        properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
      }),
    );
    const client = await Client.spawn(dir);
    const uri = uriOf('sd/thing.yaml');
    try {
      await client.open(uri, 'apiVersion: acme.io/v1\nkind: Thing\nmetadata: {name: t}\nspec: {size: "3"}\n');
      const { diagnostics } = await client.diagnosticsFor(uri);
      expect(
        diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.message]),
      ).toEqual([['schema-type', 3, 13, 'spec.size must be an integer, got the string "3"']]);
      // An edited schema file is read again when the client reports the change.
      const edited = client.diagnostics.length;
      writeFileSync(
        join(dir, 'sd', 'schemas', 'thing-acme-v1.json'),
        JSON.stringify({
          type: 'object',
          properties: { spec: { type: 'object', properties: { size: { type: 'string' } } } },
        }),
      );
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: uriOf('sd/schemas/thing-acme-v1.json'), type: FileChangeType.Changed }],
      });
      await client.diagnosticsFor(uri, (d) => d.length === 0, edited);
      const before = client.diagnostics.length;
      writeFileSync(join(dir, 'sd', '.kubelint.yaml'), 'schemaDirs: [schemas, ./missing]\n');
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: uriOf('sd/.kubelint.yaml'), type: FileChangeType.Changed }],
      });
      const config = await client.diagnosticsFor(uriOf('sd/.kubelint.yaml'), (d) => d.length > 0, before);
      expect(
        config.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.message]),
      ).toEqual([
        [
          'config-invalid',
          0,
          22,
          `schema directory "./missing" is not a directory (resolved to ${join(dir, 'sd', 'missing')})`,
        ],
      ]);
      expect(await client.stop()).toBe(0);
    } finally {
      rmSync(join(dir, 'sd'), { recursive: true, force: true });
    }
  });

  it('says nothing about YAML that is not Kubernetes', async () => {
    const client = await Client.spawn(dir);
    const uri = uriOf('.github/workflows/ci.yml');
    await client.open(
      uri,
      'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    );
    expect((await client.diagnosticsFor(uri)).diagnostics).toEqual([]);
    expect(await client.stop()).toBe(0);
  });

  it('reloads the nearest .kubelint.yaml when the client reports it changed', async () => {
    const client = await Client.spawn(dir);
    const uri = uriOf('config/pod.yaml');
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: app, image: nginx}\n';
    await client.open(uri, pod);
    expect((await client.diagnosticsFor(uri)).diagnostics.map((d) => d.code)).toEqual([
      'latest-tag-implicit-pull',
    ]);
    const before = client.diagnostics.length;
    mkdirSync(join(dir, 'config'), { recursive: true });
    writeFileSync(join(dir, 'config', '.kubelint.yaml'), 'rules:\n  latest-tag-implicit-pull: off\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf('config/.kubelint.yaml'), type: FileChangeType.Created }],
    });
    await client.diagnosticsFor(uri, (d) => d.length === 0, before);
    expect(await client.stop()).toBe(0);
  });
});

describe('kubelint language server robustness', () => {
  it('reports a crashing rule once and keeps serving the other rules', async () => {
    const crashing = defineRule({
      id: 'crashes-always',
      meta: { category: 'style', severity: 'warning', recommended: true, description: 'Test rule' },
      check() {
        throw new Error('boom');
      },
    });
    const client = await Client.inProcess(dir, { rules: [crashing, ...builtinRules], debounceMs: 0 });
    const uri = uriOf('crash/job.yaml');
    await client.open(uri, JOB);
    const first = await client.diagnosticsFor(uri);
    expect(first.diagnostics.map((d) => d.code)).toEqual([
      'job-restart-policy-always',
      'duplicate-container-name',
    ]);
    const before = client.diagnostics.length;
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: JOB.replace('Always', 'Never') }],
    });
    await client.diagnosticsFor(uri, (d) => d.length === 1, before);
    expect(client.messages).toHaveLength(1);
    expect(client.messages[0]).toMatch(
      /rule "crashes-always" crashed on .*: boom\. The other rules still run/,
    );
    client.connection.dispose();
  });

  it('never fails on half-typed YAML, keystroke by keystroke', async () => {
    const client = await Client.inProcess(dir, { rules: builtinRules, debounceMs: 0 });
    const uri = uriOf('typing/job.yaml');
    await client.open(uri, '');
    await client.diagnosticsFor(uri);
    const doc = { text: '', line: 0, character: 0 };
    for (const [i, ch] of [...JOB].entries()) {
      const before = client.diagnostics.length;
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: i + 2 },
        contentChanges: [{ range: { start: doc, end: doc }, text: ch }],
      });
      if (ch === '\n') Object.assign(doc, { line: doc.line + 1, character: 0 });
      else doc.character += ch.length;
      const published = await client.diagnosticsFor(uri, (_, p) => p.version === i + 2, before);
      for (const d of published.diagnostics) expect(d.range.start.line).toBeLessThanOrEqual(doc.line);
    }
    const last = client.diagnostics.at(-1);
    expect(last?.diagnostics.map((d) => d.code)).toEqual([
      'job-restart-policy-always',
      'duplicate-container-name',
    ]);
    expect(client.messages).toEqual([]);
    client.connection.dispose();
  });
});

/**
 * Type `text` into a new buffer of the spawned server in chunks of `size` characters (incremental
 * didChange, as an editor sends keystrokes), waiting for each version's diagnostics, which must lie
 * inside the text typed so far. Returns every publication, in order.
 */
async function typeInto(
  client: Client,
  uri: string,
  text: string,
  size: number,
): Promise<PublishDiagnosticsParams[]> {
  await client.open(uri, '');
  await client.diagnosticsFor(uri);
  const at = { line: 0, character: 0 };
  const seen: PublishDiagnosticsParams[] = [];
  let version = 1;
  for (let i = 0; i < text.length; i += size) {
    const chunk = text.slice(i, i + size);
    const before = client.diagnostics.length;
    version++;
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { ...at }, end: { ...at } }, text: chunk }],
    });
    const lines = chunk.split('\n');
    if (lines.length > 1)
      Object.assign(at, { line: at.line + lines.length - 1, character: lines.at(-1)!.length });
    else at.character += chunk.length;
    const expected = version;
    const published = await client.diagnosticsFor(uri, (_, p) => p.version === expected, before);
    for (const d of published.diagnostics) {
      expect(d.range.start.line).toBeLessThanOrEqual(at.line);
      expect(d.range.end.line).toBeLessThanOrEqual(at.line);
    }
    seen.push(published);
  }
  return seen;
}

describe('acceptance: half-typed YAML over the real process', () => {
  it('survives a multi-document manifest typed keystroke by keystroke, then reports exactly its problems', async () => {
    // A workspace folder of its own: no Service from the other tests' files.
    mkdirSync(join(dir, 'typed'), { recursive: true });
    const client = await Client.spawn(join(dir, 'typed'), { debounceMs: 0 });
    const uri = uriOf('typed/app.yaml');
    const text = `${JOB}---\n${WAITING_POD}`;
    const published = await typeInto(client, uri, text, 2);
    expect(published).toHaveLength(Math.ceil(text.length / 2));
    // Half-typed states do produce syntax and schema findings on the way…
    expect(new Set(published.flatMap((p) => p.diagnostics.map((d) => d.code)))).toContain('yaml-syntax');
    // …and the finished text gets exactly what a fresh open of it gets.
    const fresh = uriOf('typed/fresh.yaml');
    await client.open(fresh, text);
    const expected = (await client.diagnosticsFor(fresh)).diagnostics;
    expect(expected.map((d) => d.code)).toEqual([
      'job-restart-policy-always',
      'duplicate-container-name',
      'init-waits-for-missing-service',
    ]);
    expect(published.at(-1)?.diagnostics).toEqual(
      JSON.parse(JSON.stringify(expected).replaceAll(fresh, uri)) as Diagnostic[],
    );
    expect(client.messages).toEqual([]);
    expect(await client.stop()).toBe(0);
  }, 120_000);

  it('has nothing to say about non-Kubernetes YAML, typed a few keystrokes at a time', async () => {
    const client = await Client.spawn(dir, { debounceMs: 0 });
    const files: [string, string][] = [
      [
        '.github/workflows/build.yml',
        'name: build\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n',
      ],
      [
        'compose/docker-compose.yaml',
        'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    depends_on: [db]\n  db:\n    image: postgres:16\n',
      ],
      [
        'chart/values.yaml',
        '# Default values\nreplicaCount: 1\nimage:\n  repository: nginx\n  tag: ""\nresources: {}\n',
      ],
    ];
    for (const [path, text] of files) {
      const published = await typeInto(client, uriOf(path), text, 3);
      // At most a syntax error while a flow collection or quote is still open; never a lint finding.
      for (const p of published) for (const d of p.diagnostics) expect(d.code).toBe('yaml-syntax');
      expect(published.at(-1)?.diagnostics).toEqual([]);
    }
    expect(client.messages).toEqual([]);
    expect(await client.stop()).toBe(0);
  }, 120_000);
});

describe('workspace folder cache', () => {
  it('parses each other file once, and again only when reported changed or re-walked with new mtime/size', async () => {
    const { FolderFiles } = await import('../src/lsp/workspace.js');
    const root = mkdtempSync(join(tmpdir(), 'kubelint-folder-'));
    try {
      writeFileSync(join(root, 'a.yaml'), service('a'));
      writeFileSync(join(root, 'b.yaml'), service('b'));
      writeFileSync(join(root, 'open.yaml'), service('open'));
      const folder = new FolderFiles(root, []);
      const first = folder.files(new Set([join(root, 'open.yaml')]));
      expect(first.map((f) => f.file.path).sort()).toEqual([join(root, 'a.yaml'), join(root, 'b.yaml')]);
      const [a1, b1] = first.sort((x, y) => x.file.path.localeCompare(y.file.path));
      // Unchanged: the same parsed objects, no re-read.
      const again = folder.files(new Set()).sort((x, y) => x.file.path.localeCompare(y.file.path));
      expect(again[0]).toBe(a1);
      expect(again[1]).toBe(b1);
      expect(again.map((f) => f.file.path)).toContain(join(root, 'open.yaml'));
      // A reported change re-reads that file only.
      writeFileSync(join(root, 'a.yaml'), service('renamed'));
      folder.invalidate(join(root, 'a.yaml'));
      const changed = folder.files(new Set()).sort((x, y) => x.file.path.localeCompare(y.file.path));
      expect(changed[0]).not.toBe(a1);
      expect(changed[0]?.docs[0]?.resource?.name).toBe('renamed');
      expect(changed[1]).toBe(b1);
      // A re-walk (config change) keeps files whose mtime and size are unchanged, and sees new files.
      writeFileSync(join(root, 'c.yaml'), service('c'));
      folder.invalidate();
      const rewalked = folder.files(new Set()).sort((x, y) => x.file.path.localeCompare(y.file.path));
      expect(rewalked.map((f) => f.docs[0]?.resource?.name)).toEqual(['renamed', 'b', 'c', 'open']);
      expect(rewalked[1]).toBe(b1);
      // A deleted file drops out.
      rmSync(join(root, 'b.yaml'));
      folder.invalidate(join(root, 'b.yaml'));
      expect(
        folder
          .files(new Set())
          .map((f) => f.docs[0]?.resource?.name)
          .sort(),
      ).toEqual(['c', 'open', 'renamed']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
