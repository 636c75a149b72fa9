// Checks open documents (debounced, versioned) and closed files on disk (watcher events, dependency
// changes), through the scan pipeline's check step, and publishes their diagnostics.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { codeCache } from '../code-cache';
import { wholeText, type SourceText } from '../engine/parse';
import type { CheckResult } from '../engine/run';
import { LineIndex } from '../engine/text';
import type { WorkspaceIndex } from '../engine/workspace-index';
import { checkUnit } from '../pipeline/check';
import { workspacePolicies } from '../policies/workspace';
import type { FilePlan, Project } from '../project';
import { isConfigFileName, mergeConfig } from '../project-config';
import type { Settings } from '../protocol';
import { toRange, type KubewardService } from '../service';
import { documentText } from './chunked-document';
import type { PublishedDiagnostics } from './published';
import type { SettingsStore } from './settings';

/** The path of a `file:` URI, else undefined (untitled buffers, virtual files). */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * Reads a closed file of at most `max` bytes. Synchronous: the workspace scan yields to the message
 * loop after every file anyway, and awaiting five thread-pool round trips per file (stat, open,
 * fstat, read, close) left the server idle for over half of a 10,000-file scan.
 */
export function readIfSmall(path: string, max: number): string | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > max) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function isManifest(doc: TextDocument): boolean {
  return /yaml|json/i.test(doc.languageId) || /\.(ya?ml|json)$/i.test(doc.uri);
}

/** The open documents, as the server's TextDocuments holds them. */
export interface OpenDocuments {
  get(uri: string): TextDocument | undefined;
  all(): TextDocument[];
}

/** Which closed files show results from disk: those the last workspace scan covered. */
export class ScannedFiles {
  private uris = new Set<string>();
  /** A workspace scan has completed (changed files on disk are then checked too). */
  hasRun = false;

  has(uri: string): boolean {
    return this.uris.has(uri);
  }

  add(uri: string): void {
    this.uris.add(uri);
  }

  delete(uri: string): void {
    this.uris.delete(uri);
  }

  all(): IterableIterator<string> {
    return this.uris.values();
  }

  /** A scan completed and covered exactly these. */
  replace(uris: Iterable<string>): void {
    this.uris = new Set(uris);
    this.hasRun = true;
  }
}

export interface CheckerDeps {
  documents: OpenDocuments;
  service: KubewardService;
  index: WorkspaceIndex;
  project: Project;
  settings: SettingsStore;
  published: PublishedDiagnostics;
  scanned: ScannedFiles;
  log: { info(m: string): void; error(m: string): void };
  /** Whether a rendered source's result decides for a file (a file a Kustomize build reads). */
  builtBy?: (path: string) => boolean;
}

export class Checker {
  /** Pending checks by URI: the function that cancels each. */
  private readonly timers = new Map<string, () => void>();
  /** URIs already logged as skipped, so each is logged once. */
  private readonly noted = new Set<string>();
  private firstCheckDone = false;
  /** Admission policies already logged as not evaluated, so each is logged once. */
  private readonly policiesNoted = new Set<string>();

  constructor(private readonly d: CheckerDeps) {}

  /** How many skipped files were logged (the scan's summary counts them). */
  get notedCount(): number {
    return this.noted.size;
  }

  /** Settings or project files changed: skipped files are logged again. */
  resetNotes(): void {
    this.noted.clear();
  }

  /** Diagnostics of a `.kubeward.yaml` text: its schema problems at their exact ranges. */
  configDiagnostics(path: string, text: string): Diagnostic[] {
    const loaded = this.d.project.parseText(path, text);
    const lines = new LineIndex(text);
    return loaded.problems.map((p) => ({
      range: toRange(lines, p.start, p.end),
      severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: 'kubeward',
      code: 'config',
      message: p.message,
    }));
  }

