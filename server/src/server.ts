// LSP wiring only: connection, documents, settings, debounce, the workspace scan and file watchers.
// The language service is service.ts; what applies to a file (config file, Helm, Kustomize) is project.ts.
import { promises as fsp, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CancellationTokenSource,
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
  type CancellationToken,
  type Diagnostic,
  type InitializeResult,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { codeCache } from './code-cache';
import { discover, isManifestPath } from './discover';
import { WorkspaceIndex } from './engine/workspace-index';
import { LineIndex } from './engine/text';
import { Project, type FilePlan } from './project';
import { isConfigFileName, mergeConfig } from './project-config';
import {
  DEFAULT_SETTINGS,
  ServerCommands,
  StatusNotification,
  type Settings,
  type StatusParams,
} from './protocol';
import { rules } from './rules/index';
import { FIX_ALL_KIND, KubewardService, toRange } from './service';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const service = new KubewardService();
const index = new WorkspaceIndex();
const project = new Project([], new Set(rules.map((r) => r.id)));

let configurationPull = false;
let progressSupport = false;
let watcherRegistration = false;
let folders: string[] = [];
const settingsCache = new Map<string, Promise<Settings>>();
const timers = new Map<string, NodeJS.Timeout>();
/** Severity counts of what is published per URI, for the status item. */
const published = new Map<string, { error: number; warning: number; info: number; hint: number }>();
/** Files on disk the last completed scan covered (closed ones show disk results). */
let scanned = new Set<string>();
let scanHasRun = false;
let scan: { cancel: CancellationTokenSource; done: Promise<ScanSummary> } | undefined;
/** URIs already logged as skipped, so each is logged once. */
const noted = new Set<string>();

interface ScanSummary {
  files: number;
  findings: number;
  skipped: number;
  cancelled: boolean;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function isManifest(doc: TextDocument): boolean {
  return /yaml|json/i.test(doc.languageId) || /\.(ya?ml|json)$/i.test(doc.uri);
}

async function settingsFor(uri: string): Promise<Settings> {
  if (!configurationPull) return DEFAULT_SETTINGS;
  let p = settingsCache.get(uri);
  if (!p) {
    p = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'kubeward' })
      .then((s: Partial<Settings> | null) => ({ ...DEFAULT_SETTINGS, ...(s ?? {}) }))
      .catch(() => DEFAULT_SETTINGS);
    settingsCache.set(uri, p);
  }
  return p;
}

async function filesExclude(folderUri: string): Promise<string[]> {
  if (!configurationPull) return [];
  try {
    const v = (await connection.workspace.getConfiguration({
      scopeUri: folderUri,
      section: 'files.exclude',
    })) as Record<string, unknown> | null;
    return Object.entries(v ?? {})
      .filter(([, on]) => on === true)
      .map(([g]) => g);
  } catch {
    return [];
  }
}

let statusTimer: NodeJS.Timeout | undefined;
function sendStatus(now = false): void {
  const send = (): void => {
    statusTimer = undefined;
    const counts = { error: 0, warning: 0, info: 0, hint: 0 };
    for (const c of published.values()) {
      counts.error += c.error;
      counts.warning += c.warning;
      counts.info += c.info;
      counts.hint += c.hint;
    }
    const params: StatusParams = {
      health: 'ok',
      scanning: scan !== undefined,
      counts,
      ...(scan ? { message: 'Scanning the workspace…' } : {}),
    };
    void connection.sendNotification(StatusNotification, params);
  };
  if (now) {
    if (statusTimer) clearTimeout(statusTimer);
    send();
  } else statusTimer ??= setTimeout(send, 100);
}

function publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
  const c = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const d of diagnostics) {
    if (d.severity === DiagnosticSeverity.Error) c.error++;
    else if (d.severity === DiagnosticSeverity.Warning) c.warning++;
    else if (d.severity === DiagnosticSeverity.Information) c.info++;
    else c.hint++;
  }
  if (diagnostics.length === 0) published.delete(uri);
  else published.set(uri, c);
  void connection.sendDiagnostics({ uri, diagnostics, ...(version !== undefined ? { version } : {}) });
  sendStatus();
}

/** Diagnostics of a `.kubeward.yaml` text: its schema problems at their exact ranges. */
function configDiagnostics(path: string, text: string): Diagnostic[] {
  const loaded = project.parseText(path, text);
  const lines = new LineIndex(text);
  return loaded.problems.map((p) => ({
    range: toRange(lines, p.start, p.end),
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'kubeward',
    code: 'config',
    message: p.message,
  }));
}

