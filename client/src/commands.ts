import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, ServerCommands } from '../../server/src/protocol';
import type { FindingsStore } from './findings/store';
import type { GroupBy } from './findings/tree';
import { exportNavigatorLayer, MatrixPanel } from './matrix/panel';
import { knownTechnique } from './matrix/model';

type Handler = (...args: unknown[]) => unknown;

/** What the ATT&CK matrix and the findings view commands work on. */
export interface FindingsViews {
  store: FindingsStore;
  /** The extension's version (written into exported layers, as the CLI writes its own). */
  version: string;
  groupBy(mode: GroupBy): void;
}

/** One table of every contributed command (rust-analyzer style); a test checks it against package.json. */
export function commandTable(
  getClient: () => LanguageClient | undefined,
  output: vscode.OutputChannel,
  extensionUri: vscode.Uri,
  views: FindingsViews,
): Record<string, Handler> {
  return {
    // From the palette, the view's title or a hover's `command:` link with a technique id.
    [Commands.showAttackMatrix]: (technique?: unknown) => {
      MatrixPanel.show(extensionUri, views.store, views.version, knownTechnique(technique));
    },
    [Commands.exportNavigatorLayer]: () => exportNavigatorLayer(views.store, views.version),
    [Commands.groupFindingsByResource]: () => views.groupBy('resource'),
    [Commands.groupFindingsByAttack]: () => views.groupBy('attack'),
    [Commands.groupFindingsByRule]: () => views.groupBy('rule'),
    [Commands.showRuleDocs]: async (ruleId?: unknown) => {
      const id =
        typeof ruleId === 'string'
          ? ruleId
          : await vscode.window.showInputBox({ prompt: 'Kubeward rule id' });
      if (!id || !/^[a-z0-9-]+$/.test(id)) return;
      const doc = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${id}.md`);
      await vscode.commands.executeCommand('markdown.showPreview', doc);
    },
    [Commands.fixAllInFile]: async () => {
      const editor = vscode.window.activeTextEditor;
      const client = getClient();
      if (!editor || !client) return;
      const uri = editor.document.uri.toString();
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Safe fixes only', description: 'the same as source.fixAll.kubeward', mode: 'safe' },
          {
            label: 'All fixes, including unsafe ones',
            description: 'may change how workloads run; review the diff',
            mode: 'all',
          },
        ],
        { placeHolder: 'Kubeward: which fixes to apply?' },
      );
      if (!pick) return;
      await client.sendRequest('workspace/executeCommand', {
        command: ServerCommands.fixAllInFile,
        arguments: [uri, pick.mode],
      });
    },
    [Commands.restartServer]: async () => {
      const client = getClient();
      if (client) await client.restart();
    },
    [Commands.showOutput]: () => output.show(),
    [Commands.scanWorkspace]: async () => {
      const client = getClient();
      if (!client) return;
      await client.sendRequest('workspace/executeCommand', {
        command: ServerCommands.scanWorkspace,
        arguments: [],
      });
    },
  };
}

export function registerCommands(
  context: vscode.ExtensionContext,
  getClient: () => LanguageClient | undefined,
  output: vscode.OutputChannel,
  views: FindingsViews,
): void {
  for (const [id, handler] of Object.entries(commandTable(getClient, output, context.extensionUri, views))) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }
}