  /**
   * Logs once why a file is not (fully) checked. Whether a document held template syntax comes from
   * the engine's per-chunk parse (cached), not from another scan of the whole text on each keystroke.
   */
  private note(uri: string, plan: FilePlan, result: CheckResult | undefined): void {
    if (this.noted.has(uri)) return;
    const log = this.d.log;
    if (plan.skip === 'helm') log.info(`skipped ${uri}: Helm chart template (not rendered)`);
    else if (plan.skip === 'excluded')
      log.info(`skipped ${uri}: excluded by ${plan.configFile?.file ?? 'the config file'}`);
    else if (result?.templated) log.info(`${uri}: documents with template syntax ({{ }}) are not checked`);
    else return;
    this.noted.add(uri);
  }

  /**
   * Checks a text (open buffer or file on disk), indexed first, and returns its diagnostics. `keep`:
   * an open document, whose result stays for code actions and hover.
   */
  async diagnose(
    uri: string,
    version: number,
    text: SourceText,
    keep: boolean,
    known?: Settings,
  ): Promise<Diagnostic[]> {
    const settings = known ?? (await this.d.settings.for(uri));
    if (!settings.enable) return [];
    const path = pathOf(uri);
    if (path && isConfigFileName(basename(path))) return this.configDiagnostics(path, wholeText(text));
    // The URI owns the chunks cached for this check; a closed file's are released after it (forget).
    const owner = uri;
    let checked: { result: CheckResult | undefined; config: FilePlan['config']; file: string };
    if (path) {
      const ctx = { engine: this.d.service.engine, index: this.d.index, project: this.d.project };
      const r = checkUnit(ctx, { path, key: uri, text }, settings, owner);
      this.note(uri, r.plan, r.result);
      checked = { result: r.result, config: r.plan.config, file: r.plan.file };
    } else {
      // An untitled buffer: no project config applies.
      const config = mergeConfig(undefined, settings);
      checked = {
        result: this.d.service.engine.check(text, config, this.d.index, uri, owner),
        config,
        file: uri,
      };
    }
    return this.present(uri, version, text, checked.result, checked.config, checked.file, keep);
  }

  /** Turns a result into diagnostics (a skipped file has none). */
  present(
    uri: string,
    version: number,
    text: SourceText,
    result: CheckResult | undefined,
    config: FilePlan['config'],
    file: string,
    keep: boolean,
  ): Diagnostic[] {
    if (!result) return [];
    const checked = this.d.service.record(uri, version, text, result, config, this.d.index, file);
    for (const e of result.internalErrors) this.d.log.error(`rule error in ${uri}: ${e}`);
    if (!this.firstCheckDone) {
      this.firstCheckDone = true;
      // After the first check the cache also holds the rules and the reader compiled for it.
      const cache = codeCache();
      if (cache && (cache.state === 'miss' || cache.state === 'rejected'))
        setImmediate(() => this.d.log.info(`code cache ${cache.file}: ${cache.save()}`));
    }
    if (!keep) this.d.service.forget(uri);
    return checked.diagnostics;
  }

  /** Logs each admission policy Kubeward does not evaluate, once, with the reason (the output channel). */
  notePolicies(): void {
    for (const p of workspacePolicies(this.d.index).notEvaluated) {
      const key = JSON.stringify([p.kind, p.name, p.uri, p.reason]);
      if (this.policiesNoted.has(key)) continue;
      this.policiesNoted.add(key);
      this.d.log.info(
        `admission policy not evaluated: ${p.kind} "${p.name}" in ${p.uri ?? '?'}: ${p.reason}`,
      );
    }
  }

  /** Re-indexes a text; when the index changed, re-checks what depends on it. */
  reindex(uri: string, text: SourceText | undefined, open = false): void {
    const index = this.d.index;
    const engine = this.d.service.engine;
    // Open documents share the engine's cached parse: the check that follows parses nothing twice.
    const changed =
      text === undefined
        ? index.remove(uri)
        : index.update(uri, text, open ? (t) => engine.parse(t) : undefined);
    if (!changed) return;
    this.notePolicies();
    for (const d of this.d.documents.all()) if (d.uri !== uri) this.schedule(d, 0);
    for (const dep of index.dependants(uri))
      if (!this.d.documents.get(dep) && this.d.scanned.has(dep)) void this.recheckDisk(dep);
  }

