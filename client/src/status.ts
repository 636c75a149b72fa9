import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/protocol';

/** The status bar item: finding counts by severity, scan progress and server health. */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'kubeward.status',
    vscode.StatusBarAlignment.Left,
    10,
  );

  constructor() {
    this.item.name = 'Kubeward';
    this.item.command = 'workbench.actions.view.problems';
    this.starting();
    this.item.show();
  }

  starting(): void {
    this.item.text = '$(sync~spin) Kubeward';
    this.item.tooltip = 'Kubeward: starting';
  }

  render(p: StatusParams): void {
    const c = p.counts;
    const icon = p.scanning
      ? '$(sync~spin)'
      : p.health === 'stopped' || p.health === 'error'
        ? '$(error)'
        : '$(shield)';
    this.item.text = `${icon} Kubeward ${c.error}E ${c.warning}W ${c.info + c.hint}I`;
    this.item.tooltip =
      p.health === 'stopped'
        ? 'Kubeward: the language server stopped. See the Kubeward output channel.'
        : `Kubeward: ${c.error} errors, ${c.warning} warnings, ${c.info} info, ${c.hint} hints${p.scanning ? ' (scanning…)' : ''}${p.message ? `\n${p.message}` : ''}\nClick to open the Problems panel.`;
    this.item.backgroundColor =
      p.health === 'stopped' || p.health === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
