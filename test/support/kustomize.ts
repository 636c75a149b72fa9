// Real-kustomize helpers for the Kustomize source tests: the fixture trees, a root built with the
// kubectl from the pinned npm package and mapped, and `file:line:column` of an origin.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildRoot, type BuildResult } from '../../server/src/sources/kustomize/build';
import { mapBuild, type KustomizeMap, type Origin } from '../../server/src/sources/kustomize/map';
import { findRoots } from '../../server/src/sources/kustomize/roots';
import { kubectlBinary } from './tools';

/** The fixture trees (`shop`, `remote`, `broken`). */
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
