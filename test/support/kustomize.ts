// Real-kustomize helpers for the Kustomize source tests: the fixture trees, a root built with the
// kubectl from the pinned npm package and mapped, `file:line:column` of an origin, and a kubectl that
// logs each build it runs.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildRoot, type BuildResult } from '../../server/src/sources/kustomize/build';
import { mapBuild, type KustomizeMap, type Origin } from '../../server/src/sources/kustomize/map';
import { findRoots } from '../../server/src/sources/kustomize/roots';
import { tempTree } from './files';
import { kubectlBinary } from './tools';

/** The fixture trees (`shop`, `hardened`, `transformers`, `remote`, `broken`). */
export const KUSTOMIZE_FIXTURES = resolve(__dirname, '../fixtures/kustomize');

/** 1-based line and column of an offset. */
export function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** Builds a root of a tree with real `kubectl kustomize`, or throws with kustomize's errors. */
export async function build(tree: string, root: string): Promise<Extract<BuildResult, { ok: true }>> {
  const r = await buildRoot({
    binary: kubectlBinary(),
    flavor: 'kubectl',
    tree,
    root,
    remote: findRoots(tree).remoteOf.get(root) ?? [],
  });
  if (!r.ok) throw new Error(`kustomize failed: ${r.message}\n${r.stderr}`);
  return r;
}

/** Builds and maps a root. */
export async function buildAndMap(tree: string, root: string): Promise<KustomizeMap> {
  const r = await build(tree, root);
  return mapBuild({ tree, root, buildDir: r.buildDir, stdout: r.stdout });
}

/** `via file:line:column text` of an origin, the text read from the tree. */
export function where(tree: string, o: Origin): string {
  const text = readFileSync(join(tree, o.file), 'utf8');
  const { line, column } = lineCol(text, o.start);
  return `${o.via} ${o.file}:${line}:${column} ${text.slice(o.start, o.end)}`;
}

/** One build a {@link countingKubectl} ran: the folder built (tree-relative) and the copy it was in. */
export interface LoggedBuild {
  /** The folder's path below the editor's throw-away copy (`overlays/prod`), or the whole path. */
  root: string;
  /** The throw-away copy of the tree the build read (`/tmp/kubeward-kustomize-tree-…`), if it was one. */
  copy: string | undefined;
}

/**
 * A program named `kubectl` (so it is run as `kubectl kustomize DIR`) that writes the folder each
 * build is of (the only resource of Kubeward's temporary kustomization in DIR) to a log, then runs
 * the real kubectl: tests count the builds the editor runs.
 */
export function countingKubectl(): { path: string; builds: () => LoggedBuild[] } {
  const dir = tempTree('kw-counting-kubectl-', {});
  const path = join(dir, 'kubectl');
  const log = join(dir, 'builds.log');
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      `printf '%s %s\\n' "$2" "$(sed -n 's/^  - "\\(.*\\)"$/\\1/p' "$2/kustomization.yaml")" >> '${log}'`,
      `exec '${kubectlBinary()}' "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return {
    path,
    builds: () =>
      (existsSync(log) ? readFileSync(log, 'utf8') : '')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => {
          const [wrapper = '', rel = ''] = l.split(' ');
          const abs = resolve(wrapper, rel);
          const m = /^(.*\/kubeward-kustomize-tree-[^/]+)(?:\/(.*))?$/.exec(abs);
          return m ? { root: m[2] ?? '.', copy: m[1] } : { root: abs, copy: undefined };
        }),
  };
}
