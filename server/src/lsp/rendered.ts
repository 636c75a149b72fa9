// Rendered sources in the editor (Helm charts; Kustomize overlays later): which root owns a file, a
// debounced render of that root from the open buffers (a newer edit aborts the older render), and
// the findings it places in the files a person edits, published as their own layer of each file's
// diagnostics and kept for code actions and hover while the file's text is what they were made on.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  MarkupKind,
  type CodeActionContext,
  type Diagnostic,
  type Hover,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import { snippetDefaults } from '../engine/fix';
import type { Finding } from '../engine/run';
import { LineIndex } from '../engine/text';
import type { RenderedSources } from '../pipeline/scan';
import type { Source } from '../pipeline/source';
import { Commands, type DiagnosticData } from '../protocol';
import { toRange, type KubewardService } from '../service';
import type { FileResult } from '../sources/mapped';
import { pathOf, type OpenDocuments } from './checker';
import type { PublishedDiagnostics } from './published';

/** What rendering one root gave: something to check, or why it was not rendered (said once). */
export type RenderStep<R> = { rendered: R } | { skipped: string };

/** One root (a chart folder) of a rendered-source kind, kept while the server runs. */
export interface RenderedRoot<R = unknown> {
  /** A file of the root has this text in an editor; `undefined`: the disk's text again; `null`: deleted. */
  update(path: string, text: string | null | undefined): void;
  /** Renders the root as its files now are; `signal` aborts the render (the program is stopped). */
  render(signal: AbortSignal): Promise<RenderStep<R>>;
  /** Checks a render: the findings and problems, each in the file a person edits. */
  check(rendered: R): Promise<FileResult[]>;
  /** Removes what the root keeps on disk (the chart's copy). */
  dispose(): void;
}

/** A kind of rendered source (Helm charts). */
export interface RenderedKind {
  /** The kind of source a root is in a workspace scan (default `chart`). */
  readonly source?: 'chart' | 'kustomize';
  /** The layer of diagnostics its findings are (`helm`), and how the status item names a root. */
  readonly layer: string;
  describe(root: string): string;
  /** The root that owns a file (the chart it belongs to), if any. */
  rootOf(path: string): string | undefined;
  /**
   * What the hover on one of its root's findings adds (Markdown lines): where the rendered value comes
   * from, in the words of this kind (a Helm template and its values, a Kustomize overlay and its patch).
   */
  explain(root: string, f: Finding): string[];
  create(root: string): RenderedRoot;
  /** Why its roots are not rendered in a workspace that is not trusted. */
  readonly untrusted: string;
}

export interface RenderedDeps {
  documents: OpenDocuments;
  published: PublishedDiagnostics;
  service: KubewardService;
  log: { info(m: string): void; error(m: string): void };
  /** The user's programs may run (the workspace is trusted, the client did not say `render: false`). */
  allowed(): boolean;
}

/** How long a render runs before the status item shows it. */
export const SLOW_RENDER_MS = 500;

/** The findings placed in one file, on the text they were placed on. */
interface Placed {
  text: string;
  lines: LineIndex;
  result: FileResult;
  /** The kind and root that placed them. */
  kind: RenderedKind;
  root: string;
}

interface RootState {
  kind: RenderedKind;
  root: string;
  handle: RenderedRoot | undefined;
  timer: NodeJS.Timeout | undefined;
  controller: AbortController | undefined;
  /** URIs this root's layer has diagnostics in. */
  uris: Set<string>;
  /** The text each file was last changed to (an open document's is given on open and as its first change). */
  texts: Map<string, string | null | undefined>;
  /** The render that runs now, until it returns. */
  running: AbortController | undefined;
}

export class RenderedManager {
  private readonly roots = new Map<string, RootState>();
  private readonly placed = new Map<string, Placed>();
  private readonly said = new Set<string>();
  private readonly slow = new Set<RootState>();
  /** Renders finished (a test waits on this). */
  renders = 0;

  constructor(
    private readonly d: RenderedDeps,
    readonly kinds: readonly RenderedKind[],
  ) {}

  /** What renders for longer than a moment, for the status item. */
  rendering(): string | undefined {
    const first = [...this.slow][0];
    return first ? `rendering ${first.kind.describe(first.root)}…` : undefined;
  }

  private stateFor(path: string): RootState | undefined {
    for (const kind of this.kinds) {
      const root = kind.rootOf(path);
      if (root === undefined) continue;
      return this.stateOf(kind, root);
    }
    return undefined;
  }

  private stateOf(kind: RenderedKind, root: string): RootState {
    const key = `${kind.layer}\u0000${root}`;
    let s = this.roots.get(key);
    if (!s) {
      s = {
        kind,
        root,
        handle: undefined,
        timer: undefined,
        controller: undefined,
        uris: new Set(),
        texts: new Map(),
        running: undefined,
      };
      this.roots.set(key, s);
    }
    return s;
  }