function note(uri: string, plan: FilePlan): void {
  if (noted.has(uri)) return;
  if (plan.skip === 'helm') connection.console.info(`skipped ${uri}: Helm chart template (not rendered)`);
  else if (plan.skip === 'excluded')
    connection.console.info(`skipped ${uri}: excluded by ${plan.configFile?.file ?? 'the config file'}`);
  else if (plan.templated)
    connection.console.info(`${uri}: documents with template syntax ({{ }}) are not checked`);
  else return;
  noted.add(uri);
}

let firstCheckDone = false;

/** Checks a text (open buffer or file on disk) and returns its diagnostics. Index it first. */
async function diagnose(
  uri: string,
  version: number,
  text: string,
  keep: boolean,
  known?: Settings,
): Promise<Diagnostic[]> {
  const settings = known ?? (await settingsFor(uri));
  if (!settings.enable) return [];
  const path = pathOf(uri);
  if (path && isConfigFileName(basename(path))) return configDiagnostics(path, text);
  let plan: Pick<FilePlan, 'config' | 'file' | 'skip'> = {
    config: mergeConfig(undefined, settings),
    file: uri,
    skip: undefined,
  };
  if (path) {
    const full = project.plan(path, settings, text);
    note(uri, full);
    plan = full;
  }
  if (plan.skip) return [];
  const checked = service.validate(uri, version, text, plan.config, index, plan.file);
  for (const e of checked.result.internalErrors) connection.console.error(`rule error in ${uri}: ${e}`);
  if (!firstCheckDone) {
    firstCheckDone = true;
    // After the first check the cache also holds the rules and the reader compiled for it.
    const cache = codeCache();
    if (cache && (cache.state === 'miss' || cache.state === 'rejected'))
      setImmediate(() => connection.console.info(`code cache ${cache.file}: ${cache.save()}`));
  }
  if (!keep) service.forget(uri);
  return checked.diagnostics;
}

/** The engine's cached parse, for open documents: the check that follows parses nothing twice. */
const sharedParse = (t: string): ReturnType<typeof service.engine.parse> => service.engine.parse(t);

/** Re-indexes a text; when the index changed, re-checks what depends on it. */
function reindex(uri: string, text: string | undefined, open = false): void {
  const changed =
    text === undefined ? index.remove(uri) : index.update(uri, text, open ? sharedParse : undefined);
  if (!changed) return;
  for (const d of documents.all()) if (d.uri !== uri) schedule(d, 0);
  for (const dep of index.dependants(uri)) if (!documents.get(dep) && scanned.has(dep)) void recheckDisk(dep);
}

async function validate(doc: TextDocument): Promise<void> {
  if (documents.get(doc.uri)?.version !== doc.version) return;
  if (!isManifest(doc)) {
    publish(doc.uri, []);
    return;
  }
  const text = doc.getText();
  const limit = (await settingsFor(doc.uri)).maxFileSize;
  if (text.length > limit) {
    // Checking a huge buffer on every keystroke would stall the editor: one clear diagnostic instead.
    if (documents.get(doc.uri)?.version !== doc.version) return;
    publish(
      doc.uri,
      [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Information,
          source: 'kubeward',
          code: 'file-too-large',
          message: `Kubeward did not check this file: it is ${Math.round(text.length / 1024)} KiB, above kubeward.maxFileSize (${Math.round(limit / 1024)} KiB).`,
        },
      ],
      doc.version,
    );
    return;
  }
  reindex(doc.uri, text, true);
  const diagnostics = await diagnose(doc.uri, doc.version, text, true);
  // A newer version arrived while settings were fetched: its own run publishes.
  if (documents.get(doc.uri)?.version !== doc.version) return;
  publish(doc.uri, diagnostics, doc.version);
}

function schedule(doc: TextDocument, delay: number): void {
  const old = timers.get(doc.uri);
  if (old) clearTimeout(old);
  timers.set(
    doc.uri,
    setTimeout(() => {
      timers.delete(doc.uri);
      const current = documents.get(doc.uri);
      if (current) void validate(current);
    }, delay),
  );
}

/**
 * Reads a closed file of at most `max` bytes. Synchronous: the workspace scan yields to the message
 * loop after every file anyway, and awaiting five thread-pool round trips per file (stat, open,
 * fstat, read, close) left the server idle for over half of a 10,000-file scan.
 */
