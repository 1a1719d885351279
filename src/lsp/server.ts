import { basename, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type Hover,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CORE_RULES,
  ConfigError,
  ConfigResolver,
  RuleError,
  allRuleInfos,
  lintTexts,
  type LintResult,
  type Rule,
  type RuleInfo,
} from '../engine/index.js';
import { CONFIG_FILE_NAMES } from '../load/discover.js';
import { loadSource, type LoadedFile } from '../load/parse.js';
import { createSourceFile } from '../load/source.js';
import type { Finding, ManifestDoc } from '../load/types.js';
import { defaultKubernetesVersion, forgetSchemaDirFiles, resolveKubernetesVersion } from '../schema/index.js';
import { codeActionsFor, type Published } from './actions.js';
import { pathOfUri, rangesOverlap, toDiagnostic, uriOfPath } from './convert.js';
import { fieldHover, hoverFor, mergeHovers } from './hover.js';
import { FolderFiles } from './workspace.js';

export interface ServerOptions {
  rules: readonly Rule[];
  /** Quiet time after the last keystroke before a document is linted again. */
  debounceMs?: number;
}

/** Loader findings have no rule folder; the README's rules table documents them. */
const CORE_DOCS_URL = 'https://github.com/kubelint/kubelint#rules';
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

interface Snapshot {
  document: TextDocument;
  path: string;
}

