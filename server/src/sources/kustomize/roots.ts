import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  KUSTOMIZATION_FILES,
  isRemote,
  parseKustomization,
  type Kustomization,
  type Ref,
} from './kustomization';

/** An entry Kubeward does not follow because kustomize would fetch it over the network. */
export interface RemoteRef extends Ref {
  /** The kustomization that lists it (tree-relative). */
  file: string;
  field: 'resources' | 'components' | 'bases' | 'others';
  message: string;
}

/** Something in the tree that stops a folder from being built as it stands. */
export interface TreeProblem {
  file: string;
  start: number;
  end: number;
  message: string;
}

/** The kustomizations of a folder tree, which of them to build, and what each build reads. */
export interface KustomizeTree {
  /** Absolute path of the tree. */
  tree: string;
  /** Every kustomization read, by folder (tree-relative, `/` separators, `.` for the tree itself). */
  kustomizations: ReadonlyMap<string, Kustomization>;
  /**
   * Folders to build: those with a kustomization that no other kustomization in the tree includes
   * (overlays, and bases no overlay uses). Components are never roots. Sorted.
   */
  roots: readonly string[];
  /** File (tree-relative) → the roots whose build reads it, for rebuilding on an edit. */
  includedBy: ReadonlyMap<string, readonly string[]>;
  /** Root → the files its build reads (kustomizations, resources, patches, components, generator inputs). */
  filesOf: ReadonlyMap<string, readonly string[]>;
  /** Remote entries anywhere in the tree, each at its exact place. */
  remote: readonly RemoteRef[];
  /** Root → the remote entries its build would need. */
  remoteOf: ReadonlyMap<string, readonly RemoteRef[]>;
  problems: readonly TreeProblem[];
}

/** How {@link findRoots} reads the tree. */
export interface FindRootsOptions {
  /** Text of a kustomization file (absolute path) when an editor holds it; undefined: read the disk. */
  read?: (path: string) => string | undefined;
  /** Folders (tree-relative) not to enter. */
  skip?: (relDir: string) => boolean;
}

/** What a remote entry is reported with. */
export const REMOTE_MESSAGE = 'not fetched: Kubeward never uses the network';

const SKIP = new Set(['node_modules', '.git']);

/** Tree-relative path with `/` separators (`.` for the tree itself; `../` when outside it). */
export function treeRelative(tree: string, abs: string): string {
  const r = relative(tree, abs);
  if (r === '') return '.';
  return r.split(sep).join('/');
}

/** Absolute path of a tree-relative one. */
export function treeAbsolute(tree: string, rel: string): string {
  return rel === '.' ? tree : resolve(tree, ...rel.split('/'));
}