function readIfSmall(path: string, max: number): string | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > max) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Re-checks a closed file from disk (watcher event or dependency change). */
async function recheckDisk(uri: string): Promise<void> {
  if (documents.get(uri)) return;
  const path = pathOf(uri);
  if (!path) return;
  const settings = await settingsFor(uri);
  const text = readIfSmall(path, settings.maxFileSize);
  if (text === undefined) {
    forgetFile(uri);
    return;
  }
  reindex(uri, text);
  if (documents.get(uri)) return;
  scanned.add(uri);
  publish(uri, await diagnose(uri, 0, text, false));
}

function forgetFile(uri: string): void {
  scanned.delete(uri);
  reindex(uri, undefined);
  if (!documents.get(uri)) publish(uri, []);
}

interface Reporter {
  report(message: string, percentage?: number): void;
  done(): void;
}

async function startProgress(cancel: CancellationTokenSource): Promise<Reporter> {
  if (!progressSupport) return { report: () => undefined, done: () => undefined };
  let p: WorkDoneProgressServerReporter;
  try {
    p = await connection.window.createWorkDoneProgress();
  } catch {
    return { report: () => undefined, done: () => undefined };
  }
  p.token.onCancellationRequested(() => cancel.cancel());
  p.begin('Kubeward', 0, 'Finding files…', true);
  return { report: (m, pct) => p.report(pct ?? 0, m), done: () => p.done() };
}

/**
 * Scans every folder: finds manifests (excludes, .gitignore, size limit, symlinks kept inside the
 * folders), indexes them all, checks the closed ones from disk and publishes everything at once.
 * A cancelled scan publishes nothing. Open documents keep their live-buffer diagnostics.
 */
async function scanWorkspace(token?: CancellationToken): Promise<ScanSummary> {
  if (scan) scan.cancel.cancel();
  const cancel = new CancellationTokenSource();
  token?.onCancellationRequested(() => cancel.cancel());
  const run = (async (): Promise<ScanSummary> => {
    const progress = await startProgress(cancel);
    const summary: ScanSummary = { files: 0, findings: 0, skipped: 0, cancelled: true };
    sendStatus(true);
    try {
      const realFolders: string[] = [];
      for (const f of folders) {
        try {
          realFolders.push(await fsp.realpath(f));
        } catch {
          // a folder that no longer exists
        }
      }
      // A file's settings are those of the innermost workspace folder that holds it:
      // `workspace/configuration` with a file URI (and no language id) resolves exactly that, so
      // the scan asks once per folder, not once per file.
      const folderSettings = new Map<string, Settings>();
      for (const folder of folders) folderSettings.set(folder, await settingsFor(pathToFileURL(folder).href));
      const files: { uri: string; path: string; settings: Settings }[] = [];
      const seen = new Set<string>();
      for (const folder of folders) {
        const folderUri = pathToFileURL(folder).href;
        const settings = folderSettings.get(folder) ?? DEFAULT_SETTINGS;
        if (!settings.enable) continue;
        const found = await discover(
          folder,
          {
            exclude: [...settings.exclude, ...(await filesExclude(folderUri))],
            maxFileSize: settings.maxFileSize,
            skip: (p) => project.plan(p, settings).skip === 'excluded',
            log: (m) => connection.console.info(m),
            cancelled: () => cancel.token.isCancellationRequested,
          },
          realFolders,
        );
        for (const f of found) {
          const uri = pathToFileURL(f.path).href;
          if (seen.has(f.real)) continue;
          seen.add(f.real);
          const root = project.rootOf(f.path);
          files.push({
            uri,
            path: f.path,
            settings: (root ? folderSettings.get(root) : undefined) ?? settings,
          });
        }
        if (cancel.token.isCancellationRequested) return summary;
      }
      const total = files.length;
      // Index every file first, so cross-file rules see the whole workspace. Texts are not kept
      // between the passes (memory stays flat on large workspaces): closed files are read again.
      const closed: (typeof files)[number][] = [];
      for (let i = 0; i < total; i++) {
        if (cancel.token.isCancellationRequested) return summary;
        const f = files[i];
        if (!f) continue;
        const open = documents.get(f.uri);
        const text = open ? open.getText() : readIfSmall(f.path, f.settings.maxFileSize);
        if (text === undefined) continue;
        index.update(f.uri, text);
        if (!open) closed.push(f);
        if (i % 20 === 0) progress.report(`Indexing ${i}/${total} files`, Math.round((i / total) * 20));
        await tick();
      }
      const results = new Map<string, Diagnostic[]>();
      let i = 0;
      for (const f of closed) {
        if (cancel.token.isCancellationRequested) return summary;
        i++;
        if (i % 20 === 1 || i === closed.length)
          progress.report(
            `Scanning ${i}/${closed.length} files`,
            20 + Math.round((i / Math.max(1, closed.length)) * 80),
          );
        const text = readIfSmall(f.path, f.settings.maxFileSize);
        if (text === undefined) continue;
        const diagnostics = await diagnose(f.uri, 0, text, false, f.settings);
        if (!documents.get(f.uri)) results.set(f.uri, diagnostics);
        await tick();
      }
      if (cancel.token.isCancellationRequested) return summary;
      // Publish atomically: files no longer found lose their diagnostics; open files keep the buffer's.
      for (const uri of scanned) if (!results.has(uri) && !documents.get(uri)) publish(uri, []);
      for (const [uri, diagnostics] of results) if (!documents.get(uri)) publish(uri, diagnostics);
      scanned = new Set([...results.keys(), ...files.filter((f) => documents.get(f.uri)).map((f) => f.uri)]);
      scanHasRun = true;
      for (const d of documents.all()) schedule(d, 0);
      summary.files = total;
      summary.findings = [...results.values()].reduce((n, d) => n + d.length, 0);
      summary.skipped = noted.size;
      summary.cancelled = false;
      connection.console.info(
        `scanned ${total} files in ${folders.length} folder${folders.length === 1 ? '' : 's'}: ${summary.findings} problems`,
      );
      return summary;
    } finally {
      progress.done();
      if (scan?.cancel === cancel) scan = undefined;
      sendStatus(true);
    }
  })();
  scan = { cancel, done: run };
  return run;
}

