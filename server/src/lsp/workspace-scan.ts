// "Kubeward: Scan Workspace": every manifest of every workspace folder through the scan pipeline,
// with progress and cancellation; the results of closed files are published all at once.
import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, type CancellationToken, type Diagnostic } from 'vscode-languageserver/node';
import { discover } from '../discover';
import type { WorkspaceIndex } from '../engine/workspace-index';
import { Scan } from '../pipeline/scan';
import type { Source } from '../pipeline/source';
import type { LoadedConfig, Project } from '../project';
import { policyFiles, readPolicyFile } from '../policy-paths';
import { isConfigFileName } from '../project-config';
import { DEFAULT_SETTINGS, type Settings } from '../protocol';
import type { KubewardService } from '../service';
import { readIfSmall, type Checker, type OpenDocuments, type ScannedFiles } from './checker';
import type { PublishedDiagnostics } from './published';
import type { RenderedManager } from './rendered';
import type { SettingsStore } from './settings';

export interface ScanSummary {
  files: number;
  findings: number;
  skipped: number;
  cancelled: boolean;
}

/** Work-done progress of one scan. */
export interface Progress {
  report(message: string, percentage?: number): void;
  done(): void;
}

export interface WorkspaceScanDeps {
  documents: OpenDocuments;
  service: KubewardService;
  index: WorkspaceIndex;
  project: Project;
  settings: SettingsStore;
  published: PublishedDiagnostics;
  checker: Checker;
  /** Renders the charts the scan finds (their findings are published as their own layer). */
  rendered?: RenderedManager;
  /** Whether a build's result decides for a file (a Kustomize build reads it): no raw check of it. */
  builtBy?: (path: string) => boolean;
  scanned: ScannedFiles;
  log: { info(m: string): void };
  /** Starts the client's progress UI; its cancel button cancels the scan. */
  startProgress(cancel: CancellationTokenSource): Promise<Progress>;
}

/** A discovered file with the settings of its innermost workspace folder. */
interface ScanFile extends Source {
  readonly key: string;
  readonly settings: Settings;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

export class WorkspaceScan {
  /** The workspace folders (paths). */
  folders: string[] = [];
  private current: { cancel: CancellationTokenSource; done: Promise<ScanSummary> } | undefined;

  constructor(private readonly d: WorkspaceScanDeps) {}

  get running(): boolean {
    return this.current !== undefined;
  }

  /** Every manifest of every folder (excludes, .gitignore, size limit, symlinks kept inside the folders). */
  private async discover(cancel: CancellationTokenSource): Promise<ScanFile[] | undefined> {
    const { settings, project } = this.d;
    const realFolders: string[] = [];
    for (const f of this.folders) {
      try {
        realFolders.push(await fsp.realpath(f));
      } catch {
        // a folder that no longer exists
      }
    }
    // A file's settings are those of the innermost workspace folder that holds it:
    // `workspace/configuration` with a file URI (and no language id) resolves exactly that, so
    // the scan asks once per folder, not once per file.
    const folderSettings = new Map<string, Settings>();
    for (const folder of this.folders)
      folderSettings.set(folder, await settings.for(pathToFileURL(folder).href));
    let files: ScanFile[] = [];
    const seen = new Set<string>();
    for (const folder of this.folders) {
      const folderUri = pathToFileURL(folder).href;
      const s = folderSettings.get(folder) ?? DEFAULT_SETTINGS;
      if (!s.enable) continue;
      const found = await discover(
        folder,
        {
          exclude: [...s.exclude, ...(await settings.filesExclude(folderUri))],
          maxFileSize: s.maxFileSize,
          skip: (p) => project.plan(p, s).skip === 'excluded',
          log: (m) => this.d.log.info(m),
          cancelled: () => cancel.token.isCancellationRequested,
        },
        realFolders,
      );
      for (const f of found) {
        if (seen.has(f.real)) continue;
        seen.add(f.real);
        const root = project.rootOf(f.path);
        files.push({
          kind: 'file',
          path: f.path,
          key: pathToFileURL(f.path).href,
          settings: (root ? folderSettings.get(root) : undefined) ?? s,
        });
      }
      if (cancel.token.isCancellationRequested) return undefined;
    }
    // Each chart the files belong to is one rendered source (its subcharts are rendered with it), and
    // so is each folder with kustomizations, whose builds decide for the files they read.
    const rendered = this.d.rendered;
    if (rendered) {
      const roots = rendered.rootsOf(files.filter((f) => f.settings.enable).map((f) => f.path));
      const builtBy = this.d.builtBy;
      if (builtBy) files = files.filter((f) => f.kind !== 'file' || !builtBy(f.path));
      for (const { root, source } of roots) {
        const owner = project.rootOf(root);
        files.push({
          kind: source,
          path: root,
          key: pathToFileURL(root).href,
          settings: (owner ? folderSettings.get(owner) : undefined) ?? DEFAULT_SETTINGS,
        });
      }
    }
    return files;
  }

