// Charts in a scan (the CLI, the editor's workspace scan): how each chart is rendered (its entry in
// `.kubeward.yaml` `helm.charts`, values files and `--set`s from the command line, the Kubernetes
// version), rendered once in the index pass, and checked in the check pass.
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { WorkspaceIndex } from '../engine/workspace-index';
import type { CheckContext } from '../pipeline/check';
import type { RenderedSources } from '../pipeline/scan';
import type { Source } from '../pipeline/source';
import type { Project } from '../project';
import type { Settings } from '../protocol';
import { checkChart, COMMAND_LINE, renderChart, type ChartRender, type ChartRun } from './chart';
import { ChartShadow } from './helm/shadow';
import type { FileResult } from './mapped';

/** What every chart of a scan shares: the user's helm, its limits, the command line's values. */
export interface ChartsEnv {
  /** The user's helm (absolute). */
  helm: string;
  timeoutMs: number;
  /** `--helm-values` files (absolute), after a chart's configured values files. */
  valueFiles: readonly string[];
  /** `--set` values, after a chart's configured ones. */
  set: readonly string[];
  readFile(path: string): string | undefined;
  /** Settings a chart is checked with (the Kubernetes version comes from its plan). */
  settingsOf(root: string): Partial<Settings>;
}

/** How `root` is rendered: its `.kubeward.yaml` entry, then the command line's values. */
export function chartRun(root: string, project: Project, env: ChartsEnv, signal?: AbortSignal): ChartRun {
  const chartYaml = join(root, 'Chart.yaml');
  const plan = project.plan(chartYaml, env.settingsOf(root), true);
  const cfg = plan.configFile;
  const entry = cfg?.config.helmCharts.find((c) => resolve(cfg.dir, c.path) === root);
  const files = [...(entry?.valueFiles ?? []).map((f) => resolve(cfg?.dir ?? root, f)), ...env.valueFiles];
  const valueFiles = files.map((path) => ({ path, text: env.readFile(path) ?? '' }));
  const set = [
    ...(entry?.set ?? []).map((expression, i) => {
      const at = entry?.setAt?.[i];
      return cfg && at
        ? { expression, path: cfg.file, start: at.start, end: at.end }
        : { expression, path: COMMAND_LINE, start: 0, end: expression.length };
    }),
    ...env.set.map((expression) => ({ expression, path: COMMAND_LINE, start: 0, end: expression.length })),
  ];
  return {
    helm: env.helm,
    kubeVersion: `1.${String(plan.config.version)}`,
    timeoutMs: env.timeoutMs,
    release: entry?.releaseName ?? 'release',
    namespace: entry?.namespace ?? 'default',
    valueFiles,
    set,
    ...(signal ? { signal } : {}),
  };
}

/**
 * The rendered-source step of a scan for charts: each chart is copied (with its traced twins) and
 * rendered once, in the index pass, where its rendered objects join the workspace index; the check
 * pass places its findings. The copies are removed by {@link dispose}.
 */
export class ScanCharts implements RenderedSources {
  private readonly renders = new Map<string, { run: ChartRun; render: ChartRender; shadow: ChartShadow }>();

  constructor(
    private readonly ctx: CheckContext & { index: WorkspaceIndex },
    private readonly env: ChartsEnv,
    /** Index keys of a chart's rendered documents are derived from this (a path, or a URI). */
    private readonly keyOf: (path: string) => string = (p) => p,
  ) {}

  async index(source: Source): Promise<void> {
    const root = source.path;
    const shadow = ChartShadow.create(root);
    const run = chartRun(root, this.ctx.project, this.env);
    const render = await renderChart(shadow, run);
    this.renders.set(root, { run, render, shadow });
    if (!render.ok) return;
    render.map.docs.forEach((doc, i) => {
      this.ctx.index.update(this.keyOf(`${join(root, doc.template)}#${String(i)}`), doc.text);
    });
  }

  check(source: Source): Promise<FileResult[]> {
    const r = this.renders.get(source.path);
    if (!r) return Promise.resolve([]);
    if (!r.render.ok) return Promise.resolve(r.render.results);
    return Promise.resolve(
      checkChart(r.render, r.run, this.ctx, this.env.settingsOf(source.path), (p) => this.env.readFile(p)),
    );
  }

  /**
   * The files of a chart a fix may edit: its own files that helm reads from the copy (values files
   * given by path, on the command line or in `helm.charts`, are read from disk, not from the copy).
   */
  editable(source: Source, path: string): boolean {
    const r = this.renders.get(source.path);
    if (!r || r.run.valueFiles.some((v) => v.path === path)) return false;
    const rel = relative(source.path, path);
    return (
      rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && r.shadow.chartFiles().files.has(toSlash(rel))
    );
  }

  /**
   * Renders a chart again with some of its {@link editable} files holding other texts (absolute
   * path → text; a `--fix` round), indexes what it renders to and checks it.
   */
  async recheck(source: Source, texts: ReadonlyMap<string, string>): Promise<FileResult[]> {
    const r = this.renders.get(source.path);
    if (!r) return [];
    for (const [path, text] of texts)
      if (this.editable(source, path)) r.shadow.update(toSlash(relative(source.path, path)), text);
    const render = await renderChart(r.shadow, r.run);
    this.renders.set(source.path, { ...r, render });
    if (render.ok)
      render.map.docs.forEach((doc, i) => {
        this.ctx.index.update(this.keyOf(`${join(source.path, doc.template)}#${String(i)}`), doc.text);
      });
    return this.check(source);
  }

  /** Removes the copies of the charts. */
  dispose(): void {
    for (const r of this.renders.values()) r.shadow.dispose();
    this.renders.clear();
  }
}

function toSlash(rel: string): string {
  return rel.split(sep).join('/');
}
