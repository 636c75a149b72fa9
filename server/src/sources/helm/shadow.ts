import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { loadChartFiles, packagedChart, readChartYaml, type ChartFiles } from './chart';
import { renderChart, type RenderOptions, type RenderResult } from './render';
import {
  TRACE_DIR,
  instrumentTemplate,
  lineStarts,
  newNonce,
  twinPath,
  twinToOriginal,
  type Instrumented,
} from './instrument';

/** Options of {@link ChartShadow.create}. */
export interface ShadowOptions {
  /** Write traced twins next to the templates (default true). */
  trace?: boolean;
  nonce?: string;
  /** Parent folder of the copy (default: the OS temp folder). */
  tmp?: string;
}

/**
 * A throw-away copy of a chart folder that holds the editor's unsaved text instead of the disk text,
 * and the traced twins of its manifest templates. It is updated file by file (never copied again on
 * a keystroke), and rendering it renders both the clean documents and the twins in one helm run.
 */
export class ChartShadow {
  readonly dir: string;
  readonly nonce: string;
  private readonly texts = new Map<string, string>();
  private readonly instrumented = new Map<string, Instrumented>();
  private readonly disabled = new Set<string>();
  private readonly trace: boolean;
  private readonly packaged: Map<string, string> | undefined;
  private disposed = false;

  private constructor(
    readonly chartDir: string,
    options: ShadowOptions,
  ) {
    this.trace = options.trace ?? true;
    this.nonce = options.nonce ?? newNonce();
    this.dir = join(mkdtempSync(join(options.tmp ?? tmpdir(), 'kubeward-helm-')), basename(chartDir));
    cpSync(chartDir, this.dir, {
      recursive: true,
      filter: (src) => {
        const rel = relative(chartDir, src).split(sep);
        return !rel.includes('.git') && !rel.includes(TRACE_DIR);
      },
    });
    const loaded = loadChartFiles(this.dir);
    // Packaged subcharts are unpacked in the copy (helm reads a folder as it reads the archive), so
    // their templates get twins too; they stay marked as packaged: never an origin.
    for (const [prefix, archive] of loaded.packaged ?? []) {
      const pc = packagedChart(readFileSync(join(this.dir, ...archive.split('/'))));
      if (!pc) continue;
      for (const [rel, data] of pc.files) {
        const target = join(this.dir, ...prefix.split('/'), ...rel.split('/'));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, data);
      }
      rmSync(join(this.dir, ...archive.split('/')), { force: true });
    }
    this.packaged = loaded.packaged;
    for (const [rel, text] of loaded.files) {
      this.texts.set(rel, text);
      this.writeTwin(rel);
    }
  }

  /** Copies `chartDir` to a new temporary folder and writes the twins. */
  static create(chartDir: string, options: ShadowOptions = {}): ChartShadow {
    return new ChartShadow(chartDir, options);
  }

  /**
   * Sets one file (chart-relative, `/` separators) to the text an editor holds; `undefined` takes the
   * disk text again, `null` deletes it from the copy. Its twin follows.
   */
  update(rel: string, text: string | null | undefined): void {
    if (this.disposed) return;
    const target = join(this.dir, ...rel.split('/'));
    if (text === null) {
      rmSync(target, { force: true });
      this.texts.delete(rel);
      this.removeTwin(rel);
      return;
    }
    let value = text;
    if (value === undefined) {
      try {
        value = readFileSync(join(this.chartDir, ...rel.split('/')), 'utf8');
      } catch {
        this.update(rel, null);
        return;
      }
    }
    if (this.texts.get(rel) === value) return;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, value);
    this.texts.set(rel, value);
    // An edited template gets a new chance to be traced.
    this.disabled.delete(rel);
    this.writeTwin(rel);
  }

  /** Stops tracing one template (its twin broke the render) until its text changes. */
  disableTwin(rel: string): void {
    this.disabled.add(rel);
    this.removeTwin(rel);
  }

  /** Takes a twin out of the copy for one render (see {@link renderTraced}). */
  suspendTwin(rel: string): void {
    const tp = twinPath(rel);
    if (tp) rmSync(join(this.dir, ...tp.split('/')), { force: true });
  }

  /** Puts a suspended twin back. */
  restoreTwin(rel: string): void {
    this.writeTwin(rel);
  }

  /** The template has a twin in the copy. */
  hasTwin(rel: string): boolean {
    return this.instrumented.has(rel);
  }

  /** Templates whose twin was turned off. */
  get disabledTwins(): ReadonlySet<string> {
    return this.disabled;
  }

  /** The chart's current texts (editor text where set), for mapping. `root` is the real chart folder. */
  chartFiles(): ChartFiles {
    const files = new Map(this.texts);
    const name = readChartYaml(files.get('Chart.yaml') ?? '')?.name ?? '';
    return this.packaged
      ? { root: this.chartDir, name, files, packaged: new Map(this.packaged) }
      : { root: this.chartDir, name, files };
  }

  /** A 1-based column helm reported on a twin's line, as a column of the template itself. */
  templateColumn(rel: string, line: number, column: number): number {
    const ins = this.instrumented.get(rel);
    if (!ins) return column;
    const starts = lineStarts(ins.twin);
    const at = (starts[line - 1] ?? 0) + column - 1;
    const orig = twinToOriginal(ins.insertions, at);
    const text = this.texts.get(rel) ?? '';
    const ostarts = lineStarts(text);
    return orig - (ostarts[line - 1] ?? 0) + 1;
  }

  /** Removes the copy. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    rmSync(dirname(this.dir), { recursive: true, force: true });
  }

  private writeTwin(rel: string): void {
    const tp = twinPath(rel);
    if (!tp || !this.trace || this.disabled.has(rel)) return;
    const ins = instrumentTemplate(this.texts.get(rel) ?? '', this.nonce);
    if (!ins) {
      this.removeTwin(rel);
      return;
    }
    const target = join(this.dir, ...tp.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, ins.twin);
    this.instrumented.set(rel, ins);
  }

  private removeTwin(rel: string): void {
    const tp = twinPath(rel);
    if (tp) rmSync(join(this.dir, ...tp.split('/')), { force: true });
    this.instrumented.delete(rel);
  }
}

/**
 * Renders a shadow with its twins. When helm fails in a twin, the chart is rendered again without
 * that twin: if it then renders, the twin itself was the problem (a marker that breaks that
 * document's YAML) and stays off until its template changes, so tracing never costs the render; if
 * it still fails, the error is the template's own, reported on the template, and the twin comes back.
 */
export async function renderTraced(
  shadow: ChartShadow,
  options: Omit<RenderOptions, 'chartDir'>,
): Promise<{ result: RenderResult; untraced: string[] }> {
  const suspended = new Set<string>();
  for (let attempt = 0; ; attempt++) {
    const result = await renderChart({ ...options, chartDir: shadow.dir });
    const broken =
      !result.ok && result.reason === 'error'
        ? result.errors.filter((e) => e.twin && e.file).map((e) => e.file as string)
        : [];
    if (result.ok) {
      for (const f of suspended) shadow.disableTwin(f);
      return { result, untraced: [...suspended] };
    }
    if (broken.length === 0 || attempt >= 8) {
      for (const f of suspended) shadow.restoreTwin(f);
      for (const e of result.errors) {
        if (e.twin && e.file && e.line !== undefined && e.column !== undefined) {
          e.column = shadow.templateColumn(e.file, e.line, e.column);
        }
        delete e.twin;
      }
      return { result, untraced: [] };
    }
    for (const f of broken) {
      shadow.suspendTwin(f);
      suspended.add(f);
    }
  }
}
