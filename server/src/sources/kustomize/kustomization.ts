import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  parseDocument,
  type Document,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import { mapGet, scalarString, type Field } from '../../engine/node';
import { lineEndOf } from '../../engine/text';

/** File names kustomize looks for in a folder, in its order of preference. */
export const KUSTOMIZATION_FILES: readonly string[] = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** A half-open offset range in one file. */
export interface Span {
  start: number;
  end: number;
}

/** A string written in a kustomization (a path, a URL, a name), with the span of its scalar. */
export interface Ref extends Span {
  value: string;
}

/**
 * A YAML text written inside a scalar of another file (an inline patch in `patch: |`), and where each
 * of its lines starts in that file.
 */
export interface Embedded {
  /** The scalar's value, as kustomize reads it. */
  text: string;
  /** File offset of the first character of each line of `text`. */
  lineStarts: readonly number[];
  /** A literal block scalar (`|`): edits may add lines, indented by `indent` columns. */
  block: boolean;
  indent: number;
  /** The scalar node in the file. */
  node: Scalar;
}

/** What a patch or a `replicas`/`images` entry selects (`target:`). */
export interface Target {
  group?: string;
  version?: string;
  kind?: string;
  /** A regular expression (anchored), as kustomize reads it. */
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** One patch of a kustomization, in any of its three fields. */
export interface PatchEntry {
  field: 'patches' | 'patchesStrategicMerge' | 'patchesJson6902';
  /** Index in its field. */
  index: number;
  /** The patch file (`path:`, or a `patchesStrategicMerge` entry that names a file). */
  path?: Ref;
  /** The patch written in the kustomization. */
  inline?: Embedded;
  /**
   * A patch written inline whose lines cannot be told apart in the file (a folded scalar, escapes):
   * its text, and where to point instead (the `patch` key, or the item's first line).
   */
  opaque?: { text: string; span: Span };
  target?: Target;
  /** The entry: the sequence item, from its first key to the end of its last value. */
  entry: Span;
}

/** An `images:` entry. */
export interface ImageEntry {
  /** The entry's map (where a missing `newTag` or `digest` is added). */
  map: YAMLMap;
  name: Ref;
  newName?: Field;
  newTag?: Field;
  digest?: Field;
  entry: Span;
}

/** A `replicas:` entry. */
export interface ReplicaEntry {
  name: Ref;
  count?: Field;
  entry: Span;
}

/** A `labels:` entry. */
export interface LabelsEntry {
  pairs: YAMLMap | undefined;
  includeSelectors: boolean;
  includeTemplates: boolean;
  entry: Span;
}

/** A `configMapGenerator` or `secretGenerator` entry. */
export interface GeneratorEntry {
  field: 'configMapGenerator' | 'secretGenerator';
  name?: Ref;
  /** Files it reads (`files:` without the `key=` part, `envs:`, `env:`). */
  files: Ref[];
  entry: Span;
}

/** A kustomization file, read for what Kubeward follows and maps; every position is kept. */
export interface Kustomization {
  /** Path of the file (as the caller names it: tree-relative with `/`). */
  file: string;
  text: string;
  doc: Document.Parsed | undefined;
  root: YAMLMap | undefined;
  /** `Component` for `kind: Component`. */
  kind: 'Kustomization' | 'Component';
  resources: Ref[];
  components: Ref[];
  bases: Ref[];
  patches: PatchEntry[];
  images: ImageEntry[];
  replicas: ReplicaEntry[];
  namespace?: Field;
  namePrefix?: Field;
  nameSuffix?: Field;
  commonLabels?: Field;
  commonAnnotations?: Field;
  labels: LabelsEntry[];
  generators: GeneratorEntry[];
  /** Other files and folders it reads: `crds`, `configurations`, `generators`, `transformers`, `validators`, `openapi.path`, `replacements[].path`. */
  others: Ref[];
  /** YAML errors of the file (offsets in it). */
  errors: (Span & { message: string })[];
}

function refOf(node: unknown): Ref | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const value = scalarString(node);
  if (value === undefined) return undefined;
  return { value, start: node.range[0], end: node.range[1] };
}