/** Wire kubelint into a language server connection: diagnostics, quick fixes, hover. */
export function startServer(connection: Connection, options: ServerOptions): void {
  let debounceMs = options.debounceMs ?? 150;
  const documents = new TextDocuments(TextDocument);
  const knownRules = allRuleInfos(options.rules);
  const coreIds = new Set(CORE_RULES.map((r) => r.id));
  const ruleInfos = new Map<string, RuleInfo>(
    allRuleInfos(options.rules).map((r) => [
      r.id,
      coreIds.has(r.id) ? { ...r, meta: { ...r.meta, docsUrl: CORE_DOCS_URL } } : r,
    ]),
  );
  let folders: FolderFiles[] = [];
  /** What was last sent per open document, for code actions and hover on that version. */
  const published = new Map<string, { version: number; items: Published[]; sent: string }>();
  const timers = new Map<string, NodeJS.Timeout>();
  const reported = new Set<string>();
  const configProblems = new Set<string>();
  let watchFiles = false;
  let folderEvents = false;

  const folderOf = (path: string): FolderFiles | undefined =>
    folders.filter((f) => f.contains(path)).sort((a, b) => b.root.length - a.root.length)[0];
  const groupOf = (document: TextDocument): string =>
    folderOf(pathOfUri(document.uri))?.root ?? `document:${document.uri}`;
  const isLintable = (document: TextDocument): boolean => {
    const name = basename(pathOfUri(document.uri));
    if (CONFIG_FILE_NAMES.includes(name)) return false;
    return ['yaml', 'json'].includes(document.languageId) || MANIFEST_FILE.test(name);
  };

  const reportOnce = (key: string, message: string, detail?: string): void => {
    if (detail) connection.console.error(detail);
    if (reported.has(key)) return;
    reported.add(key);
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message });
  };

  /** Lint, leaving out a rule that crashes (reported once) so the others still give diagnostics. */
  const lintOrReport = (
    texts: { path: string; text: string }[],
    context: () => LoadedFile[],
    cwd: string,
  ): LintResult | undefined => {
    let rules = options.rules;
    for (;;) {
      try {
        return lintTexts(texts, { rules, cwd, context: context() });
      } catch (err) {
        if (err instanceof RuleError) {
          const cause =
            err.cause instanceof Error ? (err.cause.stack ?? err.cause.message) : String(err.cause);
          reportOnce(
            `rule:${err.ruleId}`,
            `kubelint: internal error: ${err.message}. The other rules still run; please report this bug.`,
            `kubelint: ${err.message}\n${cause}`,
          );
          rules = rules.filter((r) => r.id !== err.ruleId);
        } else if (err instanceof ConfigError) {
          const uri = uriOfPath(err.file);
          const at = { line: err.line - 1, character: err.column - 1 };
          configProblems.add(uri);
          void connection.sendDiagnostics({
            uri,
            diagnostics: [
              {
                range: { start: at, end: at },
                severity: 1,
                source: 'kubelint',
                code: err.code,
                message: err.message,
              },
            ],
          });
          reportOnce(`config:${err.format()}`, `kubelint: config error: ${err.format()}`);
          return undefined;
        } else {
          const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
          reportOnce(`error:${String(err)}`, `kubelint: internal error: ${String(err)}`, detail);
          return undefined;
        }
      }
    }
  };

  const lintGroup = (group: string): void => {
    timers.delete(group);
    const open: Snapshot[] = documents
      .all()
      .filter((d) => isLintable(d) && groupOf(d) === group)
      .map((document) => ({ document, path: pathOfUri(document.uri) }));
    if (open.length === 0) return;
    const folder = folders.find((f) => f.root === group);
    // Open buffers are parsed afresh; the folder's other files come parsed from its cache.
    const result = lintOrReport(
      open.map(({ document, path }) => ({ path, text: document.getText() })),
      () => folder?.files(new Set(open.map((o) => o.path))) ?? [],
      folder?.root ?? process.cwd(),
    );
    if (!result) return;
    for (const uri of configProblems)
      if (open.some((o) => o.path.startsWith(dirname(pathOfUri(uri)) + sep))) {
        configProblems.delete(uri);
        void connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    const byPath = new Map(result.files.map((f) => [f.path, f]));
    const uriOf = (path: string): string =>
      open.find((o) => o.path === path)?.document.uri ?? uriOfPath(path);
    for (const { document, path } of open) {
      // Linting is synchronous, but a stale result must never reach the client if that changes.
      if (documents.get(document.uri)?.version !== document.version) continue;
      const file = byPath.get(path);
      const findings = file ? visibleFindings(file.findings, file.docs, path) : [];
      const items = findings.map((finding) => ({
        finding,
        diagnostic: toDiagnostic(finding, ruleInfos.get(finding.ruleId), uriOf),
      }));
      const diagnostics: Diagnostic[] = items.map((i) => i.diagnostic);
      const sent = JSON.stringify(diagnostics);
      const last = published.get(document.uri);
      published.set(document.uri, { version: document.version, items, sent });
      if (last?.version === document.version && last.sent === sent) continue;
      void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    }
  };

  const schedule = (group: string, delay: number): void => {
    clearTimeout(timers.get(group));
    timers.set(
      group,
      setTimeout(() => lintGroup(group), delay),
    );
  };
  const scheduleAll = (): void => {
    for (const group of new Set(documents.all().map(groupOf))) schedule(group, debounceMs);
  };

  connection.onInitialize((params) => {
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = roots
      .filter((u) => u.startsWith('file:'))
      .map((u) => new FolderFiles(fileURLToPath(u), knownRules));
    // `initializationOptions: { debounceMs }` lets a client trade CPU for latency (0 = lint every change).
    const init = params.initializationOptions as { debounceMs?: unknown } | undefined;
    if (typeof init?.debounceMs === 'number' && init.debounceMs >= 0 && init.debounceMs <= 10_000)
      debounceMs = init.debounceMs;
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration ?? false;
    folderEvents = params.capabilities.workspace?.workspaceFolders ?? false;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'kubelint' },
    };
  });

  connection.onInitialized(() => {
    if (watchFiles)
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml,json}' }, { globPattern: '**/.kubelint.{yaml,yml}' }],
      });
    if (folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => f.uri));
        folders = folders.filter((f) => !removed.has(uriOfPath(f.root)));
        for (const f of event.added)
          if (f.uri.startsWith('file:')) folders.push(new FolderFiles(fileURLToPath(f.uri), knownRules));
        scheduleAll();
      });
    }
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const { uri } of changes) {
      if (!uri.startsWith('file:')) continue;
      const path = fileURLToPath(uri);
      // A config can change which files a folder walk ignores: re-walk; every lint reads configs afresh.
      if (CONFIG_FILE_NAMES.includes(basename(path))) for (const f of folders) f.invalidate();
      else folderOf(path)?.invalidate(path);
      // It may be a JSON Schema of a config's schemaDirs.
      if (path.endsWith('.json')) forgetSchemaDirFiles();
    }
    scheduleAll();
  });

  documents.onDidChangeContent(({ document }) => {
    if (!isLintable(document)) return;
    // The first lint of a freshly opened document is immediate; edits wait for a pause in typing.
    schedule(groupOf(document), published.has(document.uri) ? debounceMs : 0);
  });

  documents.onDidClose(({ document }) => {
    published.delete(document.uri);
    parsed.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    // Other documents now see this file as it is on disk, unsaved edits dropped.
    const path = pathOfUri(document.uri);
    folderOf(path)?.invalidate(path);
    schedule(groupOf(document), debounceMs);
  });

  connection.onCodeAction(({ textDocument, range, context }) => {
    const document = documents.get(textDocument.uri);
    const state = published.get(textDocument.uri);
    if (!document || state?.version !== document.version) return [];
    if (context.only && !context.only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
    const hit = state.items.filter((p) => rangesOverlap(p.diagnostic.range, range));
    return codeActionsFor(document, hit, (id) => !coreIds.has(id));
  });

  /** The open document parsed for hover, per version (a hover per mouse move must not re-parse). */
  const parsed = new Map<string, { version: number; docs: ManifestDoc[] }>();
  const docsOf = (document: TextDocument): ManifestDoc[] => {
    const cached = parsed.get(document.uri);
    if (cached?.version === document.version) return cached.docs;
    const { docs } = loadSource(createSourceFile(pathOfUri(document.uri), document.getText()));
    parsed.set(document.uri, { version: document.version, docs });
    return docs;
  };
  const kubernetesVersionOf = (path: string): string => {
    try {
      const configured = new ConfigResolver(knownRules).forFile(path).kubernetesVersion;
      return (configured && resolveKubernetesVersion(configured)) || defaultKubernetesVersion();
    } catch {
      return defaultKubernetesVersion();
    }
  };

  connection.onHover(({ textDocument, position }) => {
    const state = published.get(textDocument.uri);
    const onDiagnostic = state ? hoverFor(state.items, position, (id) => ruleInfos.get(id)) : null;
    const document = documents.get(textDocument.uri);
    if (!document || !isLintable(document)) return onDiagnostic;
    let onField: Hover | null = null;
    try {
      const path = pathOfUri(document.uri);
      onField = fieldHover(docsOf(document), document.offsetAt(position), kubernetesVersionOf(path));
    } catch (err) {
      connection.console.error(
        `kubelint: hover failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
    return mergeHovers(onDiagnostic, onField);
  });

  documents.listen(connection);
  connection.listen();
}

/**
 * What an editor shows for a file. A file with no Kubernetes object at all (a CI config, Helm values,
 * docker-compose) is not flagged for not being one; a JSON file with no manifest (package.json, a
 * tsconfig with comments) gets nothing at all, as in a directory walk.
 */
function visibleFindings(findings: Finding[], manifests: number, path: string): Finding[] {
  if (manifests > 0) return findings;
  if (/\.json$/i.test(path)) return [];
  return findings.filter((f) => f.ruleId !== 'not-a-manifest');
}
