// Helm charts as a rendered source of the editor: one shadow copy per chart (kept up to date file by
// file from the open buffers), rendered with the user's helm and checked by the same code as the
// CLI (sources/chart.ts), with the settings of the chart's folder.
import { join, posix, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../engine/run';
import type { WorkspaceIndex } from '../engine/workspace-index';
import type { Project } from '../project';
import type { Settings } from '../protocol';
import type { KubewardService } from '../service';
import { checkChart, renderChart, type ChartRender, type ChartRun } from '../sources/chart';
import { chartRun } from '../sources/charts';
import type { HelmMap } from '../sources/helm/map';
import { ChartShadow } from '../sources/helm/shadow';
import type { FileResult } from '../sources/mapped';
import { findProgram } from '../sources/programs';
import type { RenderedKind, RenderedRoot, RenderStep } from './rendered';

export interface HelmChartsDeps {
  project: Project;
  service: KubewardService;
  index: WorkspaceIndex;
  /** The settings of a folder or file URI. */
  settingsFor(uri: string): Promise<Settings>;
  /** A file's text: the open buffer's, else the disk's. */
  readFile(path: string): string | undefined;
  /** Where a relative `kubeward.helm.path` is taken from (the first workspace folder). */
  cwd(): string;
}

interface ChartRendered {
  render: ChartRender;
  run: ChartRun;
  settings: Settings;
}

export const NOT_TRUSTED =
  'The workspace is in Restricted Mode: Helm charts are not rendered and their templates are skipped (trust the workspace to render them with your helm).';

/** Why a chart is not rendered with these settings, or the helm to render it with. */
export function helmOf(settings: Settings, cwd: string): { helm: string } | { skipped: string } {
  if (!settings.helm.enabled)
    return {
      skipped:
        'kubeward.helm.enabled is false: Helm charts are not rendered and their templates are skipped.',
    };
  const helm = findProgram(settings.helm.path, process.env, cwd);
  if (helm) return { helm };
  return {
    skipped: `helm was not found (kubeward.helm.path is "${settings.helm.path}"): Helm charts are not rendered and their templates are skipped. Install helm, or set kubeward.helm.path in your user settings.`,
  };
}

class ChartRoot implements RenderedRoot<ChartRendered> {
  private readonly shadow: ChartShadow;
  private previous: HelmMap | undefined;
  /** Index keys of the documents the last render gave. */
  private keys: string[] = [];

  constructor(
    private readonly root: string,
    private readonly d: HelmChartsDeps,
  ) {
    this.shadow = ChartShadow.create(root);
  }

  update(path: string, text: string | null | undefined): void {
    const rel = relative(this.root, path);
    if (rel === '' || rel.startsWith('..')) return;
    this.shadow.update(rel.split(sep).join(posix.sep), text);
  }

  async render(signal: AbortSignal): Promise<RenderStep<ChartRendered>> {
    const settings = await this.d.settingsFor(pathToFileURL(this.root).href);
    if (!settings.enable) return { skipped: 'Kubeward is turned off for this folder (kubeward.enable).' };
    const helm = helmOf(settings, this.d.cwd());
    if ('skipped' in helm) return helm;
    const run = chartRun(
      this.root,
      this.d.project,
      {
        helm: helm.helm,
        timeoutMs: settings.helm.timeoutMs,
        valueFiles: [],
        set: [],
        readFile: (p) => this.d.readFile(p),
        settingsOf: () => settings,
      },
      signal,
    );
    const render = await renderChart(this.shadow, run, this.previous);
    if (render.ok) this.previous = render.map;
    return { rendered: { render, run, settings } };
  }

  check({ render, run, settings }: ChartRendered): Promise<FileResult[]> {
    if (!render.ok) return Promise.resolve(render.results);
    // The rendered objects join the workspace index (cross-file rules see them), as in the CLI.
    const keys = render.map.docs.map((doc, i) => {
      const key = `${pathToFileURL(join(this.root, ...doc.template.split('/'))).href}#${String(i)}`;
      this.d.index.update(key, doc.text);
      return key;
    });
    for (const k of this.keys) if (!keys.includes(k)) this.d.index.remove(k);
    this.keys = keys;
    const ctx = { engine: this.d.service.engine, index: this.d.index, project: this.d.project };
    return Promise.resolve(checkChart(render, run, ctx, settings, (p) => this.d.readFile(p)));
  }

  dispose(): void {
    for (const k of this.keys) this.d.index.remove(k);
    this.shadow.dispose();
  }
}

/** Helm charts: a file's root is its chart (a subchart's file: its parent chart). */
export class HelmCharts implements RenderedKind {
  readonly layer = 'helm';
  readonly untrusted = NOT_TRUSTED;

  constructor(private readonly d: HelmChartsDeps) {}

  describe(root: string): string {
    return `Helm chart ${root.split(sep).at(-1) ?? root}`;
  }

  rootOf(path: string): string | undefined {
    return this.d.project.chartOf(path);
  }

  create(root: string): RenderedRoot {
    return new ChartRoot(root, this.d);
  }

  /** A values-fed finding: the template that uses the value; else the template that renders it. */
  explain(_root: string, f: Finding): string[] {
    const r = f.rendered;
    if (!r) return [];
    const uses = r.related.map(
      (x) =>
        `**Helm:** \`${r.template}\` uses this value ([line ${String(x.range.start.line + 1)}](${pathToFileURL(x.path).href}#L${String(x.range.start.line + 1)})); rendered at \`${r.path}\`.`,
    );
    return uses.length > 0 ? uses : [`**Helm:** rendered by \`${r.template}\` at \`${r.path}\`.`];
  }
}
