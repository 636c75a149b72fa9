import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/protocol';

/** The status bar item: finding counts by severity, scan progress and server health. */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'kubeward.status',
    vscode.StatusBarAlignment.Left,
    10,
  );

  /** Set when the language server crashed and was restarted (or given up on) in this window. */
  private crashNote: string | undefined;

  constructor() {
    this.item.name = 'Kubeward';
    this.item.command = 'workbench.actions.view.problems';
    this.starting();
    this.item.show();
  }

  starting(): void {
    this.item.text = '$(sync~spin) Kubeward';
    this.item.tooltip = 'Kubeward: starting';
    this.applyCrashNote();
  }

  /**
   * The language server stopped unexpectedly: the note stays in the tooltip (and a restart icon in
   * the text) for the rest of the session, so a user who looks later still learns that findings may
   * have been missing for a moment.
   */
  crashed(at: Date, restarts: number, restarting: boolean): void {
    const time = at.toLocaleTimeString();
    this.crashNote = restarting
      ? `The language server crashed at ${time} and was restarted (${restarts} restart${restarts === 1 ? '' : 's'} this session). See the Kubeward output channel.`
      : `The language server crashed at ${time} too often and was not restarted. Run "Kubeward: Restart Server"; see the Kubeward output channel.`;
    this.render({ health: 'stopped', scanning: false, counts: { error: 0, warning: 0, info: 0, hint: 0 } });
  }

  render(p: StatusParams): void {
    this.renderCounts(p);
    this.applyCrashNote();
  }

  private applyCrashNote(): void {
    if (!this.crashNote) return;
    this.item.text += ' $(debug-restart)';
    this.item.tooltip = `${typeof this.item.tooltip === 'string' ? this.item.tooltip : ''}\n${this.crashNote}`;
    this.item.accessibilityInformation = { label: `${this.item.text} ${this.crashNote}` };
  }

  private renderCounts(p: StatusParams): void {
    const c = p.counts;
    const icon = p.scanning
      ? '$(sync~spin)'
      : p.health === 'stopped' || p.health === 'error'
        ? '$(error)'
        : '$(shield)';
    this.item.text = p.scanning
      ? `${icon} Kubeward: scanning…`
      : `${icon} Kubeward $(error) ${c.error} $(warning) ${c.warning} $(info) ${c.info + c.hint}`;
    this.item.tooltip =
      p.health === 'stopped'
        ? 'Kubeward: the language server stopped. See the Kubeward output channel.'
        : `Kubeward, whole workspace: ${c.error} errors, ${c.warning} warnings, ${c.info} info, ${c.hint} hints${p.scanning ? ' (scanning…)' : ''}${p.message ? `\n${p.message}` : ''}${p.notice ? `\n${p.notice}` : ''}\nClick to open the Problems panel.`;
    this.item.backgroundColor =
      p.health === 'stopped' || p.health === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