function refs(node: unknown): Ref[] {
  if (!isSeq(node)) return [];
  const out: Ref[] = [];
  for (const item of node.items) {
    const r = refOf(item);
    if (r) out.push(r);
  }
  return out;
}

/** Span of a sequence item: its own range, or for a map from its first key to its last value. */
export function itemSpan(text: string, item: unknown): Span | undefined {
  if (isMap(item) && !item.flow && item.items.length > 0) {
    const first = item.items[0];
    const last = item.items[item.items.length - 1];
    const start = isPair(first) ? (first.key as Scalar | null)?.range?.[0] : undefined;
    const lastNode = isPair(last) ? ((last.value ?? last.key) as { range?: number[] } | null) : null;
    let end = lastNode?.range?.[1];
    if (start === undefined || end === undefined) return undefined;
    while (end > start && /[ \t\r\n]/.test(text[end - 1] ?? '')) end--;
    return { start, end };
  }
  const r = (item as { range?: number[] } | null)?.range;
  if (r?.[0] === undefined || r[1] === undefined) return undefined;
  return { start: r[0], end: r[1] };
}

function str(map: unknown, key: string): string | undefined {
  const f = mapGet(map, key);
  return f ? scalarString(f.value) : undefined;
}

function targetOf(node: unknown): Target | undefined {
  if (!isMap(node)) return undefined;
  const t: Target = {};
  for (const k of [
    'group',
    'version',
    'kind',
    'name',
    'namespace',
    'labelSelector',
    'annotationSelector',
  ] as const) {
    const v = str(node, k);
    if (v !== undefined) t[k] = v;
  }
  return t;
}

/**
 * The value of a scalar written in `text`, with the file offset of each of its lines, when that can be
 * told exactly: a literal block scalar (`|`, `|-`, `|+`, `|2`), or a one-line plain or quoted scalar
 * without escapes. Undefined for folded scalars and escaped quotes.
 */
