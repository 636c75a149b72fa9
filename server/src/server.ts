// LSP wiring only: connection, documents, settings, debounce. The language service is service.ts.
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { EMPTY_INDEX } from './engine/index-types';
import { Commands, DEFAULT_SETTINGS, StatusNotification, type Settings, type StatusParams } from './protocol';
import { FIX_ALL_KIND, KubewardService } from './service';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const service = new KubewardService();

let configurationPull = false;
const settingsCache = new Map<string, Promise<Settings>>();
const timers = new Map<string, NodeJS.Timeout>();

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

const counts = (): StatusParams['counts'] => {
  const c = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const d of documents.all()) {
    for (const f of service.get(d.uri)?.result.findings ?? []) c[f.severity]++;
  }
  return c;
};

function sendStatus(): void {
  const params: StatusParams = { health: 'ok', scanning: false, counts: counts() };
  void connection.sendNotification(StatusNotification, params);
}

async function validate(doc: TextDocument): Promise<void> {
  const settings = await settingsFor(doc.uri);
  // A newer version arrived while settings were fetched: its own run will publish.
  if (documents.get(doc.uri)?.version !== doc.version) return;
  if (!settings.enable || !isManifest(doc)) {
    void connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
    return;
  }
  const checked = service.validate(doc.uri, doc.version, doc.getText(), settings, EMPTY_INDEX);
  for (const e of checked.result.internalErrors) connection.console.error(`rule error in ${doc.uri}: ${e}`);
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: checked.diagnostics });
  sendStatus();
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

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  configurationPull = caps.workspace?.configuration === true;
  service.snippets = caps.workspace?.workspaceEdit?.snippetEditSupport === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: {
        codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
        resolveProvider: false,
      },
      hoverProvider: true,
      executeCommandProvider: { commands: [Commands.fixAllInFile] },
    },
    serverInfo: { name: 'kubeward-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (configurationPull) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubeward' });
  }
});

connection.onDidChangeConfiguration(() => {
  settingsCache.clear();
  for (const d of documents.all()) schedule(d, 0);
});

documents.onDidOpen((e) => schedule(e.document, 0));
documents.onDidChangeContent((e) => {
  void settingsFor(e.document.uri).then((s) => {
    if (s.run === 'onType') schedule(e.document, s.debounceMs);
  });
});
documents.onDidSave((e) => schedule(e.document, 0));
documents.onDidClose((e) => {
  const t = timers.get(e.document.uri);
  if (t) clearTimeout(t);
  timers.delete(e.document.uri);
  service.forget(e.document.uri);
  settingsCache.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onCodeAction((params) => {
  const doc = documents.get(params.textDocument.uri);
  const checked = service.get(params.textDocument.uri);
  // Only answer for the version the findings were computed on: offsets of another version are wrong.
  if (!doc || !checked || checked.version !== doc.version) return [];
  return service.codeActions(doc.uri, params);
});

connection.onHover((params) => {
  const doc = documents.get(params.textDocument.uri);
  const checked = service.get(params.textDocument.uri);
  if (!doc || !checked || checked.version !== doc.version) return null;
  return service.hover(doc.uri, params.position);
});

connection.onExecuteCommand(async (params) => {
  if (params.command === Commands.fixAllInFile) {
    const uri = params.arguments?.[0] as string | undefined;
    const mode = (params.arguments?.[1] as 'safe' | 'all' | undefined) ?? 'safe';
    const checked = uri ? service.get(uri) : undefined;
    const doc = uri ? documents.get(uri) : undefined;
    if (!checked || !doc || checked.version !== doc.version) return { applied: false };
    const edits = service.fixAllEdits(checked, mode);
    if (edits.length === 0) return { applied: false, count: 0 };
    const r = await connection.workspace.applyEdit({
      label: 'Kubeward: fix all',
      edit: { changes: { [checked.uri]: service.textEdits(checked, edits) } },
    });
    return { applied: r.applied, count: edits.length };
  }
  return undefined;
});

documents.listen(connection);
connection.listen();