let rescanTimer: NodeJS.Timeout | undefined;
/** After a config change: re-check open documents now, and rescan the workspace if it was scanned. */
function configChanged(): void {
  settingsCache.clear();
  project.invalidate();
  noted.clear();
  for (const d of documents.all()) schedule(d, 0);
  if (!scanHasRun) return;
  if (rescanTimer) clearTimeout(rescanTimer);
  rescanTimer = setTimeout(() => {
    rescanTimer = undefined;
    void scanWorkspace();
  }, 300);
}

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  configurationPull = caps.workspace?.configuration === true;
  progressSupport = caps.window?.workDoneProgress === true;
  watcherRegistration = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  service.snippets = caps.workspace?.workspaceEdit?.snippetEditSupport === true;
  const wf = params.workspaceFolders;
  if (wf && wf.length > 0) folders = wf.map((f) => pathOf(f.uri)).filter((p): p is string => p !== undefined);
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- clients without workspace folders send only these
  else if (params.rootUri) folders = [pathOf(params.rootUri)].filter((p): p is string => p !== undefined);
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- as above
  else if (params.rootPath) folders = [resolve(params.rootPath)];
  project.roots = folders;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: {
        codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
        resolveProvider: false,
      },
      hoverProvider: true,
      executeCommandProvider: { commands: [ServerCommands.fixAllInFile, ServerCommands.scanWorkspace] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'kubeward-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  connection.console.info(`code cache: ${codeCache()?.state ?? 'off'}`);
  if (configurationPull) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubeward' });
  }
  if (watcherRegistration) {
    const kind = WatchKind.Create | WatchKind.Change | WatchKind.Delete;
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [
        { globPattern: '**/*.{yaml,yml,json}', kind },
        { globPattern: '**/{.gitignore,Kustomization}', kind },
      ],
    });
  }
  try {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => pathOf(f.uri)));
      folders = [
        ...folders.filter((f) => !removed.has(f)),
        ...e.added.map((f) => pathOf(f.uri)).filter((p): p is string => p !== undefined),
      ];
      project.roots = folders;
      configChanged();
    });
  } catch {
    // the client does not support workspace folders
  }
  void settingsFor(folders[0] ? pathToFileURL(folders[0]).href : '').then((s) => {
    if (s.scanOnStartup && folders.length > 0) void scanWorkspace();
  });
});

connection.onDidChangeConfiguration(() => configChanged());

