// The Kustomize source: build each root of a kustomization tree with the user's kustomize (or
// `kubectl kustomize`) through a temporary wrapper that asks for origin annotations, check every built
// object with the engine, and put each finding on the resource, patch or kustomization line a person
// edits (kustomize/map.ts), carrying its fix there (kustomize/fix-translate.ts) or offering none. A
// finding several roots share is one, naming them all; a base finding every root fixes is reported
// nowhere, since only what the builds deploy is checked. Used by the CLI and the workspace scan.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Finding, RelatedLocation } from '../engine/run';
import { isoToday } from '../engine/suppress/grammar';
import { LineIndex } from '../engine/text';
import { checkUnit, type CheckContext } from '../pipeline/check';
import type { Settings } from '../protocol';
import { commentSuppression, renderedSettings } from './chart';
import { buildRoot, type BuildResult, type KustomizeError } from './kustomize/build';
import { translateFix } from './kustomize/fix-translate';
import { mapBuild, pathString, type KustomizeMap, type MappedDoc, type PathElem } from './kustomize/map';
import { findRoots, treeAbsolute, type KustomizeTree } from './kustomize/roots';
import { fileResult, type FileResult, type SourceProblem } from './mapped';

/** How the roots of a tree are built. */
export interface OverlayRun {
  /** The user's kustomize or kubectl (absolute). */
  binary: string;
  flavor: 'kustomize' | 'kubectl';
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * Text of a tree file (tree-relative) for mapping; undefined: read the disk. The editor gives the
   * texts it wrote to its throw-away copy, so a build stays mappable after the copy is removed.
   */
  read?: (file: string) => string | undefined;
}

/** One root's build: mapped objects, or the problems that stopped it. */
export type RootBuild =
  | { root: string; ok: true; map: KustomizeMap; ms: number }
  | { root: string; ok: false; failure: Extract<BuildResult, { ok: false }> };

/** Every root of a tree built. */
export interface TreeBuild {
  tree: KustomizeTree;
  builds: RootBuild[];
}

/**
 * The roots to build: `configured` (folders relative to the tree, from `.kubeward.yaml`
 * `kustomize.roots`) when given, else the tree's own roots (overlays, and bases no overlay uses).
 */
export function rootsOf(tree: KustomizeTree, configured?: readonly string[]): string[] {
  if (!configured) return [...tree.roots];
  return configured.filter((r) => tree.kustomizations.has(r));
}

/** How many builds of one tree run at once (each is its own process with its own time limit). */
export const PARALLEL_BUILDS = 4;

/** Builds each root, a few at a time; the result lists them in the order of `roots`. */
export async function buildTree(
  tree: KustomizeTree,
  roots: readonly string[],
  run: OverlayRun,
): Promise<TreeBuild> {
  const builds: RootBuild[] = new Array<RootBuild>(roots.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < roots.length) {
      const i = next++;
      const root = roots[i] ?? '.';
      const r = await buildRoot({
        binary: run.binary,
        flavor: run.flavor,
        tree: tree.tree,
        root,
        remote: tree.remoteOf.get(root) ?? [],
        timeoutMs: run.timeoutMs,
        ...(run.signal ? { signal: run.signal } : {}),
      });
      builds[i] = r.ok
        ? {
            root,
            ok: true,
            ms: r.ms,
            map: mapBuild({
              tree: tree.tree,
              root,
              buildDir: r.buildDir,
              stdout: r.stdout,
              ...(run.read ? { read: run.read } : {}),
            }),
          }
        : { root, ok: false, failure: r };
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_BUILDS, roots.length) }, worker));
  return { tree, builds };
}

/**
 * Builds roots of a tree from texts that are not (all) on disk (an editor's open buffers, a `--fix`
 * round's edits): the files those builds read, and every kustomization, are written with `textOf`'s
 * text to a throw-away copy of the tree, built there, and mapped from the texts written (the copy is
 * gone when this returns). Paths are tree-relative, so the result belongs to the real tree. Files
 * outside the tree (`../`) are not copied.
 */
