// Kustomize trees as a rendered source of the editor: a workspace folder with kustomizations is one
// root of this kind. Editing any file a build reads (a resource, a patch, a kustomization, a
// component) rebuilds the roots whose builds read it from the open buffers' text (the other roots'
// last builds are reused: their files have the texts they were built from): the files the builds
// read are written to a throw-away copy of the tree, which the user's kustomize (or `kubectl
// kustomize`) builds through its temporary wrapper; the findings of all the roots are placed in the
// real files by the same code as the CLI (sources/overlay.ts), so a finding several overlays share
// still names them all. Inside a kustomization tree the built result decides: the file's
// own check is skipped (see `owns`), as `kubeward scan` does.
import { basename, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, RelatedLocation } from '../engine/run';
import type { WorkspaceIndex } from '../engine/workspace-index';
import type { Project } from '../project';
import type { Settings } from '../protocol';
import type { KubewardService } from '../service';
import type { FileResult } from '../sources/mapped';
import { KUSTOMIZATION_FILES } from '../sources/kustomize/kustomization';
import { findRoots, treeAbsolute, type KustomizeTree } from '../sources/kustomize/roots';
import {
  buildFromTexts,
  builtFiles,
  checkTree,
  listOf,
  rootsOf,
  type RootBuild,
  type TreeBuild,
} from '../sources/overlay';
import { configuredRoots, findKustomize } from '../sources/overlays';
import type { RenderedKind, RenderedRoot, RenderStep } from './rendered';

export interface KustomizeTreesDeps {
  project: Project;
  service: KubewardService;
  index: WorkspaceIndex;
  /** The settings of a folder or file URI. */
  settingsFor(uri: string): Promise<Settings>;
  /** A file's text: the open buffer's, else the disk's. */
  readFile(path: string): string | undefined;
  /** The open buffer's text of a file, if it is open. */
  openText(path: string): string | undefined;
  /** The workspace folders (paths): each is a tree. */
  folders(): readonly string[];
  /** Where a relative `kubeward.kustomize.path` is taken from (the first workspace folder). */
  cwd(): string;
  /** A tree's files went from built to checked on their own, or back: their own checks run again. */
  ownershipChanged(): void;
}

export const KUSTOMIZE_NOT_TRUSTED =
  'The workspace is in Restricted Mode: Kustomize overlays are not built and their files are checked on their own (trust the workspace to build them with your kustomize or kubectl).';

/** Why overlays are not built with these settings, or the program that builds them. */
export function kustomizeOf(
  settings: Settings,
  cwd: string,
): { binary: string; flavor: 'kustomize' | 'kubectl' } | { skipped: string } {
  if (!settings.kustomize.enabled)
    return {
      skipped:
        'kubeward.kustomize.enabled is false: Kustomize overlays are not built and their files are checked on their own.',
    };
  const found = findKustomize(settings.kustomize.path, settings.kubectl.path, process.env, cwd);
  if (found) return found;
  return {
    skipped: `neither kustomize nor kubectl was found (kubeward.kustomize.path is "${settings.kustomize.path}", kubeward.kubectl.path is "${settings.kubectl.path}"): Kustomize overlays are not built and their files are checked on their own. Install one, or set the path in your user settings.`,
  };
}

interface TreeRendered {
  built: TreeBuild;
  settings: Settings;
}

/** One tree: what its roots read, known without building (read again when a kustomization changes). */
class TreeState {
  /** What the tree reads, until a kustomization or the settings change. */
  private read_: { tree: KustomizeTree; roots: string[]; files: Set<string> } | undefined;
  /** Whether the last build attempt was skipped (no program, turned off): its files are checked raw. */
  skipped = false;

  constructor(
    readonly dir: string,
    private readonly d: KustomizeTreesDeps,
  ) {}

  read(): { tree: KustomizeTree; roots: string[]; files: Set<string> } {
    if (!this.read_) {
      const skip = (rel: string): boolean =>
        this.d.project.plan(join(this.dir, rel, 'x.yaml'), {}).skip === 'excluded';
      const tree = findRoots(this.dir, { read: (p) => this.d.openText(p), skip });
      const roots = rootsOf(tree, configuredRoots(tree, this.d.project));
      this.read_ = { tree, roots, files: builtFiles(tree, roots) };
    }
    return this.read_;
  }

  invalidate(): void {
    this.read_ = undefined;
  }
}

