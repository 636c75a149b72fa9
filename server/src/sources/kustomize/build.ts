import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import { mapGet, scalarString } from '../../engine/node';
import {
  parseKustomization,
  toFileOffset,
  yamlDocuments,
  type Kustomization,
  type PatchEntry,
  type Span,
} from './kustomization';
import { runProgram } from '../run-program';
import { REMOTE_MESSAGE, kustomizationFileIn, treeRelative, type RemoteRef } from './roots';

/** How to run the user's kustomize for one root. */
export interface BuildOptions {
  /** Absolute path of the binary (the user's own, found by the caller). */
  binary: string;
  /** `kustomize build DIR` or `kubectl kustomize DIR`. */
  flavor: 'kustomize' | 'kubectl';
  /** Absolute path of the tree the root is in (error files are named relative to it). */
  tree: string;
  /** The folder to build, tree-relative (`overlays/prod`) or absolute. */
  root: string;
  /**
   * Remote entries the root's build needs ({@link KustomizeTree.remoteOf}). When there are any the
   * root is not built: each is reported where it is written, and nothing is fetched.
   */
  remote?: readonly RemoteRef[];
  /** `--load-restrictor LoadRestrictionsNone`, for kustomizations that read files outside their folder. */
  loadRestrictionsNone?: boolean;
  /** The process is killed after this long (default 30 s). */
  timeoutMs?: number;
  /** The process is killed when its standard output grows past this (default 64 MiB). */
  maxOutputBytes?: number;
  /** Aborting kills the process (a newer edit cancels an older build). */
  signal?: AbortSignal;
  /** Environment for the binary (default: this process's); network settings are always overridden. */
  env?: NodeJS.ProcessEnv;
  /** Parent folder of the temporary kustomization (default: the OS temp folder). */
  tmp?: string;
}

/** One error kustomize reported, placed where it says (or where the entry that caused it is written). */
export interface KustomizeError {
  /** Tree-relative file, when known. */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based, UTF-16 code units. */
  column?: number;
  message: string;
}

/** A build's output (and the folder its origin paths are relative to), or why there is none. */
export type BuildResult =
  | {
      ok: true;
      stdout: string;
      stderr: string;
      ms: number;
      /** The folder the `config.kubernetes.io/origin` paths of `stdout` are relative to (removed already). */
      buildDir: string;
    }
  | {
      ok: false;
      reason: 'error' | 'timeout' | 'too-large' | 'aborted' | 'spawn' | 'remote';
      message: string;
      errors: KustomizeError[];
      /** Standard error, cut to a few kilobytes. */
      stderr: string;
      ms: number;
    };

const STDERR_LIMIT = 4096;

/**
 * Written by kustomize 5.4 for `buildMetadata: [originAnnotations]`: a YAML map in a block scalar,
 * `path: <resource file>` (relative to the built folder), or `configuredIn: <kustomization>` with
 * `configuredBy: {apiVersion, kind}` for a generated object, or `repo`/`ref`/`path` for a remote one.
 */
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
/**
 * Written by kustomize 5.4 for `buildMetadata: [transformerAnnotations]`: a YAML list in a block
 * scalar, one `{configuredIn, configuredBy: {apiVersion: builtin, kind}}` per transformer that ran
 * over the object, in the order they ran (a transformer that selected nothing is listed too).
 */
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';
/** The name the transformations annotation is to have once it leaves alpha; read too, never written by 5.4. */
export const TRANSFORMATIONS_ANNOTATION_GA = 'config.kubernetes.io/transformations';

/** The command line: the binary's own build of `dir`, and nothing that runs plugins or helm. */
export function kustomizeArgs(
  flavor: BuildOptions['flavor'],
  dir: string,
  options: { loadRestrictionsNone?: boolean } = {},
): string[] {
  const args = flavor === 'kubectl' ? ['kustomize', dir] : ['build', dir];
  if (options.loadRestrictionsNone) args.push('--load-restrictor', 'LoadRestrictionsNone');
  return args;
}

/**
 * The temporary kustomization: the root as its only resource, with origin and transformer
 * annotations. kustomize accepts a kustomization folder anywhere as a resource (the load restrictor
 * applies to files, not to folders), as long as the path is relative.
 */
export function wrapperKustomization(relativeRoot: string): string {
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    `  - ${JSON.stringify(relativeRoot)}`,
    'buildMetadata: [originAnnotations, transformerAnnotations]',
    '',
  ].join('\n');
}