  /** The state of a scan source's root: its kind's, by the root itself. */
  private stateOfSource(source: Source): RootState | undefined {
    if (source.kind === 'kustomize') {
      const kind = this.kinds.find((k) => k.source === 'kustomize');
      return kind ? this.stateOf(kind, source.path) : undefined;
    }
    // The root is asked for by a (any) file in it: a root's own folder path is not inside it.
    const s = this.stateFor(join(source.path, 'file'));
    return s?.root === source.path ? s : undefined;
  }

  /** The root of a file, if a rendered source owns it. */
  rootOf(path: string): string | undefined {
    return this.stateFor(path)?.root;
  }

  /**
   * A file changed (an open buffer's text; `undefined`: its disk text again, as after closing or a
   * change on disk; `null`: deleted): its root takes the text and renders after `delay` ms (the
   * debounce while typing; 0 on open and save; a function: read only if a root owns the file).
   * Returns whether a root owns the file.
   */
  changed(uri: string, textOf: string | null | undefined | (() => string), delay: number): boolean {
    const path = pathOf(uri);
    if (!path) return false;
    const s = this.stateFor(path);
    if (!s) return false;
    const text = typeof textOf === 'function' ? textOf() : textOf;
    // The text a render that is scheduled or runs already has (an opened document is also changed,
    // with the same text): another render would only stop that one and do its work again.
    if (typeof text === 'string' && s.texts.get(path) === text && (s.timer || s.running)) return true;
    s.texts.set(path, text);
    s.handle?.update(path, text);
    this.schedule(s, delay);
    return true;
  }

  /** Renders every root that has been rendered or touched again (settings or trust changed). */
  renderAll(): void {
    for (const s of this.roots.values()) this.schedule(s, 0);
  }

