// Kustomize trees in a scan (the CLI, the editor's workspace scan): which roots each tree builds (its
// `.kubeward.yaml` `kustomize.roots`, else the overlays and unused bases), built once in the index
// pass, where the built objects join the workspace index, and checked in the check pass.
import { isAbsolute, resolve } from 'node:path';
import type { WorkspaceIndex } from '../engine/workspace-index';
import type { CheckContext } from '../pipeline/check';
import type { RenderedSources } from '../pipeline/scan';
import type { Source } from '../pipeline/source';
import type { Project } from '../project';
import type { Settings } from '../protocol';
import { findProgram } from './programs';
import type { KustomizeTree } from './kustomize/roots';
import { treeAbsolute, treeRelative } from './kustomize/roots';
import type { FileResult } from './mapped';
import { buildFromTexts, buildTree, checkTree, rootsOf, type OverlayRun, type TreeBuild } from './overlay';

/** What every tree of a scan shares: the user's kustomize (or kubectl), its time limit. */
export interface OverlaysEnv {
  binary: string;
  flavor: OverlayRun['flavor'];
  timeoutMs: number;
  readFile(path: string): string | undefined;
  settingsOf(path: string): Partial<Settings>;
}

/**
 * The user's program that builds overlays: `kustomize` (a flag or setting, else on PATH), else
 * `kubectl` (its `kubectl kustomize`). A program whose name starts with `kubectl` is run as kubectl.
 */
export function findKustomize(
  kustomize: string | undefined,
  kubectl: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): { binary: string; flavor: OverlayRun['flavor'] } | undefined {
  const flavorOf = (p: string): OverlayRun['flavor'] =>
    /^kubectl/i.test(p.split(/[\\/]/).pop() ?? '') ? 'kubectl' : 'kustomize';
  const k = findProgram(kustomize ?? 'kustomize', env, cwd);
  if (k) return { binary: k, flavor: flavorOf(k) };
  const c = findProgram(kubectl ?? 'kubectl', env, cwd);
  if (c) return { binary: c, flavor: 'kubectl' };
  return undefined;
}

/** The roots `.kubeward.yaml` lists for a tree (relative to the tree), or undefined: the tree's own. */
export function configuredRoots(tree: KustomizeTree, project: Project): string[] | undefined {
  const plan = project.plan(resolve(tree.tree, '.kubeward-kustomize'), {});
  const cfg = plan.configFile;
  const list = cfg?.config.kustomizeRoots;
  if (!cfg || !list) return undefined;
  return list.map((r) => treeRelative(tree.tree, resolve(cfg.dir, r)));
}

/**
 * The rendered-source step of a scan for Kustomize trees: each tree's roots are built once, in the
 * index pass, where the built objects join the workspace index; the check pass places their findings.
 */
export class ScanOverlays implements RenderedSources {
  private readonly builds = new Map<string, TreeBuild>();
  /** Per tree: the index keys of its built objects. */
  private readonly keys = new Map<string, string[]>();
  /** Per tree: the texts `--fix` rounds gave its files so far (tree-relative path → text). */
  private readonly edited = new Map<string, Map<string, string>>();

  constructor(
    private readonly ctx: CheckContext & { index: WorkspaceIndex },
    private readonly env: OverlaysEnv,
    /** The trees found when the inputs were collected, by folder. */
    private readonly trees: ReadonlyMap<string, KustomizeTree>,
    private readonly keyOf: (path: string) => string = (p) => p,
  ) {}

  /** Total milliseconds spent in builds, for the summary. */
  ms = 0;

  async index(source: Source): Promise<void> {
    const tree = this.trees.get(source.path);
    if (!tree) return;
    const roots = rootsOf(tree, configuredRoots(tree, this.ctx.project));
    const built = await buildTree(tree, roots, {
      binary: this.env.binary,
      flavor: this.env.flavor,
      timeoutMs: this.env.timeoutMs,
    });
    this.indexBuilt(source, built);
  }

  /** A tree's builds: kept for the check pass, their objects in the workspace index. */
  private indexBuilt(source: Source, built: TreeBuild): void {
    const tree = built.tree;
    const before = this.keys.get(source.path) ?? [];
    const keys: string[] = [];
    this.builds.set(source.path, built);
    for (const b of built.builds) {
      if (!b.ok) continue;
      this.ms += b.ms;
      const k = tree.kustomizations.get(b.root)?.file ?? `${b.root}/kustomization.yaml`;
      b.map.docs.forEach((doc, i) => {
        const key = this.keyOf(`${treeAbsolute(tree.tree, k)}#${String(i)}`);
        this.ctx.index.update(key, doc.text);
        keys.push(key);
      });
    }
    for (const k of before) if (!keys.includes(k)) this.ctx.index.remove(k);
    this.keys.set(source.path, keys);
  }

  /**
   * The files of a tree a fix may edit (`kubeward scan --fix`): the tree's own files (not `../`)
   * that one of its builds reads.
   */
  editable(source: Source, path: string): boolean {
    const tree = this.trees.get(source.path);
    if (!tree || !this.builds.has(source.path)) return false;
    const rel = treeRelative(tree.tree, path);
    if (rel === '' || rel.startsWith('../') || isAbsolute(rel)) return false;
    for (const files of tree.filesOf.values()) if (files.includes(rel)) return true;
    return false;
  }

  /**
   * Builds a tree again with some of its {@link editable} files holding other texts (absolute path →
   * text; a `--fix` round), in a throw-away copy, indexes what it builds and checks it.
   */
  async recheck(source: Source, texts: ReadonlyMap<string, string>): Promise<FileResult[]> {
    const tree = this.trees.get(source.path);
    if (!tree) return [];
    const edited = this.edited.get(source.path) ?? new Map<string, string>();
    this.edited.set(source.path, edited);
    for (const [path, text] of texts)
      if (this.editable(source, path)) edited.set(treeRelative(tree.tree, path), text);
    const roots = rootsOf(tree, configuredRoots(tree, this.ctx.project));
    const built = await buildFromTexts(
      tree,
      roots,
      (rel) => edited.get(rel) ?? this.env.readFile(treeAbsolute(tree.tree, rel)),
      { binary: this.env.binary, flavor: this.env.flavor, timeoutMs: this.env.timeoutMs },
    );
    this.indexBuilt(source, built);
    return this.check(source);
  }

  check(source: Source): Promise<FileResult[]> {
    const built = this.builds.get(source.path);
    if (!built) return Promise.resolve([]);
    // Findings are placed in the texts that were built: a `--fix` round's edits, else the disk's.
    const edited = this.edited.get(source.path);
    const tree = built.tree.tree;
    return Promise.resolve(
      checkTree(
        built,
        this.ctx,
        this.env.settingsOf(source.path),
        (p) => edited?.get(treeRelative(tree, p)) ?? this.env.readFile(p),
      ),
    );
  }
}

/** Charts and Kustomize trees in one scan: each source goes to the step for its kind. */
export class RenderedByKind implements RenderedSources {
  constructor(private readonly steps: Partial<Record<'chart' | 'kustomize', RenderedSources>>) {}

  async index(source: Source): Promise<void> {
    if (source.kind === 'chart' || source.kind === 'kustomize') await this.steps[source.kind]?.index(source);
  }

  async check(source: Source): Promise<FileResult[]> {
    if (source.kind === 'chart' || source.kind === 'kustomize')
      return (await this.steps[source.kind]?.check(source)) ?? [];
    return [];
  }
}
