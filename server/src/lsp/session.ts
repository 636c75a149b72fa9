// The language server's state, in objects with names: the service and its index and project, the
// settings, what is published, the open-document checker and the workspace scan. Handlers (lsp/
// handlers/) only move messages between the connection and these.
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  type Connection,
  type TextDocuments,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { WorkspaceIndex } from '../engine/workspace-index';
import { Project } from '../project';
import { StatusNotification } from '../protocol';
import { rules } from '../rules/index';
import { KubewardService } from '../service';
import { Checker, readIfSmall, ScannedFiles } from './checker';
import { HelmCharts } from './helm-charts';
import { KustomizeTrees } from './kustomize-trees';
import { PublishedDiagnostics } from './published';
import { RenderedManager } from './rendered';
import { SettingsStore } from './settings';
import { WorkspaceScan, type Progress } from './workspace-scan';

/** A values file larger than this is not read for mapping (helm reads it itself). */
const MAX_VALUES_FILE = 8 * 1024 * 1024;

export class Session {
  readonly service = new KubewardService();
  readonly index = new WorkspaceIndex();
  readonly project = new Project([], new Set(rules.map((r) => r.id)));
  readonly settings: SettingsStore;
  /** Closed files the last workspace scan covered. */
  readonly scanned = new ScannedFiles();
  readonly published: PublishedDiagnostics;
  readonly checker: Checker;
  readonly scan: WorkspaceScan;
  /** Rendered sources (Helm charts): rendered from the open buffers, published as their own layer. */
  readonly rendered: RenderedManager;
  /** Kustomize trees, one of the rendered sources (their files' own check defers to the build). */
  readonly kustomize: KustomizeTrees;
  /** The client shows work-done progress (the workspace scan's). */
  progressSupport = false;
  /**
   * The user's helm and kustomize may run: the client did not say `render: false` at initialize (VS
   * Code says it for a workspace in Restricted Mode), or told us since that the workspace is trusted.
   */
  renderAllowed = true;
  private rescanTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
  ) {
    this.settings = new SettingsStore(connection.workspace);
    this.published = new PublishedDiagnostics({
      sendDiagnostics: (p) => void connection.sendDiagnostics(p),
      sendStatus: (p) => void connection.sendNotification(StatusNotification, p),
    });
    const log = {
      info: (m: string) => connection.console.info(m),
      error: (m: string) => connection.console.error(m),
    };
    const kustomize: KustomizeTrees = new KustomizeTrees({
      project: this.project,
      service: this.service,
      index: this.index,
      settingsFor: (uri) => this.settings.for(uri),
      readFile: (path) =>
        this.documents.get(pathToFileURL(path).href)?.getText() ?? readIfSmall(path, MAX_VALUES_FILE),
      openText: (path) => this.documents.get(pathToFileURL(path).href)?.getText(),
      folders: () => this.scan.folders,
      cwd: () => this.scan.folders[0] ?? process.cwd(),
      ownershipChanged: () => {
        for (const d of this.documents.all()) this.checker.schedule(d, 0);
      },
    });
    this.kustomize = kustomize;
    this.checker = new Checker({
      ...this.state(),
      scanned: this.scanned,
      log,
      builtBy: (path) => this.renderAllowed && kustomize.owns(path),
    });
    const helm = new HelmCharts({
      project: this.project,
      service: this.service,
      index: this.index,
      settingsFor: (uri) => this.settings.for(uri),
      readFile: (path) =>
        this.documents.get(pathToFileURL(path).href)?.getText() ?? readIfSmall(path, MAX_VALUES_FILE),
      cwd: () => this.scan.folders[0] ?? process.cwd(),
    });
    this.rendered = new RenderedManager(
      {
        documents: this.documents,
        published: this.published,
        service: this.service,
        log,
        allowed: () => this.renderAllowed,
      },
      [helm, kustomize],
    );
    this.published.rendering = () => this.rendered.rendering();
    this.scan = new WorkspaceScan({
      ...this.state(),
      rendered: this.rendered,
      builtBy: (path) => this.renderAllowed && this.kustomize.owns(path),
      checker: this.checker,
      scanned: this.scanned,
      log,
      startProgress: (cancel) => this.startProgress(cancel),
    });
    this.published.scanning = () => this.scan.running;
  }

  private state() {
    return {
      documents: this.documents,
      service: this.service,
      index: this.index,
      project: this.project,
      settings: this.settings,
      published: this.published,
    };
  }

  /** The workspace folders (paths): the scan's roots and the project's. */
  setFolders(folders: string[]): void {
    this.scan.folders = folders;
    this.project.roots = folders;
  }

  /** The settings of the first folder (startup options such as `scanOnStartup`). */
  firstFolderSettings(): ReturnType<SettingsStore['for']> {
    const first = this.scan.folders[0];
    return this.settings.for(first ? pathToFileURL(first).href : '');
  }

  /** After a config change: re-check open documents now, and rescan the workspace if it was scanned. */
  configChanged(): void {
    this.settings.clear();
    this.project.invalidate();
    this.kustomize.invalidate();
    this.checker.resetNotes();
    for (const d of this.documents.all()) this.checker.schedule(d, 0);
    this.rendered.renderAll();
    if (!this.scanned.hasRun) return;
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = undefined;
      void this.scan.run();
    }, 300);
  }

  private async startProgress(cancel: CancellationTokenSource): Promise<Progress> {
    const none: Progress = { report: () => undefined, done: () => undefined };
    if (!this.progressSupport) return none;
    let p: WorkDoneProgressServerReporter;
    try {
      p = await this.connection.window.createWorkDoneProgress();
    } catch {
      return none;
    }
    p.token.onCancellationRequested(() => cancel.cancel());
    p.begin('Kubeward', 0, 'Finding files…', true);
    return { report: (m, pct) => p.report(pct ?? 0, m), done: () => p.done() };
  }
}
