// The inputs of `kubeward scan`: files, directories (walked), globs and standard input.
import { statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { picomatch } from '../engine/lazy-modules';
import { GLOB_OPTIONS } from '../engine/glob';
import { discover, globBase, isGlob, type DiscoverOptions } from '../discover';
import type { Source } from '../pipeline/source';
import type { Project } from '../project';
import type { KustomizeTree } from '../sources/kustomize/roots';
import { configuredRoots } from '../sources/overlays';
import { builtFiles, readTree, rootsOf } from '../sources/overlay';

/** One input: a path on disk, or standard input. */
export interface Input extends Source {
  /** As shown in the output: relative to the working directory, `/`-separated; `<stdin>` for stdin. */
  display: string;
}

/** `p` as the output shows it: relative to `cwd`, `/`-separated. */
export function display(cwd: string, p: string): string {
  const r = relative(cwd, p);
  return (r === '' ? p : r).split(sep).join('/');
}

/**
 * Expands the arguments into inputs, in argument order (each directory or glob in sorted order),
 * without duplicates. Explicit files are taken whatever their extension. Stdin is planned and indexed
 * as `<stdin>` in the working directory. With `charts`, the files of a Helm chart (its templates,
 * values and subcharts) are one input: the chart's folder.
 */
export async function collectInputs(
  paths: readonly string[],
  cwd: string,
  project: Project,
  opts: DiscoverOptions,
  /** Group the files of a Helm chart into one input, the chart, rendered (else each file is one). */
  charts = false,
  /**
   * Given: a folder argument with kustomizations to build is one input (kind `kustomize`, its tree
   * recorded here), and the files its builds read are not inputs of their own (the built result
   * decides for them).
   */
  kustomize?: Map<string, KustomizeTree>,
): Promise<Input[]> {
  const out: Input[] = [];
  const seen = new Set<string>();
  const built = new Set<string>();
  const add = (path: string): void => {
    if (built.has(path)) return;
    const chart = charts && path !== '-' ? project.chartOf(path) : undefined;
    if (chart !== undefined) {
      if (seen.has(chart)) return;
      seen.add(chart);
      out.push({ kind: 'chart', path: chart, display: display(cwd, chart) });
      return;
    }
    if (seen.has(path)) return;
    seen.add(path);
    out.push(
      path === '-'
        ? { kind: 'stdin', path: join(cwd, '<stdin>'), display: '<stdin>' }
        : { kind: 'file', path, display: display(cwd, path) },
    );
  };
  const skip = (p: string): boolean => project.plan(p, {}).skip === 'excluded';
  for (const arg of paths) {
    if (arg === '-') {
      add('-');
      continue;
    }
    if (isGlob(arg)) {
      const base = resolve(cwd, globBase(arg));
      const match = picomatch()(resolve(cwd, arg).split(sep).join('/'), GLOB_OPTIONS);
      let found = 0;
      for (const f of await discover(base, { ...opts, skip })) {
        if (!match(f.path.split(sep).join('/'))) continue;
        found++;
        add(f.path);
      }
      if (found === 0) opts.log?.(`no file matches ${arg}`);
      continue;
    }
    const abs = resolve(cwd, arg);
    const st = statSync(abs); // throws for a missing path: an I/O error (exit 2)
    if (st.isDirectory() && kustomize) {
      const tree = readTree(abs, (rel) => skip(join(abs, rel)));
      const roots = rootsOf(tree, configuredRoots(tree, project));
      if (roots.length > 0 && !seen.has(abs)) {
        seen.add(abs);
        kustomize.set(abs, tree);
        out.push({ kind: 'kustomize', path: abs, display: display(cwd, abs) });
        for (const f of builtFiles(tree, roots)) built.add(f);
      }
    }
    if (st.isDirectory()) for (const f of await discover(abs, { ...opts, skip })) add(f.path);
    else add(abs);
  }
  return out;
}
