import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  Commands,
  StatusNotification,
  TrustNotification,
  type InitializationOptions,
  type StatusParams,
} from '../../server/src/protocol';
import { registerCommands } from './commands';
import { StatusItem } from './status';

let client: LanguageClient | undefined;

/** Crashes within this many minutes that make the client give up restarting the server. */
const CRASH_WINDOW_MIN = 3;
const MAX_RESTARTS = 4;

/**
 * What happens when the server process dies: restart it (as vscode-languageclient's default
 * handler does, at most MAX_RESTARTS times in CRASH_WINDOW_MIN minutes), and tell the user in the
 * output channel and the status item instead of a pop-up.
 */
export function crashHandler(status: StatusItem): ErrorHandler {
  const recent: number[] = [];
  let total = 0;
  return {
    error: (_error, _message, count) => ({
      action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
    }),
    closed: () => {
      const now = Date.now();
      recent.push(now);
      while ((recent[0] ?? now) < now - CRASH_WINDOW_MIN * 60_000) recent.shift();
      if (recent.length > MAX_RESTARTS) {
        status.crashed(new Date(now), total, false);
        return {
          action: CloseAction.DoNotRestart,
          message: `The Kubeward language server stopped unexpectedly ${recent.length} times in ${CRASH_WINDOW_MIN} minutes and will not be restarted. Run "Kubeward: Restart Server" to try again.`,
        };
      }
      total++;
      status.crashed(new Date(now), total, true);
      return {
        action: CloseAction.Restart,
        // Logged by the client to this output channel; handled: no pop-up, the status item shows it.
        message: `The Kubeward language server stopped unexpectedly; restarting it (restart ${total} this session). Findings are shown again once it has re-checked the open files.`,
        handled: true,
      };
    },
  };
}

/** Settings whose change needs a server restart (everything else is pulled per document). */
const RESTART_SETTINGS = ['kubeward.trace.server'];

/**
 * Added to the editor's environment for the server process (the language client merges it; an
 * `undefined` value leaves the variable out). With `NODE_EXTRA_CA_CERTS` set, as on many corporate
 * machines, Node parses the whole CA bundle before it runs any script, about half of a bare
 * process start (docs/performance.md); the server opens no connection, so it has no use for it.
 */
const SERVER_ENV: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: undefined };

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Kubeward', { log: true });
  const status = new StatusItem();
  context.subscriptions.push(output, status);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env: SERVER_ENV } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { env: SERVER_ENV, execArgv: ['--nolazy', '--inspect=6011'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'vscode-vfs', language: 'yaml' },
      { scheme: 'file', language: 'json', pattern: '**/*.{k8s,kube,kubernetes}.json' },
    ],
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // Rendering charts runs the user's helm: only in a trusted workspace. Asked at every (re)start;
    // a running server is told when the workspace becomes trusted.
    initializationOptions: () => ({
      kubeward: { render: vscode.workspace.isTrusted } satisfies InitializationOptions,
    }),
    errorHandler: crashHandler(status),
    initializationFailedHandler: (e) => {
      void vscode.window.showErrorMessage(`Kubeward: the language server failed to start: ${String(e)}`);
      return false;
    },
  };

  client = new LanguageClient('kubeward', 'Kubeward', serverOptions, clientOptions);
  /** The server has run before: a later Running state is a restart. */
  let ranBefore = false;
  context.subscriptions.push(
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped)
        status.render({
          health: 'stopped',
          scanning: false,
          counts: { error: 0, warning: 0, info: 0, hint: 0 },
        });
      if (e.newState === State.Starting) status.starting();
      if (e.newState === State.Running && e.oldState !== State.Running && ranBefore)
        output.info('The Kubeward language server is running again.');
      if (e.newState === State.Running) ranBefore = true;
    }),
  );
  registerCommands(context, () => client, output);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) return;
      const pick = await vscode.window.showInformationMessage(
        'Kubeward: restart the server to apply the setting?',
        'Restart',
      );
      if (pick === 'Restart') await vscode.commands.executeCommand(Commands.restartServer);
    }),
  );
  try {
    await client.start();
    context.subscriptions.push(
      client.onNotification(StatusNotification, (p: StatusParams) => status.render(p)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(TrustNotification, {})),
    );
  } catch (e) {
    void vscode.window.showErrorMessage(`Kubeward could not start: ${String(e)}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
