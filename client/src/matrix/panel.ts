// "Kubeward: Show ATT&CK Matrix": the webview panel beside the editor. It draws dist/matrix.js
// (client/src/webview/) under a strict Content Security Policy and follows the findings store.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { FindingsStore } from '../findings/store';
import { openFindingCommand } from '../findings/view';
import { matrixHtml } from './html';
import { MatrixController } from './messages';
import { buildMatrix, navigatorLayer } from './model';

export const MATRIX_VIEW_TYPE = 'kubeward.attackMatrix';

export class MatrixPanel implements vscode.Disposable {
  private static current: MatrixPanel | undefined;
  private readonly controller: MatrixController;
  private readonly disposables: { dispose(): unknown }[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** Shows the matrix (one panel per window), selecting `technique` if given. */
  static show(
    extensionUri: vscode.Uri,
    store: FindingsStore,
    version: string,
    technique?: string,
  ): MatrixPanel {
    const panel = (MatrixPanel.current ??= new MatrixPanel(extensionUri, store, version));
    panel.panel.reveal(vscode.ViewColumn.Beside);
    if (technique) panel.controller.select(technique);
    return panel;
  }

  static get visible(): MatrixPanel | undefined {
    return MatrixPanel.current;
  }

  private readonly panel: vscode.WebviewPanel;

  private constructor(
    extensionUri: vscode.Uri,
    private readonly store: FindingsStore,
    private readonly version: string,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    this.panel = vscode.window.createWebviewPanel(
      MATRIX_VIEW_TYPE,
      'Kubeward: ATT&CK Matrix',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      { enableScripts: true, localResourceRoots: [dist] },
    );
    const webview = this.panel.webview;
    this.controller = new MatrixController({
      post: (m) => void webview.postMessage(m),
      open: (id) => void this.open(id),
      exportLayer: () => void this.exportLayer(),
    });
    webview.html = matrixHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      script: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'matrix.js')).toString(),
      style: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'matrix.css')).toString(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => this.controller.receive(m)),
      this.panel.onDidDispose(() => this.dispose()),
      // A hidden webview is torn down; shown again, its script starts over and says ready.
      this.panel.onDidChangeViewState(() => {
        if (!this.panel.visible) this.controller.reset();
      }),
      store.onChange(() => this.schedule()),
    );
    this.controller.update(buildMatrix(store.all()));
  }

  /** Redraw once a burst of publishes (a scan, typing) settles. */
  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.controller.update(buildMatrix(this.store.all()));
    }, 150);
  }

  private async open(id: string): Promise<void> {
    const f = this.store.get(id);
    if (!f) {
      void vscode.window.showInformationMessage('Kubeward: that finding changed since the matrix was drawn.');
      return;
    }
    const [uri, options] = openFindingCommand(f).arguments as [vscode.Uri, vscode.TextDocumentShowOptions];
    // In an editor group beside the matrix's, so the matrix stays in sight.
    const other = vscode.window.visibleTextEditors.find(
      (e) => e.viewColumn !== undefined && e.viewColumn !== this.panel.viewColumn,
    )?.viewColumn;
    await vscode.window.showTextDocument(uri, { ...options, viewColumn: other ?? vscode.ViewColumn.Beside });
  }

  async exportLayer(): Promise<void> {
    await exportNavigatorLayer(this.store, this.version);
  }

  dispose(): void {
    if (MatrixPanel.current === this) MatrixPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** "Export Navigator layer…": the layer `kubeward scan --format navigator` writes, for the same findings. */
export async function exportNavigatorLayer(store: FindingsStore, version: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: 'Export ATT&CK Navigator layer',
    saveLabel: 'Export',
    filters: { 'ATT&CK Navigator layer': ['json'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'kubeward-attack-layer.json') } : {}),
  });
  if (!target) return;
  const layer = navigatorLayer(store.all(), version);
  await vscode.workspace.fs.writeFile(target, Buffer.from(`${JSON.stringify(layer, null, 2)}\n`, 'utf8'));
  void vscode.window.showInformationMessage(
    `Kubeward: wrote the Navigator layer (${layer.techniques.length} techniques) to ${vscode.workspace.asRelativePath(target)}.`,
  );
}