connection.onDidChangeWatchedFiles((params) => {
  let projectChanged = false;
  for (const c of params.changes) {
    const path = pathOf(c.uri);
    if (!path) continue;
    const name = basename(path);
    if (
      isConfigFileName(name) ||
      /^(kustomization\.ya?ml|Kustomization|Chart\.ya?ml|\.gitignore)$/.test(name)
    ) {
      projectChanged = true;
      if (isConfigFileName(name) && !documents.get(c.uri)) {
        if (c.type === FileChangeType.Deleted) publish(c.uri, []);
        else
          void fsp.readFile(path, 'utf8').then(
            (t) => publish(c.uri, configDiagnostics(path, t)),
            () => undefined,
          );
      }
      if (!isManifestPath(name) || isConfigFileName(name)) continue;
    }
    if (documents.get(c.uri)) continue; // the live buffer is the truth for open documents
    if (/(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(path)) continue;
    if (c.type === FileChangeType.Deleted) {
      if (scanned.has(c.uri) || published.has(c.uri)) forgetFile(c.uri);
      else reindex(c.uri, undefined);
    } else if (scanHasRun || scanned.has(c.uri)) {
      void recheckDisk(c.uri);
    }
  }
  if (projectChanged) configChanged();
});

documents.onDidOpen((e) => schedule(e.document, 0));
documents.onDidChangeContent((e) => {
  void settingsFor(e.document.uri).then((s) => {
    if (s.run === 'onType') schedule(e.document, s.debounceMs);
  });
});
documents.onDidSave((e) => schedule(e.document, 0));
documents.onDidClose((e) => {
  const uri = e.document.uri;
  const t = timers.get(uri);
  if (t) clearTimeout(t);
  timers.delete(uri);
  service.forget(uri);
  settingsCache.delete(uri);
  // A scanned file goes back to its disk contents; anything else loses its diagnostics.
  if (scanned.has(uri)) void recheckDisk(uri);
  else {
    reindex(uri, undefined);
    publish(uri, []);
  }
});

connection.onCodeAction((params) => {
  const doc = documents.get(params.textDocument.uri);
  const checked = service.get(params.textDocument.uri);
  // Only answer for the version the findings were computed on: offsets of another version are wrong.
  if (!doc || checked?.version !== doc.version) return [];
  return service.codeActions(doc.uri, params);
});

connection.onHover((params) => {
  const doc = documents.get(params.textDocument.uri);
  const checked = service.get(params.textDocument.uri);
  if (!doc || checked?.version !== doc.version) return null;
  return service.hover(doc.uri, params.position);
});

connection.onExecuteCommand(async (params, token) => {
  if (params.command === ServerCommands.scanWorkspace) {
    if (folders.length === 0) return { files: 0, findings: 0, skipped: 0, cancelled: false };
    return scanWorkspace(token);
  }
  if (params.command === ServerCommands.fixAllInFile) {
    const uri = params.arguments?.[0] as string | undefined;
    const mode = (params.arguments?.[1] as 'safe' | 'all' | undefined) ?? 'safe';
    const checked = uri ? service.get(uri) : undefined;
    const doc = uri ? documents.get(uri) : undefined;
    if (!checked || checked.version !== doc?.version) return { applied: false };
    const edits = service.fixAllEdits(
      checked,
      () => true,
      (fx) => mode === 'all' || fx.safety === 'safe',
    );
    if (edits.length === 0) return { applied: false, count: 0 };
    // Unsafe fixes may change how workloads run: the edit carries a change annotation that needs
    // confirmation, so the editor shows what will change (VS Code's refactor preview) before applying.
    const annotation = 'kubeward-unsafe';
    const edit =
      mode === 'all'
        ? {
            documentChanges: [
              {
                textDocument: { uri: checked.uri, version: checked.version },
                edits: service.textEdits(checked, edits).map((e) => ({ ...e, annotationId: annotation })),
              },
            ],
            changeAnnotations: {
              [annotation]: {
                label: 'Kubeward: fix all, including unsafe fixes',
                needsConfirmation: true,
                description:
                  'Unsafe fixes may take away something the workload relies on; review before applying.',
              },
            },
          }
        : { changes: { [checked.uri]: service.textEdits(checked, edits) } };
    const r = await connection.workspace.applyEdit({ label: 'Kubeward: fix all', edit });
    return { applied: r.applied, count: edits.length };
  }
  return undefined;
});

documents.listen(connection);
connection.listen();