/** A root's last build, with what it was built from: reused while the same program would read the same texts. */
interface LastBuild {
  build: RootBuild;
  /** The program, its flavor and time limit. */
  program: string;
  /** The root's files (tree-relative) and the text each had (undefined: not there). */
  inputs: ReadonlyMap<string, string | undefined>;
}

/** A build that would come out the same from the same texts (not stopped, not out of time). */
function reusable(b: RootBuild): boolean {
  return b.ok || !['aborted', 'timeout', 'spawn'].includes(b.failure.reason);
}

function sameInputs(
  a: ReadonlyMap<string, string | undefined>,
  b: ReadonlyMap<string, string | undefined>,
): boolean {
  if (a.size !== b.size) return false;
  for (const [f, t] of a) if (!b.has(f) || b.get(f) !== t) return false;
  return true;
}

class TreeRoot implements RenderedRoot<TreeRendered> {
  /** Index keys of the objects the last build gave. */
  private keys: string[] = [];
  /** Each root's last build: a render rebuilds only the roots whose files (or file list) changed. */
  private readonly last = new Map<string, LastBuild>();

  constructor(
    private readonly state: TreeState,
    private readonly d: KustomizeTreesDeps,
  ) {}

  update(path: string): void {
    // Texts are compared at each render; a kustomization's edit may change what is read.
    if (KUSTOMIZATION_FILES.includes(basename(path))) this.state.invalidate();
  }

  async render(signal: AbortSignal): Promise<RenderStep<TreeRendered>> {
    const dir = this.state.dir;
    const settings = await this.d.settingsFor(pathToFileURL(dir).href);
    const skipped = (reason: string): RenderStep<TreeRendered> => {
      if (!this.state.skipped) {
        this.state.skipped = true;
        this.d.ownershipChanged();
      }
      return { skipped: reason };
    };
    if (!settings.enable) return skipped('Kubeward is turned off for this folder (kubeward.enable).');
    const program = kustomizeOf(settings, this.d.cwd());
    if ('skipped' in program) return skipped(program.skipped);
    if (this.state.skipped) {
      this.state.skipped = false;
      this.d.ownershipChanged();
    }
    const { tree, roots } = this.state.read();
    const programKey = `${program.flavor}\u0000${program.binary}\u0000${String(settings.kustomize.timeoutMs)}`;
    // Every file's text now (the open buffer's, else the disk's), read once.
    const texts = new Map<string, string | undefined>();
    const textOf = (rel: string): string | undefined => {
      if (!texts.has(rel)) texts.set(rel, this.d.readFile(treeAbsolute(dir, rel)));
      return texts.get(rel);
    };
    const inputsOf = (root: string): Map<string, string | undefined> =>
      new Map((tree.filesOf.get(root) ?? []).map((f) => [f, textOf(f)]));
    for (const r of [...this.last.keys()]) if (!roots.includes(r)) this.last.delete(r);
    // Only the roots whose build reads a file that changed (or reads other files now) are built again.
    const stale = roots.filter((r) => {
      const l = this.last.get(r);
      return l?.program !== programKey || !sameInputs(l.inputs, inputsOf(r));
    });
    const fresh = new Map<string, RootBuild>();
    if (stale.length > 0) {
      // The files those builds read, with the buffers' text, in a throw-away copy of the tree.
      const built = await buildFromTexts(tree, stale, textOf, {
        binary: program.binary,
        flavor: program.flavor,
        timeoutMs: settings.kustomize.timeoutMs,
        signal,
      });
      for (const b of built.builds) {
        fresh.set(b.root, b);
        if (reusable(b)) this.last.set(b.root, { build: b, program: programKey, inputs: inputsOf(b.root) });
      }
    }
    const builds = roots.flatMap((r) => {
      const b = fresh.get(r) ?? this.last.get(r)?.build;
      return b ? [b] : [];
    });
    // Paths are tree-relative: the same in the copy and the real tree.
    return { rendered: { built: { tree, builds }, settings } };
  }

