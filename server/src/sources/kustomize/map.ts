import { readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parse,
  parseDocument,
  type Document,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import { Fixer, applyEdits, type Edit } from '../../engine/fix';
import { mapGet, scalarString, type Field } from '../../engine/node';
import { ORIGIN_ANNOTATION, TRANSFORMATIONS_ANNOTATION, TRANSFORMATIONS_ANNOTATION_GA } from './build';
import {
  KUSTOMIZATION_FILES,
  parseKustomization,
  toFileOffset,
  yamlDocuments,
  type Embedded,
  type ImageEntry,
  type Kustomization,
  type PatchEntry,
  type ReplicaEntry,
  type Span,
} from './kustomization';
import { treeAbsolute, treeRelative } from './roots';

/** A key of a map or an index of a sequence. */
export type PathElem = string | number;

/** A place in a file of the tree (tree-relative path, `/` separators). */
export interface FileSpan {
  file: string;
  start: number;
  end: number;
}

/** Where a finding on a built object is fixed by a person. */
export interface Origin extends FileSpan {
  /**
   * `resource`: written in the resource file; `patch`: set by a patch (a patch file, an inline patch in
   * a kustomization, or a JSON 6902 operation); `transformer`: set by a kustomization field (`images`,
   * `replicas`, `namespace`, `labels`, …); `generator`: the object is generated (`configMapGenerator`);
   * `fallback`: nothing better is known (the object's `kind:` line in its resource file).
   */
  via: 'resource' | 'patch' | 'transformer' | 'generator' | 'fallback';
  /** For a patch in its own file: the kustomization entry that applies it (`- path: x.yaml`). */
  pulledInAt?: FileSpan;
  /** The object path this origin is for, e.g. `spec.template.spec.containers[0].image`. */
  renderedPath: string;
}

/** What {@link MappedDoc.locate} is asked about. */
export interface LocateOptions {
  /** The finding is about a field that is absent: report on the nearest place where it would be written. */
  missing?: boolean;
}

/** Where a built object comes from, as `config.kubernetes.io/origin` says. */
export type ObjectSource =
  | {
      kind: 'resource';
      /** The resource file (tree-relative). */
      file: string;
      /** The object's document in that file (0-based), when it was found there. */
      index: number | undefined;
      /** Its name in that file (before `namePrefix`/`nameSuffix`). */
      name: string | undefined;
    }
  | { kind: 'generated'; configuredIn: string; generator: string }
  | { kind: 'remote'; repo: string; ref?: string; path?: string }
  | { kind: 'unknown' };

/** One entry of `alpha.config.kubernetes.io/transformations`: a transformer that ran over the object. */
export interface Transformation {
  /** The file that configured it (tree-relative), usually a kustomization. */
  configuredIn: string;
  apiVersion: string;
  kind: string;
}

/** A YAML text a person edits: a whole file, or a patch written inline in a kustomization. */
export interface YamlPlace {
  file: string;
  /** The whole file, or the inline patch's text. */
  text: string;
  /** Set for an inline patch: where its lines are in `file`. */
  embedded?: Embedded;
  /** Set for an inline patch: the kustomization's whole text, and the patch's entry in it. */
  inline?: { fileText: string; entry: PatchEntry };
  /** Set for an inline patch whose lines cannot be found in the file: every place in it is this span. */
  unmapped?: Span;
  /** The document of `text` that holds the node. */
  doc: Document.Parsed;
}

/** A patch that applies to the object, read. */
export interface LoadedPatch {
  entry: PatchEntry;
  /** The kustomization that lists it. */
  kustomization: Kustomization;
  style: 'smp' | 'json6902';
  /** Its documents (for a file or inline text), each with its place. */
  places: YamlPlace[];
}

/** What is known about the origin of one built path, for locating and for carrying fixes over. */
export type Explanation =
  | {
      kind: 'resource' | 'patch';
      place: YamlPlace;
      /** The pair at the path (or at the deepest existing part of it); undefined for a sequence item. */
      pair: Pair | undefined;
      /** The node at the path (or at its deepest existing part). */
      node: unknown;
      /** The part of the path below `node` that is not written there (missing fields). */
      missingPath: PathElem[];
      /** The node holds exactly the built value. */
      exact: boolean;
      patch?: LoadedPatch;
      /** For a JSON 6902 operation: the operation (a map in the patch's sequence). */
      op?: YAMLMap;
      /** File span (key to value for a value; the key for a collection or a missing field). */
      span: Span;
    }
  | {
      kind: 'transformer';
      transformer:
        'images' | 'replicas' | 'namespace' | 'namePrefix' | 'nameSuffix' | 'labels' | 'annotations';
      kustomization: Kustomization;
      /** The pair that sets the value (`newTag: latest`, `count: 3`, a label). */
      field: Field;
      image?: ImageEntry;
      span: Span;
    }
  | { kind: 'generator' | 'fallback'; file: string; span: Span };

/** One built object, its clean text, and the way back to what a person edits. */
export interface MappedDoc {
  /** The root that built it (tree-relative folder). */
  root: string;
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  /** The object without Kubeward's build annotations: what the engine checks. */
  text: string;
  /** Offset of the object in kustomize's output. */
  offset: number;
  source: ObjectSource;
  transformations: readonly Transformation[];
  /** Where a finding at `path` is fixed. Never throws; never outside the tree. */
  locate(path: string | readonly PathElem[], options?: LocateOptions): Origin;
  /** The same, with what fix translation needs to know. */
  explain(path: readonly PathElem[], options?: LocateOptions): Explanation;
  /**
   * Every place that writes a value at `path` (patches, transformers, the resource), last applied
   * first: what removing the field has to change so that no earlier value shows through.
   */
  writers(path: readonly PathElem[]): Explanation[];
  /** The object path of the key or item at an offset of `text` (a finding's start). */
  pathAt(offset: number): PathElem[];
}

/** A build to map: its output and where it was built from. */
export interface KustomizeMapInput {
  /** Absolute path of the tree. */
  tree: string;
  /** The root that was built (tree-relative). */
  root: string;
  /** The folder the origin paths are relative to ({@link BuildResult} `buildDir`). */
  buildDir: string;
  /** kustomize's standard output. */
  stdout: string;
  /** Text of a tree file (tree-relative) when an editor holds it; undefined: read the disk. */
  read?: (file: string) => string | undefined;
}

/** The objects of one root's build, each with its way back to the tree. */
export interface KustomizeMap {
  root: string;
  docs: MappedDoc[];
  /** The texts mapping read (tree-relative path → text). */
  files: ReadonlyMap<string, string>;
}

/** Renders an object path as `a.b[0].c` (keys with dots or brackets quoted). */
export function pathString(path: readonly PathElem[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[^.[\]"]+$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

/** Parses `a.b[0]["c.d"]` into keys and indices. */
export function parsePath(s: string): PathElem[] {
  const out: PathElem[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(`"${m[3]}"`) as string);
  }
  return out;
}

/** A JSON pointer (`/spec/containers/0/image`) as a path; `-` (append) stays `-`. */
export function pointerPath(pointer: string): PathElem[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** The key identifying the place an origin points at, to group findings of several roots. */
export function originKey(o: FileSpan): string {
  return `${o.file}\u0000${o.start}\u0000${o.end}`;
}

/**
 * Strategic-merge keys of the lists Kubernetes merges item by item (`patchMergeKey`); items of other
 * lists are matched by position.
 */
const MERGE_KEYS: Readonly<Record<string, readonly string[]>> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  imagePullSecrets: ['name'],
  hostAliases: ['ip'],
  resourceClaims: ['name'],
  topologySpreadConstraints: ['topologyKey'],
  ports: ['containerPort', 'port'],
};

function keyString(k: unknown): string | undefined {
  return isScalar(k) ? String(k.value) : undefined;
}

function pairIn(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  let found: Pair | undefined;
  for (const it of map.items) if (isPair(it) && keyString(it.key) === key) found = it;
  return found;
}

function jsonOf(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  const n = node as { toJSON?: () => unknown };
  return typeof n.toJSON === 'function' ? n.toJSON() : node;
}

/** Same value as kustomize would write it (YAML values compared as JSON). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(jsonOf(a)) === JSON.stringify(jsonOf(b));
}

/** A node along an object path of the built object. */
interface Step {
  elem: PathElem;
  pair: Pair | undefined;
  node: unknown;
}

/** The nodes along `path` that exist below `root`. */
function walk(root: unknown, path: readonly PathElem[]): Step[] {
  const steps: Step[] = [];
  let node = root;
  for (const elem of path) {
    if (isMap(node) && typeof elem === 'string') {
      const pair = pairIn(node, elem);
      if (!pair) break;
      steps.push({ elem, pair, node: pair.value });
      node = pair.value;
    } else if (isSeq(node) && typeof elem === 'number') {
      const item: unknown = node.items[elem];
      if (item === undefined) break;
      steps.push({ elem, pair: undefined, node: item });
      node = item;
    } else break;
  }
  return steps;
}

/** Where a built path is in another YAML tree (a resource, a patch), lists matched by merge key. */
interface Found {
  /** How many elements of the path exist there. */
  depth: number;
  pair: Pair | undefined;
  node: unknown;
}

/**
 * Follows `path` in `root`, a YAML tree written by a person: map keys as they are; a list index by the
 * built item's merge key (`name` of a container) where the list has one, else by position. `built`
 * holds the built object's nodes along the path (for the merge keys).
 */
function follow(root: unknown, path: readonly PathElem[], built: readonly Step[]): Found {
  let node = root;
  let pair: Pair | undefined;
  let depth = 0;
  for (let i = 0; i < path.length; i++) {
    const elem = path[i] as PathElem;
    if (isMap(node) && typeof elem === 'string') {
      const p = pairIn(node, elem);
      if (!p) break;
      pair = p;
      node = p.value;
    } else if (isSeq(node) && typeof elem === 'number') {
      const parentKey = path[i - 1];
      const keys = typeof parentKey === 'string' ? MERGE_KEYS[parentKey] : undefined;
      const builtItem = built[i]?.node;
      let item: unknown;
      const mk = keys?.find((k) => pairIn(builtItem, k) !== undefined);
      if (mk !== undefined) {
        const want = jsonOf(pairIn(builtItem, mk)?.value);
        item = node.items.find((it) => sameValue(pairIn(it, mk)?.value, want));
      } else item = node.items[elem];
      if (item === undefined) break;
      pair = undefined;
      node = item;
    } else break;
    depth = i + 1;
  }
  return { depth, pair, node };
}

/**
 * Fields a strategic-merge patch uses to find what it patches (the object's `apiVersion`, `kind`, name
 * and namespace; the merge key of a list item): the patch repeats them, it does not set them.
 */
function identifies(path: readonly PathElem[]): boolean {
  if (path.length === 1) return path[0] === 'apiVersion' || path[0] === 'kind';
  if (path.length === 2 && path[0] === 'metadata') return path[1] === 'name' || path[1] === 'namespace';
  const list = path[path.length - 3];
  const last = path[path.length - 1];
  return (
    typeof path[path.length - 2] === 'number' &&
    typeof list === 'string' &&
    typeof last === 'string' &&
    (MERGE_KEYS[list]?.includes(last) ?? false)
  );
}

/** The `key: value` of a pair for a scalar (or flow collection) value; the key alone otherwise. */
function pairSpan(p: Pair): Span {
  const key = p.key as Scalar;
  const start = key.range?.[0] ?? 0;
  const keyEnd = key.range?.[1] ?? start;
  const v = p.value;
  if (isScalar(v) && v.range)
    return { start, end: v.value === null && v.range[0] === v.range[1] ? keyEnd : v.range[1] };
  if ((isMap(v) || isSeq(v)) && v.flow && v.range) return { start, end: v.range[1] };
  return { start, end: keyEnd };
}

function keySpan(p: Pair): Span {
  const key = p.key as Scalar;
  const start = key.range?.[0] ?? 0;
  return { start, end: key.range?.[1] ?? start };
}

/** Span of a sequence item: a scalar's own range, a map item's first pair. */
function itemSpanOf(node: unknown): Span | undefined {
  if (isScalar(node) && node.range) return { start: node.range[0], end: node.range[1] };
  if (isMap(node)) {
    const first = node.items[0];
    if (isPair(first)) return pairSpan(first);
  }
  const r = (node as { range?: number[] } | null)?.range;
  return r?.[0] !== undefined && r[1] !== undefined ? { start: r[0], end: r[1] } : undefined;
}

/** A span of a place's text as a span of its file. */
function fileSpan(place: YamlPlace, s: Span): Span {
  if (place.unmapped) return place.unmapped;
  const e = place.embedded;
  if (!e) return s;
  const start = toFileOffset(e, s.start);
  const end = toFileOffset(e, s.end);
  if (start === undefined) {
    const r = e.node.range;
    return { start: r?.[0] ?? 0, end: r?.[0] ?? 0 };
  }
  return { start, end: end ?? start };
}

function imageParts(image: string): { name: string; tag?: string; digest?: string } {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `labelSelector` of a target, read for simple `k=v` and `k` terms; anything else counts as a match. */
function labelsMatch(selector: string | undefined, labels: unknown): boolean {
  if (!selector) return true;
  for (const term of selector.split(',').map((t) => t.trim())) {
    const m = /^([^=!\s]+)\s*(==?|!=)?\s*([^=!\s]*)$/.exec(term);
    if (!m) return true;
    const have = scalarString(mapGet(labels, m[1] ?? '')?.value);
    if (m[2] === '!=') {
      if (have === m[3]) return false;
    } else if (m[2]) {
      if (have !== m[3]) return false;
    } else if (have === undefined) return false;
  }
  return true;
}

function anchored(re: string, s: string | undefined): boolean {
  if (s === undefined) return false;
  try {
    return new RegExp(`^(?:${re})$`).test(s);
  } catch {
    return re === s;
  }
}

/** The file an explanation points into. */
export function explainedFile(ex: Explanation): string {
  switch (ex.kind) {
    case 'resource':
    case 'patch':
      return ex.place.file;
    case 'transformer':
      return ex.kustomization.file;
    default:
      return ex.file;
  }
}

/** A tree-relative path that leaves the tree (`../x`), or an absolute one. */
export function outsideTree(file: string): boolean {
  return file === '..' || file.startsWith('../') || file.startsWith('/') || /^[A-Za-z]:/.test(file);
}

/** Layers of the build that ran over an object, in the order they ran. */
type Layer =
  | { kind: 'patch'; patch: LoadedPatch }
  | { kind: 'images'; k: Kustomization; entry: ImageEntry }
  | { kind: 'replicas'; k: Kustomization; entry: ReplicaEntry }
  | { kind: 'namespace' | 'namePrefix' | 'nameSuffix' | 'labels' | 'annotations'; k: Kustomization }
  | { kind: 'opaque'; name: string };

const WORKLOAD_IMAGE_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** The files of one map: texts and parses, read once. */
class Files {
  readonly texts = new Map<string, string>();
  private readonly docs = new Map<string, Document.Parsed[]>();
  private readonly kusts = new Map<string, Kustomization>();
  private readonly patches = new Map<string, LoadedPatch | undefined>();

  constructor(
    readonly tree: string,
    private readonly reader: ((file: string) => string | undefined) | undefined,
  ) {}

  text(file: string): string | undefined {
    if (this.texts.has(file)) return this.texts.get(file);
    let t = this.reader?.(file);
    if (t === undefined) {
      try {
        t = readFileSync(treeAbsolute(this.tree, file), 'utf8');
      } catch {
        t = undefined;
      }
    }
    if (t !== undefined) this.texts.set(file, t);
    return t;
  }

  documents(file: string): Document.Parsed[] {
    let d = this.docs.get(file);
    if (!d) {
      const t = this.text(file);
      d = t === undefined ? [] : yamlDocuments(t);
      this.docs.set(file, d);
    }
    return d;
  }

  kustomization(file: string): Kustomization | undefined {
    if (!KUSTOMIZATION_FILES.includes(basename(file))) return undefined;
    let k = this.kusts.get(file);
    if (!k) {
      const t = this.text(file);
      if (t === undefined) return undefined;
      k = parseKustomization(file, t);
      this.kusts.set(file, k);
    }
    return k;
  }

  patch(k: Kustomization, entry: PatchEntry): LoadedPatch | undefined {
    const id = `${k.file}\u0000${entry.field}\u0000${entry.index}`;
    if (this.patches.has(id)) return this.patches.get(id);
    let places: YamlPlace[] = [];
    if (entry.path) {
      const file = treeRelative(
        this.tree,
        resolve(dirname(treeAbsolute(this.tree, k.file)), entry.path.value),
      );
      const text = this.text(file);
      if (text !== undefined) places = this.documents(file).map((doc) => ({ file, text, doc }));
    } else if (entry.inline) {
      const e = entry.inline;
      places = yamlDocuments(e.text).map((doc) => ({
        file: k.file,
        text: e.text,
        embedded: e,
        inline: { fileText: k.text, entry },
        doc,
      }));
    } else if (entry.opaque) {
      const o = entry.opaque;
      places = yamlDocuments(o.text).map((doc) => ({ file: k.file, text: o.text, unmapped: o.span, doc }));
    }
    let loaded: LoadedPatch | undefined;
    if (places.length > 0) {
      const seq = isSeq(places[0]?.doc.contents);
      const style: LoadedPatch['style'] =
        entry.field === 'patchesJson6902'
          ? 'json6902'
          : entry.field === 'patchesStrategicMerge'
            ? 'smp'
            : seq
              ? 'json6902'
              : 'smp';
      loaded = { entry, kustomization: k, style, places };
    }
    this.patches.set(id, loaded);
    return loaded;
  }
}

const BUILD_ANNOTATIONS = [ORIGIN_ANNOTATION, TRANSFORMATIONS_ANNOTATION, TRANSFORMATIONS_ANNOTATION_GA];

/** The annotations Kubeward asked for, removed from a built object (and `annotations:` if left empty). */
function stripBuildAnnotations(text: string, doc: Document.Parsed): string {
  const meta = pairIn(doc.contents, 'metadata')?.value;
  const annPair = pairIn(meta, 'annotations');
  const ann = annPair?.value;
  if (!isMap(meta) || !annPair || !isMap(ann)) return text;
  const ours = ann.items.filter((it) => isPair(it) && BUILD_ANNOTATIONS.includes(keyString(it.key) ?? ''));
  if (ours.length === 0) return text;
  const fixer = new Fixer(text, doc.contents);
  const edits: (Edit | undefined)[] =
    ours.length === ann.items.length
      ? [fixer.removePair(meta, annPair)]
      : ours.map((p) => fixer.removePair(ann, p));
  if (edits.some((e) => e === undefined)) return text;
  return applyEdits(text, edits as Edit[]);
}

function parseAnnotation(value: unknown): unknown {
  const s = scalarString(value);
  if (s === undefined) return undefined;
  try {
    return parse(s) as unknown;
  } catch {
    return undefined;
  }
}

function prop(o: unknown, k: string): unknown {
  return o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined;
}

function stringProp(o: unknown, k: string): string | undefined {
  const v = prop(o, k);
  return typeof v === 'string' ? v : undefined;
}

/** The documents of kustomize's output, with their offsets. */
function splitOutput(stdout: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  const re = /^---[ \t]*\r?\n/gm;
  let start = 0;
  for (let m = re.exec(stdout); m; m = re.exec(stdout)) {
    if (m.index > start) out.push({ text: stdout.slice(start, m.index), offset: start });
    start = m.index + m[0].length;
  }
  if (start < stdout.length && stdout.slice(start).trim() !== '')
    out.push({ text: stdout.slice(start), offset: start });
  return out;
}

function realOrResolved(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/**
 * Maps `kustomize build` output (built with Kubeward's origin and transformer annotations) back to the
 * tree: for each object its clean text (annotations removed), where it comes from, the transformers
 * that ran over it, and a `locate` from object paths to the line a person edits.
 */
export function mapBuild(input: KustomizeMapInput): KustomizeMap {
  const tree = realOrResolved(input.tree);
  const files = new Files(tree, input.read);
  const docs: MappedDoc[] = [];
  for (const part of splitOutput(input.stdout)) {
    let raw: Document.Parsed;
    try {
      raw = parseDocument(part.text, { prettyErrors: false, uniqueKeys: false });
    } catch {
      continue;
    }
    if (!isMap(raw.contents) || scalarString(pairIn(raw.contents, 'kind')?.value) === undefined) continue;
    const annotations = pairIn(pairIn(raw.contents, 'metadata')?.value, 'annotations')?.value;
    const origin = parseAnnotation(pairIn(annotations, ORIGIN_ANNOTATION)?.value);
    const transformations: Transformation[] = [];
    const list = parseAnnotation(
      (pairIn(annotations, TRANSFORMATIONS_ANNOTATION) ?? pairIn(annotations, TRANSFORMATIONS_ANNOTATION_GA))
        ?.value,
    );
    if (Array.isArray(list)) {
      for (const t of list as unknown[]) {
        const configuredIn = stringProp(t, 'configuredIn');
        const by = prop(t, 'configuredBy');
        if (configuredIn === undefined) continue;
        transformations.push({
          configuredIn: treeRelative(tree, resolve(input.buildDir, configuredIn)),
          apiVersion: stringProp(by, 'apiVersion') ?? '',
          kind: stringProp(by, 'kind') ?? '',
        });
      }
    }
    const text = stripBuildAnnotations(part.text, raw);
    const mapper = new ObjectMapper(files, input.root, text, origin, transformations, input.buildDir);
    docs.push({
      root: input.root,
      apiVersion: mapper.apiVersion,
      kind: mapper.kind,
      name: mapper.name,
      namespace: mapper.namespace,
      text,
      offset: part.offset,
      source: mapper.source,
      transformations,
      locate: (path, options) => mapper.locate(typeof path === 'string' ? parsePath(path) : path, options),
      explain: (path, options) => mapper.explainSafe(path, options),
      writers: (path) => mapper.writers(path),
      pathAt: (offset) => mapper.pathAt(offset),
    });
  }
  return { root: input.root, docs, files: files.texts };
}

class ObjectMapper {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly source: ObjectSource;
  private readonly built: Document.Parsed | undefined;
  private readonly sourceDoc: Document.Parsed | undefined;
  private layersCache: Layer[] | undefined;

  constructor(
    private readonly files: Files,
    private readonly root: string,
    text: string,
    origin: unknown,
    private readonly transformations: readonly Transformation[],
    buildDir: string,
  ) {
    let built: Document.Parsed | undefined;
    try {
      built = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
    } catch {
      built = undefined;
    }
    this.built = built;
    const c = built?.contents;
    const meta = pairIn(c, 'metadata')?.value;
    this.apiVersion = scalarString(pairIn(c, 'apiVersion')?.value) ?? '';
    this.kind = scalarString(pairIn(c, 'kind')?.value) ?? '';
    this.name = scalarString(pairIn(meta, 'name')?.value) ?? '';
    this.namespace = scalarString(pairIn(meta, 'namespace')?.value);
    const path = stringProp(origin, 'path');
    const repo = stringProp(origin, 'repo');
    const configuredIn = stringProp(origin, 'configuredIn');
    if (repo !== undefined) {
      const ref = stringProp(origin, 'ref');
      this.source = {
        kind: 'remote',
        repo,
        ...(ref !== undefined ? { ref } : {}),
        ...(path !== undefined ? { path } : {}),
      };
      this.sourceDoc = undefined;
    } else if (path !== undefined) {
      const file = treeRelative(files.tree, resolve(buildDir, path));
      const found = this.findSource(file);
      this.source = { kind: 'resource', file, index: found?.index, name: found?.name };
      this.sourceDoc = found?.doc;
    } else if (configuredIn !== undefined) {
      this.source = {
        kind: 'generated',
        configuredIn: treeRelative(files.tree, resolve(buildDir, configuredIn)),
        generator: stringProp(prop(origin, 'configuredBy'), 'kind') ?? '',
      };
      this.sourceDoc = undefined;
    } else {
      this.source = { kind: 'unknown' };
      this.sourceDoc = undefined;
    }
  }

  /** The object's document in its resource file: same kind, and the name it is built from. */
  private findSource(
    file: string,
  ): { doc: Document.Parsed; index: number; name: string | undefined } | undefined {
    const docs = this.files.documents(file);
    const cands: { doc: Document.Parsed; index: number; name: string | undefined }[] = [];
    docs.forEach((doc, index) => {
      const c = doc.contents;
      if (!isMap(c) || scalarString(pairIn(c, 'kind')?.value) !== this.kind) return;
      cands.push({ doc, index, name: scalarString(pairIn(pairIn(c, 'metadata')?.value, 'name')?.value) });
    });
    const exact = cands.find((x) => x.name === this.name);
    if (exact) return exact;
    const inside = cands
      .filter((x) => x.name !== undefined && this.name.includes(x.name))
      .sort((a, b) => (b.name?.length ?? 0) - (a.name?.length ?? 0));
    if (inside[0]) return inside[0];
    return cands.length === 1 ? cands[0] : undefined;
  }

  private get sourceName(): string | undefined {
    return this.source.kind === 'resource' ? this.source.name : undefined;
  }

  private get inTree(): boolean {
    return this.source.kind === 'resource' && !outsideTree(this.source.file);
  }

  /** The transformers that ran over the object, read from its transformations annotation. */
  private layers(): Layer[] {
    if (this.layersCache) return this.layersCache;
    const out: Layer[] = [];
    let prev = '';
    for (const t of this.transformations) {
      const id = `${t.configuredIn}\u0000${t.kind}`;
      if (id === prev) continue;
      prev = id;
      const k = this.files.kustomization(t.configuredIn);
      if (!k || t.apiVersion !== 'builtin') {
        out.push({ kind: 'opaque', name: t.kind });
        continue;
      }
      const patches = (field: PatchEntry['field']): void => {
        for (const e of k.patches.filter((p) => p.field === field)) {
          const p = this.files.patch(k, e);
          if (p) out.push({ kind: 'patch', patch: p });
        }
      };
      switch (t.kind) {
        case 'PatchTransformer':
          patches('patches');
          break;
        case 'PatchStrategicMergeTransformer':
          patches('patchesStrategicMerge');
          break;
        case 'PatchJson6902Transformer':
          patches('patchesJson6902');
          break;
        case 'ImageTagTransformer':
          for (const entry of k.images) out.push({ kind: 'images', k, entry });
          break;
        case 'ReplicaCountTransformer':
          for (const entry of k.replicas) out.push({ kind: 'replicas', k, entry });
          break;
        case 'NamespaceTransformer':
          out.push({ kind: 'namespace', k });
          break;
        case 'PrefixTransformer':
          out.push({ kind: 'namePrefix', k });
          break;
        case 'SuffixTransformer':
          out.push({ kind: 'nameSuffix', k });
          break;
        case 'PrefixSuffixTransformer':
          out.push({ kind: 'namePrefix', k }, { kind: 'nameSuffix', k });
          break;
        case 'LabelTransformer':
          out.push({ kind: 'labels', k });
          break;
        case 'AnnotationsTransformer':
          out.push({ kind: 'annotations', k });
          break;
        default:
          out.push({ kind: 'opaque', name: t.kind });
      }
    }
    this.layersCache = out;
    return out;
  }

  /** The documents of a patch that apply to this object. */
  private applicable(p: LoadedPatch): YamlPlace[] {
    const t = p.entry.target;
    if (t) {
      const [group, version] = this.apiVersion.includes('/')
        ? this.apiVersion.split('/')
        : ['', this.apiVersion];
      if (t.kind !== undefined && t.kind !== this.kind) return [];
      if (t.group !== undefined && t.group !== group) return [];
      if (t.version !== undefined && t.version !== version) return [];
      if (t.name !== undefined && !anchored(t.name, this.name) && !anchored(t.name, this.sourceName))
        return [];
      if (t.namespace !== undefined && !anchored(t.namespace, this.namespace ?? 'default')) return [];
      const labels = pairIn(pairIn(this.built?.contents, 'metadata')?.value, 'labels')?.value;
      if (!labelsMatch(t.labelSelector, labels)) return [];
      return p.places;
    }
    if (p.style === 'json6902') return [];
    return p.places.filter((pl) => {
      const c = pl.doc.contents;
      if (scalarString(pairIn(c, 'kind')?.value) !== this.kind) return false;
      const n = scalarString(pairIn(pairIn(c, 'metadata')?.value, 'name')?.value);
      return n === this.name || (n !== undefined && n === this.sourceName);
    });
  }

  explainSafe(path: readonly PathElem[], options: LocateOptions = {}): Explanation {
    try {
      return this.explain(path, options);
    } catch {
      return this.fallback();
    }
  }

  locate(path: readonly PathElem[], options: LocateOptions = {}): Origin {
    const found = this.explainSafe(path, options);
    const ex = outsideTree(explainedFile(found)) ? this.rootFallback() : found;
    const renderedPath = pathString(path);
    switch (ex.kind) {
      case 'resource':
        return { file: ex.place.file, ...ex.span, via: 'resource', renderedPath };
      case 'patch': {
        const o: Origin = { file: ex.place.file, ...ex.span, via: 'patch', renderedPath };
        const ref = ex.patch?.entry.path;
        if (ref && ex.patch)
          o.pulledInAt = { file: ex.patch.kustomization.file, start: ref.start, end: ref.end };
        return o;
      }
      case 'transformer':
        return { file: ex.kustomization.file, ...ex.span, via: 'transformer', renderedPath };
      case 'generator':
      case 'fallback':
        return { file: ex.file, ...ex.span, via: ex.kind, renderedPath };
    }
  }

  private resourcePlace(): YamlPlace | undefined {
    if (this.source.kind !== 'resource' || !this.sourceDoc || !this.inTree) return undefined;
    const text = this.files.text(this.source.file);
    return text === undefined ? undefined : { file: this.source.file, text, doc: this.sourceDoc };
  }

  explain(path: readonly PathElem[], options: LocateOptions = {}): Explanation {
    const steps = walk(this.built?.contents, path);
    if (steps.length === 0) return this.fallback();
    if (steps.length === path.length && !options.missing) return this.existing(path, steps);
    return this.missing(path, steps);
  }

  /** Who wrote the value at a path that exists in the built object: the last layer that set it, else the resource. */
  private existing(path: readonly PathElem[], steps: readonly Step[]): Explanation {
    const node = steps[steps.length - 1]?.node;
    const layers = this.layers();
    let partial: Explanation | undefined;
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i] as Layer;
      if (layer.kind === 'patch') {
        const hit = this.inPatch(layer.patch, path, steps, node);
        if (hit?.kind === 'patch' && hit.exact) return hit;
        partial ??= hit;
      } else if (isScalar(node)) {
        const hit = this.byTransformer(layer, path, node);
        if (hit) return hit;
      }
    }
    const place = this.resourcePlace();
    if (place) {
      const f = follow(place.doc.contents, path, steps);
      if (f.depth === path.length) return this.at('resource', place, f, [], sameValue(f.node, node));
    }
    return partial ?? this.madeByTransformer(layers, path, node) ?? this.fallback();
  }

  /**
   * A map no resource or patch writes, made by a transformer (`commonLabels` creating a pod template's
   * `labels:`): the kustomization entry that wrote one of its keys, the last layer first.
   */
  private madeByTransformer(
    layers: readonly Layer[],
    path: readonly PathElem[],
    node: unknown,
  ): Explanation | undefined {
    if (!isMap(node)) return undefined;
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i] as Layer;
      if (layer.kind === 'patch') continue;
      for (const p of node.items) {
        if (!isScalar(p.key) || !isScalar(p.value)) continue;
        const hit = this.byTransformer(layer, [...path, String(p.key.value)], p.value);
        if (hit) return hit;
      }
    }
    return undefined;
  }

  writers(path: readonly PathElem[]): Explanation[] {
    const steps = walk(this.built?.contents, path);
    if (steps.length !== path.length || path.length === 0) return [];
    const node = steps[steps.length - 1]?.node;
    const out: Explanation[] = [];
    const layers = this.layers();
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i] as Layer;
      if (layer.kind === 'opaque') out.push(this.fallback());
      else if (layer.kind === 'patch') {
        const hit = this.inPatch(layer.patch, path, steps, node);
        if (hit) out.push(hit);
      } else if (isScalar(node)) {
        const hit = this.byTransformer(layer, path, node);
        if (hit) out.push(hit);
      }
    }
    const place = this.resourcePlace();
    if (place) {
      const f = follow(place.doc.contents, path, steps);
      if (f.depth === path.length) out.push(this.at('resource', place, f, [], sameValue(f.node, node)));
    } else out.push(this.fallback());
    return out;
  }

  /** Where a missing field would be written: the nearest existing key in the resource, or in a patch that writes the parent. */
  private missing(path: readonly PathElem[], steps: readonly Step[]): Explanation {
    const q = path.slice(0, steps.length);
    const place = this.resourcePlace();
    const f = place ? follow(place.doc.contents, q, steps) : undefined;
    if (place && f?.depth === q.length) return this.at('resource', place, f, path.slice(q.length), false);
    const layers = this.layers();
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i] as Layer;
      if (layer.kind !== 'patch') continue;
      const hit = this.inPatch(layer.patch, q, steps, steps[steps.length - 1]?.node);
      if (hit?.kind === 'patch')
        return { ...hit, missingPath: path.slice(q.length), exact: false, span: this.keyOnly(hit) };
    }
    if (place && f && f.depth > 0) return this.at('resource', place, f, path.slice(f.depth), false);
    return this.fallback();
  }

  private keyOnly(ex: Extract<Explanation, { kind: 'resource' | 'patch' }>): Span {
    if (ex.pair) return fileSpan(ex.place, keySpan(ex.pair));
    return ex.span;
  }

  /** An explanation at a node found in a resource or a patch document. */
  private at(
    kind: 'resource' | 'patch',
    place: YamlPlace,
    f: Found,
    missingPath: PathElem[],
    exact: boolean,
    extra: { patch?: LoadedPatch; op?: YAMLMap } = {},
  ): Extract<Explanation, { kind: 'resource' | 'patch' }> {
    let span: Span;
    if (f.pair) span = missingPath.length > 0 ? keySpan(f.pair) : pairSpan(f.pair);
    else span = itemSpanOf(f.node) ?? { start: 0, end: 0 };
    return {
      kind,
      place,
      pair: f.pair,
      node: f.node,
      missingPath,
      exact,
      span: fileSpan(place, span),
      ...extra,
    };
  }

  /** The place in a patch that sets `path` (exact when it holds the built value). */
  private inPatch(
    p: LoadedPatch,
    path: readonly PathElem[],
    steps: readonly Step[],
    node: unknown,
  ): Explanation | undefined {
    const places = this.applicable(p);
    let best: Explanation | undefined;
    for (let d = places.length - 1; d >= 0; d--) {
      const place = places[d] as YamlPlace;
      if (p.style === 'smp') {
        if (identifies(path)) continue;
        const f = follow(place.doc.contents, path, steps);
        if (f.depth !== path.length) continue;
        const ex = this.at('patch', place, f, [], sameValue(f.node, node), { patch: p });
        if (ex.exact) return ex;
        best ??= ex;
        continue;
      }
      const ops = place.doc.contents;
      if (!isSeq(ops)) continue;
      for (let i = ops.items.length - 1; i >= 0; i--) {
        const op = ops.items[i];
        if (!isMap(op)) continue;
        const kind = scalarString(mapGet(op, 'op')?.value);
        const ptr = scalarString(mapGet(op, 'path')?.value);
        if ((kind !== 'add' && kind !== 'replace') || ptr === undefined) continue;
        const opPath = pointerPath(ptr);
        if (opPath.length > path.length) continue;
        const valuePair = pairIn(op, 'value');
        if (!valuePair) continue;
        let ok = true;
        for (let j = 0; j < opPath.length && ok; j++) {
          const a = opPath[j];
          const b = path[j];
          if (a === '-')
            ok =
              typeof b === 'number' &&
              j === opPath.length - 1 &&
              this.appended(valuePair.value, steps[j]?.node);
          else ok = a === b;
        }
        if (!ok) continue;
        const rest = path.slice(opPath.length);
        const f =
          rest.length === 0
            ? { depth: 0, pair: valuePair, node: valuePair.value }
            : follow(valuePair.value, rest, steps.slice(opPath.length));
        if (f.depth !== rest.length) continue;
        const ex = this.at('patch', place, { ...f, depth: path.length }, [], sameValue(f.node, node), {
          patch: p,
          op,
        });
        if (ex.exact) return ex;
        best ??= ex;
      }
    }
    return best;
  }

  /** An `add …/-` value is this built item (same value, or the same merge key). */
  private appended(value: unknown, item: unknown): boolean {
    if (sameValue(value, item)) return true;
    const n = pairIn(value, 'name')?.value;
    return n !== undefined && sameValue(n, pairIn(item, 'name')?.value);
  }

  /** A kustomization field that sets this scalar to its built value. */
  private byTransformer(layer: Layer, path: readonly PathElem[], node: Scalar): Explanation | undefined {
    const value = scalarString(node);
    const last = path[path.length - 1];
    const parent = path[path.length - 2];
    const isPath = (...p: PathElem[]): boolean =>
      p.length === path.length && p.every((x, i) => x === path[i]);
    const make = (
      transformer: Extract<Explanation, { kind: 'transformer' }>['transformer'],
      k: Kustomization,
      field: Field | undefined,
      image?: ImageEntry,
    ): Explanation | undefined => {
      if (!field) return undefined;
      return {
        kind: 'transformer',
        transformer,
        kustomization: k,
        field,
        span: pairSpan(field.pair),
        ...(image ? { image } : {}),
      };
    };
    switch (layer.kind) {
      case 'images': {
        const list = path[path.length - 3];
        if (
          last !== 'image' ||
          typeof parent !== 'number' ||
          typeof list !== 'string' ||
          !WORKLOAD_IMAGE_LISTS.has(list)
        )
          return undefined;
        if (value === undefined) return undefined;
        const e = layer.entry;
        const img = imageParts(value);
        const newName = scalarString(e.newName?.value);
        const newTag = scalarString(e.newTag?.value);
        const digest = scalarString(e.digest?.value);
        if (img.name !== (newName ?? e.name.value)) return undefined;
        if (newTag !== undefined && img.tag !== newTag && digest === undefined) return undefined;
        if (digest !== undefined && img.digest !== digest) return undefined;
        const field = digest !== undefined ? e.digest : newTag !== undefined ? e.newTag : e.newName;
        return make('images', layer.k, field, e);
      }
      case 'replicas': {
        if (!isPath('spec', 'replicas')) return undefined;
        const e = layer.entry;
        if (e.name.value !== this.name && e.name.value !== this.sourceName) return undefined;
        if (!e.count || !sameValue(e.count.value, node)) return undefined;
        return make('replicas', layer.k, e.count);
      }
      case 'namespace': {
        if (last !== 'namespace' || (!isPath('metadata', 'namespace') && path[0] !== 'subjects'))
          return undefined;
        const f = layer.k.namespace;
        return f && sameValue(f.value, node) ? make('namespace', layer.k, f) : undefined;
      }
      case 'namePrefix':
      case 'nameSuffix': {
        if (!isPath('metadata', 'name') || value === undefined || value === this.sourceName) return undefined;
        const f = layer.k[layer.kind];
        const s = scalarString(f?.value);
        if (!s) return undefined;
        const ok = layer.kind === 'namePrefix' ? value.startsWith(s) : value.endsWith(s);
        return ok ? make(layer.kind, layer.k, f) : undefined;
      }
      case 'labels': {
        if (typeof last !== 'string') return undefined;
        const where = this.labelPlace(path);
        if (!where) return undefined;
        const common = mapGet(layer.k.commonLabels?.value, last);
        if (common && sameValue(common.value, node)) return make('labels', layer.k, common);
        for (let i = layer.k.labels.length - 1; i >= 0; i--) {
          const e = layer.k.labels[i];
          if (!e) continue;
          if (where === 'selector' && !e.includeSelectors) continue;
          if (where === 'template' && !e.includeTemplates) continue;
          const f = mapGet(e.pairs, last);
          if (f && sameValue(f.value, node)) return make('labels', layer.k, f);
        }
        return undefined;
      }
      case 'annotations': {
        if (typeof last !== 'string' || parent !== 'annotations') return undefined;
        const f = mapGet(layer.k.commonAnnotations?.value, last);
        return f && sameValue(f.value, node) ? make('annotations', layer.k, f) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** Which kind of label field a path is: the object's own labels, a selector, or a pod template's labels. */
  private labelPlace(path: readonly PathElem[]): 'metadata' | 'selector' | 'template' | undefined {
    const parent = path[path.length - 2];
    if (path.length === 3 && path[0] === 'metadata' && parent === 'labels') return 'metadata';
    if (parent === 'matchLabels' || (parent === 'selector' && this.kind === 'Service')) return 'selector';
    if (parent === 'labels' && path.includes('template')) return 'template';
    return undefined;
  }

  /** The object's `kind:` line in its resource file; else the place its root or generator is written. */
  private fallback(): Explanation {
    const place = this.resourcePlace();
    const kindPair = place ? pairIn(place.doc.contents, 'kind') : undefined;
    if (place && kindPair) return { kind: 'fallback', file: place.file, span: pairSpan(kindPair) };
    if (this.source.kind === 'generated') {
      const k = this.files.kustomization(this.source.configuredIn);
      const g = k?.generators.find((x) => x.name !== undefined && this.name.includes(x.name.value));
      if (k && g?.name)
        return { kind: 'generator', file: k.file, span: { start: g.name.start, end: g.name.end } };
    }
    return this.rootFallback();
  }

  /** The root's kustomization: the `resources:` entry leading to the object's file, else its first line. */
  private rootFallback(): Explanation {
    const name = KUSTOMIZATION_FILES.map((n) => (this.root === '.' ? n : `${this.root}/${n}`)).find(
      (f) => this.files.text(f) !== undefined,
    );
    const k = name ? this.files.kustomization(name) : undefined;
    if (!k) return { kind: 'fallback', file: name ?? this.root, span: { start: 0, end: 0 } };
    const file = this.source.kind === 'resource' ? this.source.file : undefined;
    const dir = dirname(treeAbsolute(this.files.tree, k.file));
    const all = [...k.resources, ...k.bases, ...k.components];
    const ref =
      all.find((r) => file !== undefined && treeRelative(this.files.tree, resolve(dir, r.value)) === file) ??
      all.find(
        (r) => file?.startsWith(`${treeRelative(this.files.tree, resolve(dir, r.value))}/`) ?? false,
      ) ??
      all[0];
    if (ref) return { kind: 'fallback', file: k.file, span: { start: ref.start, end: ref.end } };
    const first = k.root?.items[0];
    return { kind: 'fallback', file: k.file, span: isPair(first) ? keySpan(first) : { start: 0, end: 0 } };
  }

  pathAt(offset: number): PathElem[] {
    const out: PathElem[] = [];
    let node: unknown = this.built?.contents;
    for (let depth = 0; depth < 200; depth++) {
      if (isMap(node)) {
        let next: Pair | undefined;
        for (const it of node.items) {
          if (!isPair(it)) continue;
          const ks = (it.key as Scalar | null)?.range?.[0];
          const ve =
            (it.value as { range?: number[] } | null)?.range?.[2] ?? (it.key as Scalar | null)?.range?.[1];
          if (ks !== undefined && ve !== undefined && ks <= offset && offset < Math.max(ve, ks + 1))
            next = it;
        }
        if (!next) break;
        out.push(keyString(next.key) ?? '');
        const kr = (next.key as Scalar).range;
        if (kr && offset < kr[1]) break;
        node = next.value;
      } else if (isSeq(node)) {
        const i = node.items.findIndex((it) => {
          const r = (it as { range?: number[] } | null)?.range;
          return (
            r?.[0] !== undefined && r[2] !== undefined && r[0] <= offset && offset < Math.max(r[2], r[0] + 1)
          );
        });
        if (i < 0) break;
        out.push(i);
        node = node.items[i];
      } else break;
    }
    return out;
  }
}

/** One root that deploys an object of the tree. */
export interface Deployment {
  root: string;
  doc: MappedDoc;
}

/** The key of an object written in a resource file (`file#index`), for {@link deployments}. */
export function objectKey(source: ObjectSource): string | undefined {
  if (source.kind !== 'resource' || source.index === undefined) return undefined;
  return `${source.file}#${source.index}`;
}

/**
 * For each object written in a resource file, the roots whose builds deploy it (a base's Deployment
 * → `overlays/prod`, `overlays/staging`), so a caller can say where a finding on the base applies, and
 * leave out a base finding every root that deploys it has fixed.
 */
export function deployments(maps: readonly KustomizeMap[]): Map<string, Deployment[]> {
  const out = new Map<string, Deployment[]>();
  for (const m of maps) {
    for (const doc of m.docs) {
      const key = objectKey(doc.source);
      if (!key) continue;
      const list = out.get(key) ?? [];
      list.push({ root: m.root, doc });
      out.set(key, list);
    }
  }
  return out;
}