export async function buildFromTexts(
  tree: KustomizeTree,
  roots: readonly string[],
  textOf: (rel: string) => string | undefined,
  run: Omit<OverlayRun, 'read'>,
): Promise<TreeBuild> {
  const copy = mkdtempSync(join(tmpdir(), 'kubeward-kustomize-tree-'));
  try {
    const files = new Set<string>();
    for (const r of roots) for (const f of tree.filesOf.get(r) ?? []) files.add(f);
    for (const k of tree.kustomizations.values()) files.add(k.file);
    const written = new Map<string, string>();
    for (const rel of files) {
      if (rel.startsWith('../')) continue;
      const text = textOf(rel);
      if (text === undefined) continue;
      const target = join(copy, ...rel.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      written.set(rel, text);
    }
    const built = await buildTree({ ...tree, tree: copy }, roots, {
      ...run,
      read: (rel) => written.get(rel),
    });
    return { ...built, tree };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** `a`, `a and b`, `a, b and c`. */
export function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

/** How a root is named in messages: its folder in the tree (the tree's own name for `.`). */
export function rootName(tree: KustomizeTree, root: string): string {
  return root === '.' ? basename(tree.tree) : root;
}

/**
 * The object path a finding is about, in its built object: a missing field's path, except when the
 * field is written misspelled or misplaced, where the finding is on the key as written.
 */
function findingPath(doc: MappedDoc, f: Finding): PathElem[] {
  if (f.missing && f.missingPath && !f.misspelled) return f.missingPath;
  return doc.pathAt(f.start);
}

/** The file a built object is planned under (its config, excludes, exceptions): its resource file. */
function planFile(b: Extract<RootBuild, { ok: true }>, tree: KustomizeTree, doc: MappedDoc): string {
  if (doc.source.kind === 'resource') return treeAbsolute(tree.tree, doc.source.file);
  const k = tree.kustomizations.get(b.root);
  return treeAbsolute(tree.tree, k?.file ?? `${b.root}/kustomization.yaml`);
}

/**
 * Checks every built object and places each finding in the file a person edits. One finding per
 * place, rule and message, whatever the number of roots that deploy it; its message names them.
 */
export function checkTree(
  built: TreeBuild,
  ctx: CheckContext,
  settings: Partial<Settings>,
  readFile: (path: string) => string | undefined,
  today = isoToday(),
): FileResult[] {
  const { tree } = built;
  const results = new Map<string, FileResult>();
  const texts = new Map<string, string>();
  for (const b of built.builds)
    if (b.ok) for (const [f, t] of b.map.files) if (!texts.has(f)) texts.set(f, t);
  const resultFor = (file: string): FileResult | undefined => {
    const path = treeAbsolute(tree.tree, file);
    let r = results.get(path);
    if (!r) {
      const text = texts.get(file) ?? readFile(path);
      if (text === undefined) return undefined;
      results.set(path, (r = fileResult(path, text)));
    }
    return r;
  };
  const problem = (file: string, p: Omit<SourceProblem, 'start' | 'end'>, at?: KustomizeError): void => {
    const r = resultFor(file);
    if (!r) return;
    const lines = new LineIndex(r.text);
    const start =
      at?.line !== undefined
        ? lines.offset(at.line - 1, Math.max(0, (at.column ?? 1) - 1))
        : (/\S/.exec(r.text)?.index ?? 0);
    const lineEnd = r.text.indexOf('\n', start);
    const end = lineEnd < 0 ? r.text.length : lineEnd;
    const key = `${p.code}\u0000${String(start)}\u0000${p.message}`;
    if (r.problems.some((x) => `${x.code}\u0000${String(x.start)}\u0000${x.message}` === key)) return;
    r.problems.push({ ...p, start, end: Math.max(start, end) });
  };
  for (const p of tree.problems)
    problem(p.file, { code: 'kustomize-build', severity: 'warning', message: p.message });
  const kustomizationOf = (root: string): string =>
    tree.kustomizations.get(root)?.file ?? `${root === '.' ? '' : `${root}/`}kustomization.yaml`;

  interface Group {
    file: FileResult;
    finding: Finding;
    roots: string[];
  }
  const groups = new Map<string, Group>();
  const suppressedSeen = new Set<string>();
  const checkSettings = renderedSettings(settings);
  for (const b of built.builds) {
    if (!b.ok) {
      const f = b.failure;
      if (f.reason === 'aborted') continue;
      const code = f.reason === 'remote' ? 'remote-resource' : 'kustomize-build';
      const severity = f.reason === 'remote' ? 'warning' : 'error';
      const errors = f.errors.length > 0 ? f.errors : [{ message: f.message }];
      for (const e of errors) {
        const file = e.file !== undefined && texts.has(e.file) ? e.file : (e.file ?? kustomizationOf(b.root));
        const message =
          f.reason === 'remote'
            ? `${e.message} (${rootName(tree, b.root)} is not built).`
            : `kustomize build ${rootName(tree, b.root)} failed: ${e.message}`;
        if (resultFor(file)) problem(file, { code, severity, message }, e);
        else problem(kustomizationOf(b.root), { code, severity, message });
      }
      continue;
    }
    b.map.docs.forEach((doc, i) => {
      const path = planFile(b, tree, doc);
      const r = checkUnit(
        ctx,
        {
          path,
          key: `${treeAbsolute(tree.tree, kustomizationOf(b.root))}#${String(i)}`,
          text: doc.text,
          rendered: true,
        },
        checkSettings,
      );
      if (!r.result) return;
      for (const s of r.result.syntax)
        problem(kustomizationOf(b.root), {
          code: 'kustomize-build',
          severity: 'error',
          message: `${rootName(tree, b.root)} builds YAML that does not parse (${s.code}): ${s.message.split('\n')[0] ?? ''}`,
        });
      const place = (f: Finding): { file: FileResult; finding: Finding } | undefined => {
        const objectPath = findingPath(doc, f);
        const origin = doc.locate(objectPath, { missing: f.missing === true && !f.misspelled });
        const file = resultFor(origin.file);
        if (!file) return undefined;
        const related: RelatedLocation[] = [];
        if (origin.pulledInAt) {
          const t =
            texts.get(origin.pulledInAt.file) ?? readFile(treeAbsolute(tree.tree, origin.pulledInAt.file));
          if (t !== undefined) {
            const li = new LineIndex(t);
            related.push({
              path: treeAbsolute(tree.tree, origin.pulledInAt.file),
              range: { start: li.position(origin.pulledInAt.start), end: li.position(origin.pulledInAt.end) },
              message: `${origin.pulledInAt.file} applies this patch here`,
            });
          }
        }
        const fixes = f.fixes.flatMap((fx) => {
          const edits = translateFix({ doc }, fx.edits);
          if (!edits || edits.length === 0 || edits.some((e) => e.file !== origin.file)) return [];
          return [{ ...fx, edits: edits.map((e) => ({ start: e.start, end: e.end, newText: e.newText })) }];
        });
        const note =
          origin.via === 'fallback'
            ? ` (In ${doc.kind} ${doc.name} as ${rootName(tree, b.root)} builds it: ${pathString(objectPath)}.)`
            : '';
        return {
          file,
          finding: {
            ...f,
            message: `${f.message}${note}`,
            start: origin.start,
            end: origin.end,
            fixes,
            rendered: {
              template: b.root,
              path: origin.renderedPath || pathString(objectPath),
              via: origin.via,
              roots: [b.root],
              related,
            },
          },
        };
      };
      for (const f of r.result.findings) {
        const p = place(f);
        if (!p) continue;
        const c = commentSuppression(p.file.text, p.finding.start, f.ruleId, today);
        const key = `${p.file.path}\u0000${String(p.finding.start)}\u0000${String(p.finding.end)}\u0000${f.ruleId}\u0000${f.messageId}`;
        if (c) {
          if (suppressedSeen.has(key)) continue;
          suppressedSeen.add(key);
          p.file.suppressed.push({
            finding: p.finding,
            how: 'comment-line',
            reason: c.reason,
            until: c.until,
            at: { start: c.start, end: c.end },
          });
          continue;
        }
        const g = groups.get(key);
        if (!g) groups.set(key, { file: p.file, finding: p.finding, roots: [b.root] });
        else if (!g.roots.includes(b.root)) g.roots.push(b.root);
      }
      for (const s of r.result.suppressed) {
        const p = place(s.finding);
        if (!p) continue;
        const key = `${p.file.path}\u0000${String(p.finding.start)}\u0000${String(p.finding.end)}\u0000${s.finding.ruleId}\u0000${s.finding.messageId}`;
        if (suppressedSeen.has(key)) continue;
        suppressedSeen.add(key);
        p.file.suppressed.push({ ...s, finding: p.finding });
      }
    });
  }
  for (const { file, finding, roots } of groups.values()) {
    const names = roots.map((r) => rootName(tree, r));
    file.findings.push({
      ...finding,
      message: `${finding.message} (in ${listOf(names)})`,
      ...(finding.rendered ? { rendered: { ...finding.rendered, roots } } : {}),
    });
  }
  for (const r of results.values()) {
    r.findings.sort((a, b) => a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : 1));
    r.problems.sort((a, b) => a.start - b.start);
    const seen = new Map<string, number>();
    for (const f of [...r.findings, ...r.suppressed.map((s) => s.finding)]) {
      const base = `kustomize:${f.ruleId}@${String(f.start)}-${String(f.end)}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      f.key = n === 0 ? base : `${base}#${String(n)}`;
    }
  }
  return [...results.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Files of the tree that some root's build reads (absolute): the built result decides for them. */
export function builtFiles(tree: KustomizeTree, roots: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const root of roots) {
    // A root that needs remote resources is not built: its files are checked on their own.
    if ((tree.remoteOf.get(root) ?? []).length > 0) continue;
    for (const f of tree.filesOf.get(root) ?? []) out.add(treeAbsolute(tree.tree, f));
  }
  return out;
}

/** A tree's roots, read from `dir` (skipping what `skip` says, tree-relative). */
export function readTree(dir: string, skip?: (relDir: string) => boolean): KustomizeTree {
  return findRoots(dir, skip ? { skip } : {});
}