/** Settings that make any attempt at the network fail at once (git refuses, HTTP goes to a closed port). */
function offlineEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const closed = 'http://127.0.0.1:9';
  return {
    ...env,
    GIT_ALLOW_PROTOCOL: 'file',
    GIT_TERMINAL_PROMPT: '0',
    HTTP_PROXY: closed,
    HTTPS_PROXY: closed,
    http_proxy: closed,
    https_proxy: closed,
    NO_PROXY: '',
    no_proxy: '',
  };
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/**
 * Builds one root with the user's kustomize without touching the user's files: a temporary
 * kustomization in the temp folder includes the root and asks for build metadata. No shell, a time
 * limit, an output limit, cancellation; never the network (a root with remote entries is reported,
 * not built). Never rejects.
 */
export async function buildRoot(o: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  const tree = real(o.tree);
  const rootAbs = real(isAbsolute(o.root) ? o.root : resolve(o.tree, o.root));
  if (o.remote && o.remote.length > 0) {
    const errors = o.remote.map((r) => placed(tree, r.file, r, r.message));
    return Promise.resolve({
      ok: false,
      reason: 'remote',
      message: `${treeRelative(tree, rootAbs)} is not built: it needs remote resources (${REMOTE_MESSAGE}).`,
      errors,
      stderr: '',
      ms: ms(),
    });
  }
  if (o.signal?.aborted) {
    return Promise.resolve({
      ok: false,
      reason: 'aborted',
      message: 'Build cancelled.',
      errors: [],
      stderr: '',
      ms: 0,
    });
  }
  let buildDir: string;
  try {
    buildDir = real(mkdtempSync(join(o.tmp ?? tmpdir(), 'kubeward-kustomize-')));
    const rel = relative(buildDir, rootAbs).split(sep).join('/');
    writeFileSync(join(buildDir, 'kustomization.yaml'), wrapperKustomization(rel));
  } catch (e) {
    return Promise.resolve({
      ok: false,
      reason: 'spawn',
      message: `The temporary kustomization could not be written: ${String(e)}`,
      errors: [],
      stderr: '',
      ms: ms(),
    });
  }
  const timeoutMs = o.timeoutMs ?? 30_000;
  const maxOut = o.maxOutputBytes ?? 64 * 1024 * 1024;
  const args = kustomizeArgs(
    o.flavor,
    buildDir,
    o.loadRestrictionsNone ? { loadRestrictionsNone: true } : {},
  );
  const r = await runProgram({
    program: o.binary,
    args,
    cwd: buildDir,
    env: offlineEnv(o.env ?? process.env),
    timeoutMs,
    maxOutputBytes: maxOut,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  try {
    const stderr = shorten(r.stderr);
    if (r.ok) return { ok: true, stdout: r.stdout, stderr, ms: ms(), buildDir };
    const fail = (reason: Exclude<BuildResult, { ok: true }>['reason'], message: string): BuildResult => ({
      ok: false,
      reason,
      message,
      errors: [],
      stderr,
      ms: ms(),
    });
    switch (r.reason) {
      case 'spawn':
        return fail('spawn', r.message);
      case 'timeout':
        return fail('timeout', `kustomize did not finish within ${timeoutMs} ms.`);
      case 'too-large':
        return fail('too-large', `kustomize wrote more than ${maxOut} bytes.`);
      case 'aborted':
        return fail('aborted', 'Build cancelled.');
      case 'exit': {
        const errors = parseKustomizeErrors(r.stderr, { tree, buildDir });
        return {
          ok: false,
          reason: 'error',
          message: errors[0]?.message ?? (stderr || `kustomize exited with code ${String(r.code)}`),
          errors,
          stderr,
          ms: ms(),
        };
      }
    }
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
}

function shorten(s: string): string {
  const t = s
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('# Warning:'))
    .join('\n')
    .trim();
  return t.length > STDERR_LIMIT ? `${t.slice(0, STDERR_LIMIT)}…` : t;
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: before.length - nl };
}

/** An offset in a line's indentation moved to the line's first character (where a person looks). */
function contentStart(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text[i] === '\n' || text[i] === '\r' || i >= text.length ? offset : i;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** An error at an offset of a tree file (line and column read from the file on disk). */
function placed(tree: string, file: string, at: Span | undefined, message: string): KustomizeError {
  const e: KustomizeError = { file, message };
  const text = at ? readText(resolve(tree, ...file.split('/'))) : undefined;
  if (at && text !== undefined) Object.assign(e, lineColumn(text, at.start));
  return e;
}

interface ErrorContext {
  tree: string;
  buildDir: string;
}

/** The kustomization of a folder, read from disk. */
function kustomizationAt(tree: string, dir: string): Kustomization | undefined {
  const file = kustomizationFileIn(dir);
  if (!file) return undefined;
  const text = readText(file);
  return text === undefined ? undefined : parseKustomization(treeRelative(tree, file), text);
}

/** Where a patch's text is: its file, or the kustomization with the inline text's offsets mapped. */
function patchTexts(
  tree: string,
  dir: string,
  k: Kustomization,
  p: PatchEntry,
): { file: string; text: string; map: (offset: number) => number } | undefined {
  if (p.path) {
    const abs = resolve(dir, p.path.value);
    const text = readText(abs);
    return text === undefined ? undefined : { file: treeRelative(tree, abs), text, map: (o: number) => o };
  }
  const inline = p.inline;
  if (!inline) return undefined;
  return {
    file: k.file,
    text: inline.text,
    map: (o: number) => toFileOffset(inline, o) ?? inline.node.range?.[0] ?? 0,
  };
}

/** The first place in a kustomization's patches where `find` says the error is. */
function inPatches(
  ctx: ErrorContext,
  dir: string,
  k: Kustomization,
  message: string,
  find: (doc: unknown) => Span | undefined,
): KustomizeError | undefined {
  for (const p of k.patches) {
    const t = patchTexts(ctx.tree, dir, k, p);
    if (!t) continue;
    for (const d of yamlDocuments(t.text)) {
      const at = find(d.contents);
      if (at) {
        const start = t.map(at.start);
        return placed(ctx.tree, t.file, { start, end: start }, message);
      }
    }
  }
  return undefined;
}

function scalarSpan(node: unknown): Span | undefined {
  return isScalar(node) && node.range ? { start: node.range[0], end: node.range[1] } : undefined;
}

const PATTERNS: {
  re: RegExp;
  place: (m: RegExpExecArray, ctx: ErrorContext, dir: string | undefined) => KustomizeError;
}[] = [
  {
    // invalid Kustomization: yaml: line 2: did not find expected '-' indicator
    re: /invalid Kustomization: (?:yaml: line (\d+): )?(.*)$/,
    place: (m, ctx, dir) => {
      const k = dir ? kustomizationAt(ctx.tree, dir) : undefined;
      const message = `Invalid kustomization: ${m[2] ?? ''}`;
      if (!k) return { message };
      const unknown = /unknown field "([^"]+)"/.exec(m[2] ?? '')?.[1];
      const pair = unknown ? mapGet(k.root, unknown)?.key.range : undefined;
      if (pair) return placed(ctx.tree, k.file, { start: pair[0], end: pair[1] }, message);
      const own = k.errors[0];
      if (own) return placed(ctx.tree, k.file, own, message);
      return { file: k.file, ...(m[1] ? { line: Number(m[1]) } : {}), message };
    },
  },
  {
    // accumulating resources from 'pod.yaml': MalformedYAMLError: yaml: line 6: … in File: pod.yaml
    re: /MalformedYAMLError: (?:yaml: )?(?:line (\d+): )?(.*?)(?: in File: (.+))?$/,
    place: (m, ctx, dir) => {
      const message = `YAML error: ${m[2] ?? ''}`;
      if (!dir || !m[3]) return { message };
      const abs = resolve(dir, m[3]);
      const file = treeRelative(ctx.tree, abs);
      const text = readText(abs);
      const own = text === undefined ? undefined : yamlDocuments(text).flatMap((d) => d.errors)[0];
      if (text !== undefined && own)
        return { file, ...lineColumn(text, contentStart(text, own.pos[0])), message };
      return { file, ...(m[1] ? { line: Number(m[1]) } : {}), message };
    },
  },
  {
    // security; file '/x/shared/patch.yaml' is not in or below '/x/app'
    re: /security; file '([^']+)' is not in or below '([^']+)'/,
    place: (m, ctx) => {
      const abs = m[1] ?? '';
      const dir = m[2] ?? '';
      const k = kustomizationAt(ctx.tree, dir);
      const rel = relative(dir, abs).split(sep).join('/');
      const message = `${rel} is outside the kustomization's folder: kustomize reads it only with --load-restrictor LoadRestrictionsNone.`;
      if (!k) return { message };
      const entries = [
        ...k.resources,
        ...k.others,
        ...k.patches.flatMap((p) => (p.path ? [p.path] : [])),
        ...k.generators.flatMap((g) => g.files),
      ];
      const r = entries.find((x) => resolve(dir, x.value) === abs);
      return r ? placed(ctx.tree, k.file, r, message) : { file: k.file, message };
    },
  },
  {
    // failed to get the patch file from path(nofile.yaml): evalsymlink failure on '/x/nofile.yaml' …
    re: /failed to get the patch file from path\(([^)]*)\)/,
    place: (m, ctx, dir) => {
      const message = `Patch file not found: ${m[1] ?? ''}`;
      const k = dir ? kustomizationAt(ctx.tree, dir) : undefined;
      const p = k?.patches.find((x) => x.path?.value === m[1]);
      if (k && p?.path) return placed(ctx.tree, k.file, p.path, message);
      return k ? { file: k.file, message } : { message };
    },
  },
  {
    // evalsymlink failure on '/x/missing.yaml' : lstat /x/missing.yaml: no such file or directory
    re: /evalsymlink failure on '([^']+)'/,
    place: (m, ctx, dir) => {
      const abs = m[1] ?? '';
      const k = dir ? kustomizationAt(ctx.tree, dir) : undefined;
      const message = `Not found: ${k && dir ? relative(dir, abs).split(sep).join('/') : treeRelative(ctx.tree, abs)}`;
      if (!k || !dir) return { message };
      const all = [...k.resources, ...k.bases, ...k.components, ...k.others];
      const r = all.find((x) => resolve(dir, x.value) === abs);
      return r ? placed(ctx.tree, k.file, r, message) : { file: k.file, message };
    },
  },
  {
    // no resource matches strategic merge patch "Pod.v1.[noGrp]/toll.[noNs]": …
    re: /no resource matches strategic merge patch "([^."]+)\.[^/"]*\/([^"]+?)\.(?:\[noNs\]|[^."]+)"/,
    place: (m, ctx, dir) => {
      const kind = m[1] ?? '';
      const name = m[2] ?? '';
      const message = `No resource matches this patch (${kind} ${name}).`;
      const k = dir ? kustomizationAt(ctx.tree, dir) : undefined;
      if (!k || !dir) return { message };
      const hit = inPatches(ctx, dir, k, message, (root) => {
        if (!isMap(root) || scalarString(mapGet(root, 'kind')?.value) !== kind) return undefined;
        const n = mapGet(mapGet(root, 'metadata')?.value, 'name');
        return n && scalarString(n.value) === name ? scalarSpan(n.key) : undefined;
      });
      return hit ?? { file: k.file, message };
    },
  },
  {
    // replace operation does not apply: doc is missing path: /spec/x: missing value
    re: /(\w+) operation does not apply: doc is missing (?:path|from path): ("?)([^\s"]+?)\2(?::|$)/,
    place: (m, ctx, dir) => {
      const op = m[1] ?? '';
      const path = m[3] ?? '';
      const message = `The ${op} operation does not apply: the object has no ${path}.`;
      const k = dir ? kustomizationAt(ctx.tree, dir) : undefined;
      if (!k || !dir) return { message };
      const hit = inPatches(ctx, dir, k, message, (root) => {
        if (!isSeq(root)) return undefined;
        for (const item of root.items) {
          const p = mapGet(item, 'path') ?? mapGet(item, 'from');
          if (p && scalarString(p.value) === path) return scalarSpan(p.key);
        }
        return undefined;
      });
      return hit ?? { file: k.file, message };
    },
  },
  {
    // resource with name a does not match a config with the following GVK [Deployment…]
    re: /resource with name (\S+) does not match a config with the following GVK/,
    place: (m, ctx, dir) => {
      const message = `replicas: ${m[1] ?? ''} is not a Deployment, StatefulSet, ReplicaSet or ReplicationController.`;
      const k = dir ? kustomizationAt(ctx.tree, dir) : undefined;
      const r = k?.replicas.find((x) => x.name.value === m[1]);
      if (k && r) return placed(ctx.tree, k.file, r.name, message);
      return k ? { file: k.file, message } : { message };
    },
  },
];

