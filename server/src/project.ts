// What applies to one file on disk: the nearest `.kubeward.yaml`, whether it is a Helm chart template
// (skipped) or a Kustomize patch (partial object). Shared by the language server and the CLI so both
// see the same findings. Reads only config files, kustomizations and Chart.yaml markers, as data.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { EngineConfig } from './engine/config';
import { globMatcher } from './discover';
import {
  CONFIG_FILE_NAMES,
  mergeConfig,
  parseProjectConfig,
  type ConfigProblem,
  type ParsedProjectConfig,
} from './project-config';
import type { Settings } from './protocol';

export interface LoadedConfig extends ParsedProjectConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Its folder: exclude and exception paths are relative to it. */
  dir: string;
  text: string;
}

/** What the scan or the editor does with a file. */
export interface FilePlan {
  /** `helm`: a chart template, skipped with a note; `excluded`: matched a config file's exclude. */
  skip: 'helm' | 'excluded' | undefined;
  config: EngineConfig;
  /** Path the engine matches exception globs against: relative to the config file's folder (else the root), `/`-separated. */
  file: string;
  /** The config file that applies, if any. */
  configFile: LoadedConfig | undefined;
  partial: boolean;
}

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

function mtimeOf(p: string): number | undefined {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

/**
 * Per-root view of project files, cached by modification time. `roots` bound every lookup up the tree:
 * nothing above a root is read.
 */
export class Project {
  private readonly configs = new Map<string, { mtime: number; loaded: LoadedConfig }>();
  private readonly dirConfig = new Map<string, string | null>();
  private readonly kustomizations = new Map<string, { mtime: number; patches: Set<string> }>();
  private readonly charts = new Map<string, boolean>();
  private readonly entries = new Map<string, ReadonlySet<string>>();
  /** An explicit config file (`--config`) used for every file instead of the nearest one. */
  explicitConfig: string | undefined;
  /** Settings passed to {@link plan} are explicit (CLI flags) and always override the file. */
  explicitSettings = false;

  constructor(
    public roots: readonly string[],
    private readonly knownRules?: ReadonlySet<string>,
  ) {}

  /** Forgets cached lookups (a config file, kustomization or Chart.yaml changed). */
  invalidate(): void {
    this.dirConfig.clear();
    this.charts.clear();
    this.entries.clear();
  }

  /** Whether `dir` holds an entry `name` (one directory listing per folder, cached). */
  private has(dir: string, name: string): boolean {
    let e = this.entries.get(dir);
    if (!e) {
      try {
        e = new Set(readdirSync(dir));
      } catch {
        e = new Set();
      }
      this.entries.set(dir, e);
    }
    return e.has(name);
  }

  /** The last path {@link rootOf}/{@link ancestors} answered for: `plan` asks four times per file. */
  private last:
    { path: string; roots: readonly string[]; root: string | undefined; up?: string[] } | undefined;

  /** The innermost root (workspace folder) holding `path`, or undefined. */
  rootOf(path: string): string | undefined {
    if (this.last?.path === path && this.last.roots === this.roots) return this.last.root;
    const root = this.computeRootOf(path);
    this.last = { path, roots: this.roots, root };
    return root;
  }

  private computeRootOf(path: string): string | undefined {
    let best: string | undefined;
    for (const r of this.roots) {
      const rel = relative(r, path);
      if (rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel)))
        if (!best || r.length > best.length) best = r;
    }
    return best;
  }

  /** Directories from the file's folder up to its root (or to the file system root if none). */
  private ancestors(path: string): string[] {
    const root = this.rootOf(path);
    const last = this.last;
    if (last?.up) return last.up;
    const out: string[] = [];
    let d = dirname(resolve(path));
    for (;;) {
      out.push(d);
      if (root !== undefined && d === resolve(root)) break;
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
    if (last) last.up = out;
    return out;
  }

  /** Loads (or reuses) a config file. Undefined when it cannot be read. */
  load(file: string): LoadedConfig | undefined {
    const mtime = mtimeOf(file);
    if (mtime === undefined) return undefined;
    const hit = this.configs.get(file);
    if (hit?.mtime === mtime) return hit.loaded;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const loaded: LoadedConfig = {
      ...parseProjectConfig(text, this.knownRules),
      file,
      dir: dirname(file),
      text,
    };
    this.configs.set(file, { mtime, loaded });
    return loaded;
  }

  /** Parses a config text that is not (yet) on disk, e.g. an open editor buffer. */
  parseText(file: string, text: string): LoadedConfig {
    return { ...parseProjectConfig(text, this.knownRules), file, dir: dirname(file), text };
  }

  /** The nearest config file up the tree from `path` (bounded by its root). */
  configFor(path: string): LoadedConfig | undefined {
    if (this.explicitConfig) return this.load(this.explicitConfig);
    for (const d of this.ancestors(path)) {
      let found = this.dirConfig.get(d);
      if (found === undefined) {
        found = null;
        for (const n of CONFIG_FILE_NAMES) {
          if (this.has(d, n)) {
            found = join(d, n);
            break;
          }
        }
        this.dirConfig.set(d, found);
      }
      if (found) return this.load(found);
    }
    return undefined;
  }

  /** Whether the file lies under `<chart>/templates/` of a Helm chart (a `Chart.yaml` beside `templates/`). */
  isHelmTemplate(path: string): boolean {
    const parts = this.ancestors(path);
    for (const d of parts) {
      if (!d.endsWith(`${sep}templates`)) continue;
      const chart = dirname(d);
      let is = this.charts.get(chart);
      if (is === undefined) {
        is = this.has(chart, 'Chart.yaml') || this.has(chart, 'Chart.yml');
        this.charts.set(chart, is);
      }
      if (is) return true;
    }
    return false;
  }

  /**
   * The chart a file belongs to, as Helm renders it: the folder with `Chart.yaml` nearest up the
   * tree, or the parent chart when that folder is a subchart under the parent's `charts/`.
   */
  chartOf(path: string): string | undefined {
    let chart: string | undefined;
    for (const d of this.ancestors(resolve(path))) {
      if (chart === undefined) {
        if (this.has(d, 'Chart.yaml')) chart = d;
        continue;
      }
      // `d` is above the chart found: a parent chart holds it in its charts/ folder.
      if (dirname(chart) === join(d, 'charts') && this.has(d, 'Chart.yaml')) chart = d;
    }
    return chart;
  }

  private patchesOf(kfile: string): Set<string> {
    const mtime = mtimeOf(kfile) ?? -1;
    const hit = this.kustomizations.get(kfile);
    if (hit?.mtime === mtime) return hit.patches;
    const patches = new Set<string>();
    try {
      const doc = parseDocument(readFileSync(kfile, 'utf8'));
      const root = doc.contents as Node | null;
      if (isMap(root)) {
        const dir = dirname(kfile);
        for (const key of ['patches', 'patchesStrategicMerge', 'patchesJson6902']) {
          const seq = root.get(key, true) as Node | undefined;
          if (!isSeq(seq)) continue;
          for (const item of seq.items) {
            let p: unknown;
            if (isScalar(item)) p = item.value;
            else if (isMap(item)) p = (item.get('path', true) as Node | undefined)?.toJSON();
            if (typeof p === 'string' && !p.includes('\n') && !/^\w+:\/\//.test(p))
              patches.add(resolve(dir, p));
          }
        }
      }
    } catch {
      // unreadable or broken kustomization: nothing is a patch
    }
    this.kustomizations.set(kfile, { mtime, patches });
    return patches;
  }

  /** Whether a kustomization in the file's folder or above lists it as a patch. */
  isKustomizePatch(path: string): boolean {
    const abs = resolve(path);
    for (const d of this.ancestors(abs)) {
      for (const n of KUSTOMIZATION_NAMES) {
        if (this.has(d, n) && this.patchesOf(join(d, n)).has(abs)) return true;
      }
    }
    return false;
  }

  /**
   * Everything that applies to a file: config (file + settings), skip reason, partial flag.
   * `rendered`: the text is what a chart template rendered to, not the template itself (so it is
   * checked, not skipped).
   */
  plan(path: string, settings: Partial<Settings>, rendered = false): FilePlan {
    const abs = resolve(path);
    const cfg = this.configFor(abs);
    const base = cfg?.dir ?? this.rootOf(abs) ?? dirname(abs);
    const file = toPosix(relative(base, abs));
    const partial = !rendered && this.isKustomizePatch(abs);
    const config: EngineConfig = {
      ...mergeConfig(cfg?.config, settings, this.explicitSettings),
      ...(partial ? { partial: true } : {}),
    };
    let skip: FilePlan['skip'];
    if (cfg && cfg.config.exclude.length > 0 && globMatcher(cfg.config.exclude)(file)) skip = 'excluded';
    else if (!rendered && this.isHelmTemplate(abs)) skip = 'helm';
    return { skip, config, file, configFile: cfg, partial };
  }
}

export type { ConfigProblem };