  /** Checks an open document's current version and publishes, unless a newer version arrived. */
  async validate(doc: TextDocument): Promise<void> {
    const docs = this.d.documents;
    const published = this.d.published;
    if (docs.get(doc.uri)?.version !== doc.version) return;
    const path = pathOf(doc.uri);
    if (!isManifest(doc) || (path !== undefined && this.d.builtBy?.(path) === true)) {
      // Inside a kustomization tree the built result decides (its own layer): no raw check too.
      published.publish(doc.uri, []);
      return;
    }
    // In chunks (lsp/chunked-document.ts): the whole string of a large file is not built per keystroke.
    const text = documentText(doc);
    const limit = (await this.d.settings.for(doc.uri)).maxFileSize;
    if (text.length > limit) {
      // Checking a huge buffer on every keystroke would stall the editor: one clear diagnostic instead.
      if (docs.get(doc.uri)?.version !== doc.version) return;
      published.publish(doc.uri, [tooLarge(text.length, limit)], doc.version);
      return;
    }
    this.reindex(doc.uri, text, true);
    const diagnostics = await this.diagnose(doc.uri, doc.version, text, true);
    // A newer version arrived while settings were fetched: its own run publishes.
    if (docs.get(doc.uri)?.version !== doc.version) return;
    published.publish(doc.uri, diagnostics, doc.version);
  }

  /**
   * Checks an open document after `delay` ms; a newer call replaces an older one. A delay of 0 runs
   * the check once pending I/O is handled (`setImmediate`), not through a timer, whose shortest delay
   * in Node is 1 ms: with `debounceMs: 0` every keystroke waited that millisecond for nothing.
   */
  schedule(doc: TextDocument, delay: number): void {
    this.cancel(doc.uri);
    const run = (): void => {
      this.timers.delete(doc.uri);
      const current = this.d.documents.get(doc.uri);
      if (current) void this.validate(current);
    };
    if (delay <= 0) {
      const immediate = setImmediate(run);
      this.timers.set(doc.uri, () => clearImmediate(immediate));
    } else {
      const timer = setTimeout(run, delay);
      this.timers.set(doc.uri, () => clearTimeout(timer));
    }
  }

  /** Drops a pending check. */
  cancel(uri: string): void {
    this.timers.get(uri)?.();
    this.timers.delete(uri);
  }

  /** Re-checks a closed file from disk (watcher event or dependency change). */
  async recheckDisk(uri: string): Promise<void> {
    if (this.d.documents.get(uri)) return;
    const path = pathOf(uri);
    if (!path) return;
    const settings = await this.d.settings.for(uri);
    const text = readIfSmall(path, settings.maxFileSize);
    if (text === undefined) {
      this.forgetFile(uri);
      return;
    }
    this.reindex(uri, text);
    if (this.d.documents.get(uri)) return;
    this.d.scanned.add(uri);
    this.d.published.publish(uri, await this.diagnose(uri, 0, text, false));
  }

  /** A file is gone (or no longer readable): out of the index, no diagnostics unless open. */
  forgetFile(uri: string): void {
    this.d.scanned.delete(uri);
    this.reindex(uri, undefined);
    if (!this.d.documents.get(uri)) this.d.published.publish(uri, []);
  }

  /** An open document closed: a scanned file goes back to its disk contents, anything else is cleared. */
  closed(uri: string): void {
    this.cancel(uri);
    this.d.service.forget(uri);
    this.d.settings.forget(uri);
    if (this.d.scanned.has(uri)) void this.recheckDisk(uri);
    else {
      this.reindex(uri, undefined);
      this.d.published.publish(uri, []);
    }
  }
}

function tooLarge(length: number, limit: number): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: 'kubeward',
    code: 'file-too-large',
    message: `Kubeward did not check this file: it is ${Math.round(length / 1024)} KiB, above kubeward.maxFileSize (${Math.round(limit / 1024)} KiB).`,
  };
}