/**
 * kustomize's error from its standard error, placed in the tree: the innermost kustomization folder
 * the message names gives the context, and the message says what went wrong where (a file that is not
 * there → the entry naming it; a YAML error → the file and line; a patch that matches nothing → that
 * patch's name; a JSON 6902 path that does not exist → that operation).
 */
export function parseKustomizeErrors(stderr: string, ctx: ErrorContext): KustomizeError[] {
  const text = stderr
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('# Warning:'))
    .join('\n')
    .replace(/^Error: |^error: /m, '')
    .trim();
  if (!text) return [];
  let dir: string | undefined;
  const dirRe = /(?:recursed accumulation of path|couldn't make target for path) '([^']+)'/g;
  for (let m = dirRe.exec(text); m; m = dirRe.exec(text)) dir = m[1];
  if (dir === undefined) {
    const first = /accumulating resources from '([^']+)'/.exec(text)?.[1];
    if (first) dir = resolve(ctx.buildDir, first);
  }
  const flat = text.replace(/\s*\n\s*/g, ' ');
  for (const p of PATTERNS) {
    const m = p.re.exec(flat);
    if (m) return [p.place(m, ctx, dir)];
  }
  const tail = flat.split(/recursed accumulation of path '[^']+': /).pop() ?? flat;
  const k = dir ? kustomizationAt(ctx.tree, dir) : undefined;
  return [k ? { file: k.file, message: tail } : { message: tail }];
}
