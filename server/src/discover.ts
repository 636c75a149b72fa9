// Finding manifests on disk for the workspace scan and the CLI: excludes, .gitignore, size limit,
// symlinks resolved and kept inside the roots, loops skipped. Reads directory entries and .gitignore
// files only; never follows a path out of its root.
import { promises as fsp } from 'node:fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import type { Ignore } from 'ignore';
import { GLOB_OPTIONS } from './engine/glob';
import { ignore, picomatch } from './engine/lazy-modules';

/** Directories never entered. */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);
/** Extensions of files that may hold manifests. */
export const MANIFEST_EXTENSIONS: ReadonlySet<string> = new Set(['.yaml', '.yml', '.json']);

export interface DiscoverOptions {
  /** Glob patterns relative to the root (`kubeward.exclude`, `files.exclude`). */
  exclude?: readonly string[];
  /** Files above this size (bytes) are skipped with a log line. */
  maxFileSize?: number;
  /** Honour `.gitignore` files (default true). */
  gitignore?: boolean;
  /** Extra filter, e.g. the config files' own exclude globs (absolute path in, true to skip). */
  skip?: (path: string) => boolean;
  log?: (message: string) => void;
  /** Stop early (a cancelled scan). */
  cancelled?: () => boolean;
}

export interface FoundFile {
  /** The path under the root as reached (not the symlink target), so results name what the user sees. */
  path: string;
  /** The resolved path (inside one of the roots). */
  real: string;
  size: number;
}

export function isManifestPath(p: string): boolean {
  return MANIFEST_EXTENSIONS.has(extname(p).toLowerCase());
}

/** A glob matcher for patterns relative to a folder (`dot: true`, a bare name matches at any depth). */
export function globMatcher(patterns: readonly string[]): (relPath: string) => boolean {
  const list = patterns.filter((p) => p.trim() !== '');
  if (list.length === 0) return () => false;
  const expanded = list.flatMap((p) => {
    const q = p.replace(/^\.\//, '').replace(/\/$/, '');
    // `dir` and `dir/` also exclude everything below; `*.tmp.yaml` (no slash) matches at any depth.
    const base = q.includes('/') ? [q] : [q, `**/${q}`];
    return base.flatMap((b) => [b, `${b}/**`]);
  });
  const m = picomatch()(expanded, GLOB_OPTIONS);
  return (relPath: string) => m(relPath.split(sep).join('/'));
}

function inside(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !r.startsWith(`..${sep}`) && r !== '..' && !r.startsWith(sep));
}

/**
 * Walks `root` for manifest files in sorted order. Symlinks are resolved; a target outside every
 * allowed root (`allowedRoots`, real paths, default: the root itself) and directory loops are skipped.
 * Yields to the event loop between directories.
 */
export async function discover(
  root: string,
  opts: DiscoverOptions = {},
  allowedRoots?: readonly string[],
): Promise<FoundFile[]> {
  const log = opts.log ?? (() => undefined);
  const max = opts.maxFileSize ?? Number.POSITIVE_INFINITY;
  const excluded = globMatcher(opts.exclude ?? []);
  let realRoot: string;
  try {
    realRoot = await fsp.realpath(root);
  } catch {
    log(`skipped ${root}: cannot resolve`);
    return [];
  }
  const allowed = allowedRoots ?? [realRoot];
  const out: FoundFile[] = [];
  const visited = new Set<string>();
  interface Level {
    dir: string;
    ignores: { base: string; ig: Ignore }[];
  }
  const stack: Level[] = [{ dir: root, ignores: [] }];
  while (stack.length > 0) {
    if (opts.cancelled?.()) return out;
    const level = stack.pop();
    if (!level) break;
    const { dir } = level;
    let realDir: string;
    try {
      realDir = await fsp.realpath(dir);
    } catch {
      log(`skipped ${dir}: cannot resolve`);
      continue;
    }
    if (!allowed.some((a) => inside(realDir, a))) {
      log(`skipped ${dir}: resolves outside the workspace (${realDir})`);
      continue;
    }
    if (visited.has(realDir)) {
      log(`skipped ${dir}: symlink loop or duplicate of ${realDir}`);
      continue;
    }
    visited.add(realDir);
    let ignores = level.ignores;
    if (opts.gitignore !== false) {
      try {
        const text = await fsp.readFile(join(dir, '.gitignore'), 'utf8');
        ignores = [...ignores, { base: dir, ig: ignore()().add(text) }];
      } catch {
        // no .gitignore here
      }
    }
    let entries: string[];
    try {
      entries = (await fsp.readdir(dir)).sort();
    } catch (e) {
      log(`skipped ${dir}: ${(e as Error).message}`);
      continue;
    }
    const subdirs: Level[] = [];
    for (const name of entries) {
      const p = join(dir, name);
      const rel = relative(root, p);
      if (SKIP_DIRS.has(name)) {
        log(`skipped ${rel}: ${name} is never scanned`);
        continue;
      }
      let st;
      try {
        st = await fsp.stat(p);
      } catch {
        log(`skipped ${rel}: unreadable or broken link`);
        continue;
      }
      const isDir = st.isDirectory();
      if (excluded(rel)) continue;
      if (
        ignores.some(({ base, ig }) => {
          const r = relative(base, p).split(sep).join('/');
          return r !== '' && !r.startsWith('..') && ig.ignores(isDir ? `${r}/` : r);
        })
      )
        continue;
      if (isDir) {
        subdirs.push({ dir: p, ignores });
        continue;
      }
      if (!st.isFile() || !isManifestPath(name)) continue;
      if (opts.skip?.(p)) continue;
      let real: string;
      try {
        real = await fsp.realpath(p);
      } catch {
        continue;
      }
      if (!allowed.some((a) => inside(real, a))) {
        log(`skipped ${rel}: resolves outside the workspace (${real})`);
        continue;
      }
      if (st.size > max) {
        log(`skipped ${rel}: ${formatBytes(st.size)} is above the size limit of ${formatBytes(max)}`);
        continue;
      }
      out.push({ path: p, real, size: st.size });
    }
    // Depth-first in sorted order: push in reverse so the first subdirectory is walked first.
    for (let i = subdirs.length - 1; i >= 0; i--) {
      const s = subdirs[i];
      if (s) stack.push(s);
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

/** Whether a path contains glob syntax (for the CLI's arguments). */
export function isGlob(p: string): boolean {
  return picomatch().scan(p).isGlob;
}

/** The literal directory a glob starts from (`manifests/**\/*.yaml` → `manifests`). */
export function globBase(p: string): string {
  const b = picomatch().scan(p).base;
  return b === '' ? '.' : b;
}

export { basename, dirname };