  private schedule(s: RootState, delay: number): void {
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      s.timer = undefined;
      void this.renderNow(s);
    }, delay);
  }

  /** The root's handle, created on first use with the open buffers of its files. */
  private handleOf(s: RootState): RenderedRoot {
    if (s.handle) return s.handle;
    const handle = s.kind.create(s.root);
    for (const doc of this.d.documents.all()) {
      const p = pathOf(doc.uri);
      if (p && s.kind.rootOf(p) === s.root) handle.update(p, doc.getText());
    }
    s.handle = handle;
    return handle;
  }

  /** Says once why roots are not rendered: in the log and the status item. */
  private say(reason: string): void {
    if (this.said.has(reason)) return;
    this.said.add(reason);
    this.d.log.info(reason);
    this.d.published.notice = reason;
    this.d.published.sendStatus(true);
  }

  /** A render succeeded: a notice about why nothing rendered no longer holds. */
  private rendered(): void {
    if (this.d.published.notice === undefined) return;
    this.d.published.notice = undefined;
    this.d.published.sendStatus(true);
  }

  /** Renders one root (aborting a render of it that runs), unless a newer call started meanwhile. */
  private async step(s: RootState): Promise<{ step: RenderStep<unknown>; signal: AbortSignal } | undefined> {
    s.controller?.abort();
    const controller = new AbortController();
    s.controller = controller;
    if (!this.d.allowed()) {
      this.say(s.kind.untrusted);
      return undefined;
    }
    s.running = controller;
    const slow = setTimeout(() => {
      this.slow.add(s);
      this.d.published.sendStatus(true);
    }, SLOW_RENDER_MS);
    try {
      const step = await this.handleOf(s).render(controller.signal);
      if (controller.signal.aborted || s.controller !== controller) return undefined;
      return { step, signal: controller.signal };
    } catch (e) {
      if (!controller.signal.aborted) this.d.log.error(`rendering ${s.root}: ${String(e)}`);
      return undefined;
    } finally {
      if (s.running === controller) s.running = undefined;
      clearTimeout(slow);
      if (this.slow.delete(s)) this.d.published.sendStatus(true);
    }
  }

  private async renderNow(s: RootState): Promise<void> {
    const r = await this.step(s);
    if (!r) return;
    if ('skipped' in r.step) {
      this.say(r.step.skipped);
      this.apply(s, []);
    } else {
      const files = await (s.handle as RenderedRoot).check(r.step.rendered);
      if (r.signal.aborted) return;
      this.rendered();
      this.apply(s, files);
    }
    this.renders++;
  }

  /** Publishes a root's results as its layer: every file with findings, files that had some cleared. */
  private apply(s: RootState, files: readonly FileResult[]): void {
    const next = new Set<string>();
    for (const f of files) {
      const uri = pathToFileURL(f.path).href;
      const lines = new LineIndex(f.text);
      const diagnostics = [
        ...f.problems.map((p): Diagnostic => ({
          range: toRange(lines, p.start, p.end),
          severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
          source: 'kubeward',
          code: p.code,
          message: p.message,
        })),
        ...f.findings.map((x) => this.toDiagnostic(lines, x)),
      ];
      if (diagnostics.length > 0) {
        next.add(uri);
        this.placed.set(uri, { text: f.text, lines, result: f, kind: s.kind, root: s.root });
      } else this.placed.delete(uri);
      if (diagnostics.length > 0 || s.uris.has(uri))
        this.d.published.publishLayer(uri, s.kind.layer, diagnostics);
    }
    for (const uri of s.uris)
      if (!next.has(uri)) {
        this.placed.delete(uri);
        this.d.published.publishLayer(uri, s.kind.layer, []);
      }
    s.uris = next;
  }

  private toDiagnostic(lines: LineIndex, f: Finding): Diagnostic {
    const d = this.d.service.toDiagnostic(lines, f);
    const related = f.rendered?.related ?? [];
    if (related.length > 0)
      d.relatedInformation = related.map((r) => ({
        location: { uri: pathToFileURL(r.path).href, range: r.range },
        message: r.message,
      }));
    return d;
  }

  /** The findings placed in an open document, if they were placed on the text it has now. */
  private current(uri: string): Placed | undefined {
    const p = this.placed.get(uri);
    const doc = this.d.documents.get(uri);
    return p && doc?.getText() === p.text ? p : undefined;
  }

  /** Quick fixes of the rendered findings a client's diagnostics name (by their data key). */
  codeActions(uri: string, params: { range: Range; context: CodeActionContext }): CodeAction[] {
    const p = this.current(uri);
    if (!p) return [];
    const only = params.context.only;
    if (
      only &&
      !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(`${k}.`))
    )
      return [];
    const actions: CodeAction[] = [];
    for (const d of params.context.diagnostics) {
      if (d.source !== 'kubeward') continue;
      const key = (d.data as Partial<DiagnosticData> | undefined)?.key;
      const f = key === undefined ? undefined : p.result.findings.find((x) => x.key === key);
      if (!f) continue;
      for (const fx of f.fixes) {
        const edits = fx.edits.map((e) => ({
          range: toRange(p.lines, e.start, e.end),
          newText: snippetDefaults(e.newText),
        }));
        const a = CodeAction.create(fx.title, { changes: { [uri]: edits } }, CodeActionKind.QuickFix);
        a.diagnostics = [d];
        if (fx.safety === 'safe') a.isPreferred = true;
        actions.push(a);
      }
      actions.push(
        CodeAction.create(
          `Show documentation for ${f.ruleId}`,
          {
            title: `Show documentation for ${f.ruleId}`,
            command: Commands.showRuleDocs,
            arguments: [f.ruleId],
          },
          CodeActionKind.QuickFix,
        ),
      );
    }
    return actions;
  }

  /** Hover on a rendered finding: the rule, and where its kind says the rendered value comes from. */
  hover(uri: string, position: Position): Hover | null {
    const p = this.current(uri);
    if (!p) return null;
    const offset = p.lines.offset(position.line, position.character);
    const hits = p.result.findings.filter((f) => f.start <= offset && offset <= f.end);
    const first = hits[0];
    if (!first) return null;
    const parts = hits.map((f) => {
      const lines = [this.d.service.hoverText(f)];
      if (f.rendered) lines.push('', ...p.kind.explain(p.root, f));
      return lines.join('\n');
    });
    return {
      contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
      range: toRange(p.lines, first.start, first.end),
    };
  }

  /**
   * The workspace scan's rendered-source step: each root is rendered in the index pass (aborting an
   * edit's render of it) and checked in the check pass, and its layer published like an edit's.
   */
  scanSources(): RenderedSources {
    const pending = new Map<string, { s: RootState; rendered: unknown } | undefined>();
    return {
      index: async (source: Source) => {
        const s = this.stateOfSource(source);
        if (!s) return;
        const r = await this.step(s);
        if (!r) return;
        if ('skipped' in r.step) this.say(r.step.skipped);
        else pending.set(source.path, { s, rendered: r.step.rendered });
      },
      check: async (source: Source) => {
        const p = pending.get(source.path);
        pending.delete(source.path);
        if (!p?.s.handle) return [];
        const files = await p.s.handle.check(p.rendered);
        this.rendered();
        this.apply(p.s, files);
        this.renders++;
        return files;
      },
    };
  }

  /** Roots for the files of a scan: each file's root, once, with the kind of scan source it is. */
  rootsOf(paths: Iterable<string>): { root: string; source: 'chart' | 'kustomize' }[] {
    const roots = new Map<string, { root: string; source: 'chart' | 'kustomize' }>();
    for (const p of paths) {
      const s = this.stateFor(p);
      if (s) roots.set(`${s.kind.layer}\u0000${s.root}`, { root: s.root, source: s.kind.source ?? 'chart' });
    }
    return [...roots.values()];
  }

  /** Stops renders and removes the roots' copies. */
  dispose(): void {
    for (const s of this.roots.values()) {
      if (s.timer) clearTimeout(s.timer);
      s.controller?.abort();
      s.handle?.dispose();
    }
    this.roots.clear();
  }
}