export function embeddedText(text: string, node: Scalar): Embedded | undefined {
  const r = node.range;
  if (!r || typeof node.value !== 'string') return undefined;
  const value = node.value;
  if (node.type === 'BLOCK_LITERAL') {
    const headerEnd = lineEndOf(text, r[0]);
    const header = text
      .slice(r[0], headerEnd)
      .replace(/\s+#.*$/, '')
      .trim();
    const explicit = /[1-9]/.exec(header)?.[0];
    let at = headerEnd;
    if (text[at] === '\r') at++;
    if (text[at] === '\n') at++;
    const starts: number[] = [];
    const lines: string[] = [];
    while (at < r[1]) {
      const end = lineEndOf(text, at);
      starts.push(at);
      lines.push(text.slice(at, end));
      at = end;
      if (text[at] === '\r') at++;
      if (text[at] === '\n') at++;
    }
    let indent: number;
    if (explicit !== undefined) {
      const keyLine = text.slice(text.lastIndexOf('\n', r[0]) + 1, r[0]);
      indent = keyLine.length - keyLine.trimStart().length + Number(explicit);
    } else {
      const first = lines.find((l) => l.trim() !== '');
      indent = first === undefined ? 0 : first.length - first.trimStart().length;
    }
    const content = lines.map((l) => l.slice(Math.min(indent, l.length)));
    const lineStarts = starts.map((s, i) => s + Math.min(indent, lines[i]?.length ?? 0));
    let joined = content.join('\n');
    if (lines.length > 0) joined += '\n';
    const chomp = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
    if (chomp !== 'keep') joined = joined.replace(/\n+$/, '');
    if (chomp === 'clip' && joined !== '') joined += '\n';
    if (joined !== value) return undefined;
    return { text: value, lineStarts, block: true, indent, node };
  }
  const src = text.slice(r[0], r[1]);
  if (value.includes('\n')) return undefined;
  const inner =
    node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE'
      ? src.slice(1, -1)
      : node.type === 'PLAIN'
        ? src
        : undefined;
  if (inner !== value) return undefined;
  const start = node.type === 'PLAIN' ? r[0] : r[0] + 1;
  return { text: value, lineStarts: [start], block: false, indent: 0, node };
}

/** File offset of an offset of an embedded text (its line's start plus the column). */
export function toFileOffset(e: Embedded, offset: number): number | undefined {
  if (offset < 0 || offset > e.text.length) return undefined;
  let line = 0;
  let lineStart = 0;
  for (let i = e.text.indexOf('\n'); i >= 0 && i < offset; i = e.text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const base = e.lineStarts[line];
  return base === undefined ? undefined : base + (offset - lineStart);
}

function patchEntry(
  text: string,
  field: PatchEntry['field'],
  index: number,
  item: unknown,
): PatchEntry | undefined {
  const entry = itemSpan(text, item);
  if (!entry) return undefined;
  const p: PatchEntry = { field, index, entry };
  if (isScalar(item)) {
    const v = scalarString(item);
    if (v === undefined) return undefined;
    if (v.includes('\n')) {
      const e = embeddedText(text, item);
      if (e) p.inline = e;
      else p.opaque = { text: v, span: { start: entry.start, end: lineEndOf(text, entry.start) } };
    } else {
      const r = refOf(item);
      if (r) p.path = r;
    }
    return p;
  }
  if (!isMap(item)) return undefined;
  const path = refOf(mapGet(item, 'path')?.value);
  if (path) p.path = path;
  const inline = mapGet(item, 'patch');
  if (inline && isScalar(inline.value)) {
    const e = embeddedText(text, inline.value);
    const v = scalarString(inline.value);
    if (e) p.inline = e;
    else if (v !== undefined) {
      const r = inline.key.range;
      p.opaque = { text: v, span: r ? { start: r[0], end: r[1] } : entry };
    }
  }
  const target = targetOf(mapGet(item, 'target')?.value);
  if (target) p.target = target;
  return p;
}

function boolOf(map: unknown, key: string, dflt: boolean): boolean {
  const f = mapGet(map, key);
  if (!f || !isScalar(f.value)) return dflt;
  return f.value.value === true;
}

/** Reads a kustomization file. Never throws: unreadable parts are left out and its YAML errors listed. */
export function parseKustomization(file: string, text: string): Kustomization {
  const k: Kustomization = {
    file,
    text,
    doc: undefined,
    root: undefined,
    kind: 'Kustomization',
    resources: [],
    components: [],
    bases: [],
    patches: [],
    images: [],
    replicas: [],
    labels: [],
    generators: [],
    others: [],
    errors: [],
  };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, keepSourceTokens: true });
  } catch {
    k.errors.push({ start: 0, end: 0, message: 'The file could not be read as YAML.' });
    return k;
  }
  k.doc = doc;
  for (const e of doc.errors) k.errors.push({ start: e.pos[0], end: e.pos[1], message: e.message });
  const root = doc.contents;
  if (!isMap(root)) return k;
  k.root = root;
  if (str(root, 'kind') === 'Component') k.kind = 'Component';
  k.resources = refs(mapGet(root, 'resources')?.value);
  k.components = refs(mapGet(root, 'components')?.value);
  k.bases = refs(mapGet(root, 'bases')?.value);
  for (const field of ['patches', 'patchesStrategicMerge', 'patchesJson6902'] as const) {
    const seq = mapGet(root, field)?.value;
    if (!isSeq(seq)) continue;
    seq.items.forEach((item, i) => {
      const p = patchEntry(text, field, i, item);
      if (p) k.patches.push(p);
    });
  }
  const images = mapGet(root, 'images')?.value;
  if (isSeq(images)) {
    for (const item of images.items) {
      const name = refOf(mapGet(item, 'name')?.value);
      const entry = itemSpan(text, item);
      if (!name || !entry || !isMap(item)) continue;
      const e: ImageEntry = { map: item, name, entry };
      for (const key of ['newName', 'newTag', 'digest'] as const) {
        const f = mapGet(item, key);
        if (f) e[key] = f;
      }
      k.images.push(e);
    }
  }
  const replicas = mapGet(root, 'replicas')?.value;
  if (isSeq(replicas)) {
    for (const item of replicas.items) {
      const name = refOf(mapGet(item, 'name')?.value);
      const entry = itemSpan(text, item);
      if (!name || !entry) continue;
      const e: ReplicaEntry = { name, entry };
      const count = mapGet(item, 'count');
      if (count) e.count = count;
      k.replicas.push(e);
    }
  }
  for (const key of ['namespace', 'namePrefix', 'nameSuffix', 'commonLabels', 'commonAnnotations'] as const) {
    const f = mapGet(root, key);
    if (f) k[key] = f;
  }
  const labels = mapGet(root, 'labels')?.value;
  if (isSeq(labels)) {
    for (const item of labels.items) {
      const entry = itemSpan(text, item);
      if (!entry) continue;
      const pairs = mapGet(item, 'pairs')?.value;
      const includeSelectors = boolOf(item, 'includeSelectors', false);
      k.labels.push({
        pairs: isMap(pairs) ? pairs : undefined,
        includeSelectors,
        includeTemplates: includeSelectors || boolOf(item, 'includeTemplates', false),
        entry,
      });
    }
  }
  for (const field of ['configMapGenerator', 'secretGenerator'] as const) {
    const seq = mapGet(root, field)?.value;
    if (!isSeq(seq)) continue;
    for (const item of seq.items) {
      const entry = itemSpan(text, item);
      if (!entry) continue;
      const g: GeneratorEntry = { field, files: [], entry };
      const name = refOf(mapGet(item, 'name')?.value);
      if (name) g.name = name;
      for (const r of [...refs(mapGet(item, 'files')?.value), ...refs(mapGet(item, 'envs')?.value)]) {
        const eq = r.value.indexOf('=');
        g.files.push(eq < 0 ? r : { value: r.value.slice(eq + 1), start: r.start + eq + 1, end: r.end });
      }
      const env = refOf(mapGet(item, 'env')?.value);
      if (env) g.files.push(env);
      k.generators.push(g);
    }
  }
  for (const field of ['crds', 'configurations', 'generators', 'transformers', 'validators']) {
    for (const r of refs(mapGet(root, field)?.value)) if (!r.value.includes('\n')) k.others.push(r);
  }
  const openapi = refOf(mapGet(mapGet(root, 'openapi')?.value, 'path')?.value);
  if (openapi) k.others.push(openapi);
  const replacements = mapGet(root, 'replacements')?.value;
  if (isSeq(replacements)) {
    for (const item of replacements.items) {
      const r = refOf(mapGet(item, 'path')?.value);
      if (r) k.others.push(r);
    }
  }
  return k;
}

const REMOTE = [
  /^[a-z][a-z0-9+.-]*:\/\//i,
  /^git::/i,
  /^git@/i,
  /^(?:github\.com|gitlab\.com|bitbucket\.org|dev\.azure\.com|ssh\.dev\.azure\.com)[/:]/i,
  /\?(?:.*&)?(?:ref|version|timeout|submodules)=/,
  /\.git(?:\/\/|$|\?)/,
];

/**
 * Whether kustomize would fetch this entry over the network: a URL, a `git::`/`git@` address, a
 * known Git host written without a scheme, or an address with a `?ref=`-style query or a `.git`
 * repository suffix.
 */
export function isRemote(entry: string): boolean {
  return REMOTE.some((re) => re.test(entry.trim()));
}

/** The documents of a YAML text (patch files and resource files may hold several). */
export function yamlDocuments(text: string): Document.Parsed[] {
  try {
    const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
    return Array.isArray(docs) ? docs : [];
  } catch {
    return [];
  }
}
