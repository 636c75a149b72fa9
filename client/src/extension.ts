import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { Commands, StatusNotification, type StatusParams } from '../../server/src/protocol';
import { registerCommands } from './commands';
import { StatusItem } from './status';

let client: LanguageClient | undefined;

/** Settings whose change needs a server restart (everything else is pulled per document). */
const RESTART_SETTINGS = ['kubeward.trace.server'];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Kubeward', { log: true });
  const status = new StatusItem();
  context.subscriptions.push(output, status);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6011'] },
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
    initializationFailedHandler: (e) => {
      void vscode.window.showErrorMessage(`Kubeward: the language server failed to start: ${String(e)}`);
      return false;
    },
  };

  client = new LanguageClient('kubeward', 'Kubeward', serverOptions, clientOptions);
  context.subscriptions.push(
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped)
        status.render({
          health: 'stopped',
          scanning: false,
          counts: { error: 0, warning: 0, info: 0, hint: 0 },
        });
      if (e.newState === State.Starting) status.starting();
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
    );
  } catch (e) {
    void vscode.window.showErrorMessage(`Kubeward could not start: ${String(e)}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