  /** Reads the `policies.paths` of the config files the scanned files use into the index (not checked). */
  private indexPolicyPaths(files: readonly ScanFile[]): void {
    const configs = new Map<string, LoadedConfig>();
    for (const f of files) {
      const c = this.d.project.configFor(f.path);
      if (c?.config.policyPaths) configs.set(c.file, c);
    }
    const keys = new Set(files.map((f) => f.key));
    for (const c of configs.values())
      for (const file of policyFiles(c)) {
        const key = pathToFileURL(file).href;
        if (keys.has(key)) continue;
        const text = readPolicyFile(file);
        if (text !== undefined) this.d.index.update(key, text);
      }
  }

  /**
   * Scans every folder: indexes every manifest first (cross-file rules see the whole workspace),
   * checks the closed ones from disk and publishes everything at once. A cancelled scan publishes
   * nothing. Open documents keep their live-buffer diagnostics. A new scan cancels a running one.
   */
  run(token?: CancellationToken): Promise<ScanSummary> {
    if (this.current) this.current.cancel.cancel();
    const cancel = new CancellationTokenSource();
    token?.onCancellationRequested(() => cancel.cancel());
    const done = this.scan(cancel);
    this.current = { cancel, done };
    return done;
  }

  private async scan(cancel: CancellationTokenSource): Promise<ScanSummary> {
    const { documents, published, checker } = this.d;
    const progress = await this.d.startProgress(cancel);
    const summary: ScanSummary = { files: 0, findings: 0, skipped: 0, cancelled: true };
    published.sendStatus(true);
    try {
      const files = await this.discover(cancel);
      if (!files) return summary;
      const total = files.length;
      // Texts are not kept between the passes (memory stays flat on large workspaces): closed
      // files are read again; open ones are their buffers.
      const scan = new Scan(
        { engine: this.d.service.engine, index: this.d.index, project: this.d.project },
        files,
        {
          read: (s) =>
            documents.get((s as ScanFile).key)?.getText() ??
            readIfSmall(s.path, (s as ScanFile).settings.maxFileSize),
          settingsOf: (s) => (s as ScanFile).settings,
          cancelled: () => cancel.token.isCancellationRequested,
          pause: tick,
          owner: (u) => u.key,
          ...(this.d.rendered ? { rendered: this.d.rendered.scanSources() } : {}),
          progress: (pass, i, n) => {
            if (pass === 'indexing') {
              if ((i - 1) % 20 === 0)
                progress.report(`Indexing ${i - 1}/${total} files`, Math.round(((i - 1) / total) * 20));
            } else if (i % 20 === 1 || i === n)
              progress.report(`Scanning ${i}/${n} files`, 20 + Math.round((i / Math.max(1, n)) * 80));
          },
        },
      );
      if (!(await scan.index())) return summary;
      this.indexPolicyPaths(files);
      checker.notePolicies();
      const results = new Map<string, Diagnostic[]>();
      let renderedFindings = 0;
      const checked = await scan.check(
        ({ source, units, files: placed }) => {
          const f = source as ScanFile;
          // A chart's findings are published by the rendered-source manager, as their own layer.
          for (const p of placed ?? []) renderedFindings += p.findings.length + p.problems.length;
          for (const u of units) {
            const diagnostics = isConfigFileName(basename(u.unit.path))
              ? checker.configDiagnostics(u.unit.path, u.unit.text)
              : checker.present(f.key, 0, u.unit.text, u.result, u.plan.config, u.plan.file, false);
            if (!documents.get(f.key)) results.set(f.key, diagnostics);
          }
        },
        (n) => files[n]?.settings.enable === true && !documents.get(files[n]?.key ?? ''),
      );
      if (!checked || cancel.token.isCancellationRequested) return summary;
      // Files whose settings turn Kubeward off show nothing.
      for (const f of files)
        if (f.kind === 'file' && !f.settings.enable && !documents.get(f.key)) results.set(f.key, []);
      // Publish atomically: files no longer found lose their diagnostics; open files keep the buffer's.
      for (const uri of this.d.scanned.all())
        if (!results.has(uri) && !documents.get(uri)) published.publish(uri, []);
      for (const [uri, diagnostics] of results) if (!documents.get(uri)) published.publish(uri, diagnostics);
      this.d.scanned.replace([
        ...results.keys(),
        ...files.filter((f) => documents.get(f.key)).map((f) => f.key),
      ]);
      for (const doc of documents.all()) checker.schedule(doc, 0);
      summary.files = total;
      summary.findings = [...results.values()].reduce((n, d) => n + d.length, 0) + renderedFindings;
      summary.skipped = checker.notedCount;
      summary.cancelled = false;
      this.d.log.info(
        `scanned ${total} files in ${this.folders.length} folder${this.folders.length === 1 ? '' : 's'}: ${summary.findings} problems`,
      );
      return summary;
    } finally {
      progress.done();
      if (this.current?.cancel === cancel) this.current = undefined;
      published.sendStatus(true);
    }
  }
}