/** The kustomization file of a folder, or undefined. */
export function kustomizationFileIn(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const p = join(dir, name);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      // Not there: the next name.
    }
  }
  return undefined;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function walk(tree: string, dir: string, skip: FindRootsOptions['skip'], out: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  if (KUSTOMIZATION_FILES.some((n) => names.includes(n))) out.push(dir);
  for (const name of names) {
    if (SKIP.has(name) || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (!isDir(p)) continue;
    if (skip?.(treeRelative(tree, p))) continue;
    walk(tree, p, skip, out);
  }
}

/** One edge of the include graph: a kustomization folder, or a file. */
type Edge = { kind: 'dir'; dir: string } | { kind: 'file'; file: string };

/**
 * Finds the kustomizations under `tree` (skipping `node_modules`, `.git` and dot folders), the roots to
 * build, the reverse map from each file to the roots that read it, and the remote entries, which are
 * reported and never followed. Kustomizations outside the tree that the tree's ones include are read
 * too (their files are named `../…`), but never become roots.
 */
export function findRoots(tree: string, options: FindRootsOptions = {}): KustomizeTree {
  const absTree = resolve(tree);
  const found: string[] = [];
  walk(absTree, absTree, options.skip, found);
  const byDir = new Map<string, Kustomization>();
  const problems: TreeProblem[] = [];
  const remote: RemoteRef[] = [];
  const edges = new Map<string, Edge[]>();
  const remoteIn = new Map<string, RemoteRef[]>();

  const load = (dir: string): Kustomization | undefined => {
    const key = treeRelative(absTree, dir);
    const have = byDir.get(key);
    if (have) return have;
    const present = KUSTOMIZATION_FILES.filter((n) => existsSync(join(dir, n)));
    const file = present[0] === undefined ? undefined : join(dir, present[0]);
    if (!file) return undefined;
    const rel = treeRelative(absTree, file);
    let text = options.read?.(file);
    if (text === undefined) {
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    }
    const k = parseKustomization(rel, text);
    byDir.set(key, k);
    if (present.length > 1) {
      problems.push({
        file: rel,
        start: 0,
        end: 0,
        message: `Found multiple kustomization files in ${key}.`,
      });
    }
    const out: Edge[] = [];
    const ownRemote: RemoteRef[] = [];
    const follow = (refs: readonly Ref[], field: RemoteRef['field'], dirsOnly: boolean): void => {
      for (const r of refs) {
        if (isRemote(r.value)) {
          const rr: RemoteRef = { ...r, file: rel, field, message: `${r.value}: ${REMOTE_MESSAGE}` };
          remote.push(rr);
          ownRemote.push(rr);
          continue;
        }
        const target = isAbsolute(r.value) ? r.value : resolve(dir, r.value);
        if (isDir(target)) {
          out.push({ kind: 'dir', dir: target });
          load(target);
        } else if (!dirsOnly) out.push({ kind: 'file', file: target });
      }
    };
    follow(k.resources, 'resources', false);
    follow(k.bases, 'bases', true);
    follow(k.components, 'components', true);
    follow(k.others, 'others', false);
    for (const p of k.patches) {
      if (!p.path) continue;
      const target = resolve(dir, p.path.value);
      out.push({ kind: 'file', file: target });
      const pdir = dirname(target);
      if (pdir !== dir && kustomizationFileIn(pdir)) {
        out.push({ kind: 'dir', dir: pdir });
        load(pdir);
      }
    }
    for (const g of k.generators)
      for (const f of g.files) out.push({ kind: 'file', file: resolve(dir, f.value) });
    edges.set(key, out);
    remoteIn.set(key, ownRemote);
    return k;
  };

  for (const dir of found) load(dir);

  const included = new Set<string>();
  for (const [from, list] of edges) {
    for (const e of list) {
      if (e.kind !== 'dir') continue;
      const to = treeRelative(absTree, e.dir);
      if (to !== from) included.add(to);
    }
  }
  const roots = found
    .map((d) => treeRelative(absTree, d))
    .filter((d) => !included.has(d) && byDir.get(d)?.kind !== 'Component')
    .sort();

  const includedBy = new Map<string, string[]>();
  const filesOf = new Map<string, string[]>();
  const remoteOf = new Map<string, RemoteRef[]>();
  for (const root of roots) {
    const files = new Set<string>();
    const remotes: RemoteRef[] = [];
    const seen = new Set<string>();
    const visit = (dirKey: string): void => {
      if (seen.has(dirKey)) return;
      seen.add(dirKey);
      const k = byDir.get(dirKey);
      if (k) files.add(k.file);
      remotes.push(...(remoteIn.get(dirKey) ?? []));
      for (const e of edges.get(dirKey) ?? []) {
        if (e.kind === 'dir') visit(treeRelative(absTree, e.dir));
        else files.add(treeRelative(absTree, e.file));
      }
    };
    visit(root);
    const list = [...files].sort();
    filesOf.set(root, list);
    remoteOf.set(root, remotes);
    for (const f of list) {
      const l = includedBy.get(f) ?? [];
      l.push(root);
      includedBy.set(f, l);
    }
  }
  return { tree: absTree, kustomizations: byDir, roots, includedBy, filesOf, remote, remoteOf, problems };
}
