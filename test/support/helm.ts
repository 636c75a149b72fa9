// Real-helm helpers for the chart tests: a chart in a temporary folder, rendered through a shadow
// copy with traced twins, and helm's plain render of the same chart for comparison.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tempTree } from './files';
import { afterAll } from 'vitest';
import { mapRender, type HelmMap } from '../../server/src/sources/helm/map';
import { ChartShadow, renderTraced } from '../../server/src/sources/helm/shadow';
import type { ValuesSource } from '../../server/src/sources/helm/values';
import { helmBinary } from './tools';

const shadows: ChartShadow[] = [];
let cleanup = false;

/** A shadow of `chartDir`, removed after the test file. */
export function shadowOf(chartDir: string): ChartShadow {
  if (!cleanup) {
    cleanup = true;
    afterAll(() => {
      for (const s of shadows.splice(0)) s.dispose();
    });
  }
  const s = ChartShadow.create(chartDir);
  shadows.push(s);
  return s;
}

/** helm's own render of a chart folder (no twins), as text. */
export function plainRender(chartDir: string, args: readonly string[] = []): string {
  return execFileSync(helmBinary(), ['template', 'release', chartDir, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, HELM_NO_PLUGINS: '1' },
  });
}

export interface Mapped {
  map: HelmMap;
  stdout: string;
  shadow: ChartShadow;
  untraced: string[];
}

/** Renders a chart with twins through real helm and maps the output. */
export async function renderAndMap(
  chartDir: string,
  options: { valuesFiles?: string[]; set?: string[]; values?: ValuesSource[] } = {},
): Promise<Mapped> {
  const shadow = shadowOf(chartDir);
  const { result, untraced } = await renderTraced(shadow, {
    helm: helmBinary(),
    release: 'release',
    ...(options.valuesFiles ? { valuesFiles: options.valuesFiles } : {}),
    ...(options.set ? { set: options.set } : {}),
  });
  if (!result.ok) throw new Error(`helm failed: ${result.message}\n${result.stderr}`);
  const map = mapRender({
    chart: shadow.chartFiles(),
    stdout: result.stdout,
    nonce: shadow.nonce,
    ...(options.values ? { values: options.values } : {}),
  });
  return { map, stdout: result.stdout, shadow, untraced };
}

/** `file:line:column` (1-based) of an offset in a text. */
export function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** A copy of a chart whose subchart folder `charts/<sub>` is replaced by its package, as `helm dependency build` leaves it. */
export function packagedCopy(chartDir: string, sub: string): string {
  const root = join(tempTree('kw-packaged-', {}), basename(chartDir));
  cpSync(chartDir, root, { recursive: true });
  execFileSync(helmBinary(), ['package', join(root, 'charts', sub), '--destination', join(root, 'charts')]);
  rmSync(join(root, 'charts', sub), { recursive: true });
  return root;
}
