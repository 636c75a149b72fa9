// initialize / initialized: what the client can do, what the server offers, the workspace folders,
// registrations (configuration, file watchers) and the scan on startup.
import { resolve } from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  WatchKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { codeCache } from '../../code-cache';
import { ServerCommands, type InitializationOptions } from '../../protocol';
import { FIX_ALL_KIND } from '../../service';
import { VERSION } from '../../version';
import { pathOf } from '../checker';
import type { Session } from '../session';
import { WATCHED } from '../watchers';

/** The workspace folders of an initialize request, as paths. */
export function foldersOf(params: InitializeParams): string[] {
  const wf = params.workspaceFolders;
  if (wf && wf.length > 0) return wf.map((f) => pathOf(f.uri)).filter((p): p is string => p !== undefined);
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- clients without workspace folders send only these
  if (params.rootUri) return [pathOf(params.rootUri)].filter((p): p is string => p !== undefined);
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- as above
  if (params.rootPath) return [resolve(params.rootPath)];
  return [];
}

export function registerLifecycle(session: Session): void {
  const { connection } = session;
  let watcherRegistration = false;

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    session.settings.pull = caps.workspace?.configuration === true;
    session.progressSupport = caps.window?.workDoneProgress === true;
    watcherRegistration = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    session.service.snippets = caps.workspace?.workspaceEdit?.snippetEditSupport === true;
    session.service.resolveEdits =
      caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
    session.setFolders(foldersOf(params));
    const init = params.initializationOptions as { kubeward?: InitializationOptions } | null | undefined;
    session.renderAllowed = init?.kubeward?.render !== false;
    const attackCommand = init?.kubeward?.attackCommand;
    session.service.attackCommand =
      typeof attackCommand === 'string' && /^[\w.-]+$/.test(attackCommand) ? attackCommand : undefined;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
          // "Fix all <rule> problems in this file" gets its edit when chosen (service.resolveEdits).
          resolveProvider: true,
        },
        hoverProvider: true,
        executeCommandProvider: { commands: [ServerCommands.fixAllInFile, ServerCommands.scanWorkspace] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'kubeward-language-server', version: VERSION },
    };
  });

  // The charts' copies are temporary folders: removed when the client shuts the server down.
  connection.onShutdown(() => session.rendered.dispose());

  connection.onInitialized(() => {
    connection.console.info(`code cache: ${codeCache()?.state ?? 'off'}`);
    if (session.settings.pull)
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubeward' });
    if (watcherRegistration) {
      const kind = WatchKind.Create | WatchKind.Change | WatchKind.Delete;
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: WATCHED.map((globPattern) => ({ globPattern, kind })),
      });
    }
    try {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => pathOf(f.uri)));
        session.setFolders([
          ...session.scan.folders.filter((f) => !removed.has(f)),
          ...e.added.map((f) => pathOf(f.uri)).filter((p): p is string => p !== undefined),
        ]);
        session.configChanged();
      });
    } catch {
      // the client does not support workspace folders
    }
    void session.firstFolderSettings().then((s) => {
      if (s.scanOnStartup && session.scan.folders.length > 0) void session.scan.run();
    });
  });
}