  check({ built, settings }: TreeRendered): Promise<FileResult[]> {
    const tree = built.tree;
    // The built objects join the workspace index (cross-file rules see them), as in the CLI.
    const keys: string[] = [];
    for (const b of built.builds) {
      if (!b.ok) continue;
      const k = tree.kustomizations.get(b.root)?.file ?? `${b.root}/kustomization.yaml`;
      b.map.docs.forEach((doc, i) => {
        const key = `${pathToFileURL(treeAbsolute(tree.tree, k)).href}#${String(i)}`;
        this.d.index.update(key, doc.text);
        keys.push(key);
      });
    }
    for (const k of this.keys) if (!keys.includes(k)) this.d.index.remove(k);
    this.keys = keys;
    const ctx = { engine: this.d.service.engine, index: this.d.index, project: this.d.project };
    return Promise.resolve(checkTree(built, ctx, settings, (p) => this.d.readFile(p)));
  }

  dispose(): void {
    for (const k of this.keys) this.d.index.remove(k);
    this.last.clear();
  }
}

/** Kustomize trees: a file's root is the workspace folder whose kustomizations build it. */
export class KustomizeTrees implements RenderedKind {
  readonly source = 'kustomize';
  readonly layer = 'kustomize';
  readonly untrusted = KUSTOMIZE_NOT_TRUSTED;
  private readonly trees = new Map<string, TreeState>();

  constructor(private readonly d: KustomizeTreesDeps) {}

  describe(root: string): string {
    return `Kustomize overlays in ${root.split(sep).at(-1) ?? root}`;
  }

  private folderOf(path: string): string | undefined {
    let best: string | undefined;
    for (const f of this.d.folders()) {
      const r = relative(f, path);
      if (r === '' || r.startsWith('..') || r.startsWith(sep)) continue;
      if (!best || f.length > best.length) best = f;
    }
    return best;
  }

  private treeOf(folder: string): TreeState {
    let t = this.trees.get(folder);
    if (!t) this.trees.set(folder, (t = new TreeState(folder, this.d)));
    return t;
  }

  rootOf(path: string): string | undefined {
    const folder = this.folderOf(path);
    if (!folder) return undefined;
    const t = this.treeOf(folder);
    // A kustomization file is always part of its tree (an edit may make it a root).
    if (KUSTOMIZATION_FILES.includes(basename(path)))
      return t.read().tree.kustomizations.size > 0 ? folder : undefined;
    return t.read().files.has(path) ? folder : undefined;
  }

  /**
   * Whether the built result decides for a file (its own check is skipped): a build reads it and
   * its tree's builds are not skipped (no program, turned off). Rendering must be allowed.
   */
  owns(path: string): boolean {
    const folder = this.folderOf(path);
    if (!folder) return false;
    const t = this.treeOf(folder);
    if (t.skipped) return false;
    try {
      return t.read().files.has(path);
    } catch {
      return false;
    }
  }

  /** Kustomizations or settings changed: what each tree reads is read again. */
  invalidate(): void {
    for (const t of this.trees.values()) t.invalidate();
  }

  create(root: string): RenderedRoot {
    return new TreeRoot(this.treeOf(root), this.d);
  }

  /** Which overlays build the object, and what in this file sets the value: resource, patch or entry. */
  explain(root: string, f: Finding): string[] {
    const r = f.rendered;
    if (!r) return [];
    const names = (r.roots ?? [r.template]).map((x) => `\`${x === '.' ? basename(root) : x}\``);
    const built = `what ${listOf(names)} ${names.length === 1 ? 'builds' : 'build'}`;
    const path = `\`${r.path}\``;
    const line = (x: RelatedLocation): string => {
      const n = String(x.range.start.line + 1);
      return `[${relative(root, x.path).split(sep).join('/')} line ${n}](${pathToFileURL(x.path).href}#L${n})`;
    };
    const applied = r.related.map((x) => ` ${line(x)} applies it.`).join('');
    const text = ((): string => {
      if (f.missing) {
        const where =
          r.via === 'patch'
            ? 'this patch'
            : r.via === 'transformer'
              ? 'this kustomization entry'
              : 'the resource file';
        return `${path} is missing from ${built}; the finding is on the nearest key ${where} writes.${applied}`;
      }
      switch (r.via) {
        case 'patch':
          return `this patch sets ${path} in ${built}.${applied}`;
        case 'transformer':
          return `this kustomization entry sets ${path} in ${built}.`;
        case 'generator':
          return `this generator makes the object at ${path} in ${built}.`;
        case 'fallback':
          return `${path} in ${built} is written nowhere in the tree as it is built: the finding is on the object in its resource file.`;
        default:
          return `this line of the resource file is ${path} in ${built}, unchanged.`;
      }
    })();
    return [`**Kustomize:** ${text}`];
  }
}
