// The Explorer's "Kubeward" view: client/src/findings/tree.ts's groups drawn as a VS Code tree.
import * as vscode from 'vscode';
import { GROUP_LABELS, groupFindings, type GroupBy, type TreeNode } from './tree';
import type { Finding, FindingsStore } from './store';

export const FINDINGS_VIEW = 'kubeward.findings';

const ICONS: Record<Finding['severity'], [string, string]> = {
  error: ['error', 'problemsErrorIcon.foreground'],
  warning: ['warning', 'problemsWarningIcon.foreground'],
  info: ['info', 'problemsInfoIcon.foreground'],
  hint: ['lightbulb', 'problemsInfoIcon.foreground'],
};

/** The command a finding's node runs: open its file with the finding's range selected. */
export function openFindingCommand(f: Finding): vscode.Command {
  const { start, end } = f.range;
  return {
    title: 'Open finding',
    command: 'vscode.open',
    arguments: [
      vscode.Uri.parse(f.uri),
      {
        selection: new vscode.Range(start.line, start.character, end.line, end.character),
        preview: false,
      } satisfies vscode.TextDocumentShowOptions,
    ],
  };
}

export class FindingsView implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private roots: TreeNode[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly view: vscode.TreeView<TreeNode>;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly store: FindingsStore,
    private mode: GroupBy = 'resource',
  ) {
    this.view = vscode.window.createTreeView(FINDINGS_VIEW, {
      treeDataProvider: this,
      showCollapseAll: true,
    });
    this.subscription = store.onChange(() => this.schedule());
    this.refresh();
  }

  groupBy(mode: GroupBy): void {
    this.mode = mode;
    this.refresh();
  }

  /** Many publishes arrive together during a scan: redraw once they settle. */
  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, 150);
  }

  private refresh(): void {
    this.roots = groupFindings(this.store.all(), this.mode);
    const total = this.store.all().length;
    this.view.description = `${GROUP_LABELS[this.mode]} · ${total} ${total === 1 ? 'finding' : 'findings'}`;
    this.view.message =
      total === 0 ? 'No findings. Run "Kubeward: Scan Workspace" to check every manifest.' : '';
    this.emitter.fire(undefined);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return node ? node.children : this.roots;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const f = node.finding;
    if (!f) {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.key;
      item.description = String(node.count);
      item.tooltip = `${node.label}: ${node.count} ${node.count === 1 ? 'finding' : 'findings'}`;
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.key;
    item.description = f.message;
    item.tooltip = f.message;
    const [icon, color] = ICONS[f.severity];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.command = openFindingCommand(f);
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
    this.view.dispose();
    this.emitter.dispose();
  }
}
