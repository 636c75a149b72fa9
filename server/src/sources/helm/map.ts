import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Pair,
  type Scalar,
} from 'yaml';
import { readBlockYaml } from '../../engine/fast-yaml';
import { readChartYaml, type ChartFiles, type ChartMeta } from './chart';
import { parseTemplate, type Expr, type Span, type Template } from './go-template';
import { lineStarts } from './instrument';
import {
  buildSkeleton,
  entryAt,
  kindEntry,
  type OutputNode,
  type SkelEntry,
  type Skeleton,
  type SkeletonLine,
} from './skeleton';
import { pairDocuments, projectTrace, segmentAt, splitHelmOutput, type TraceSegment } from './trace';
import {
  Evaluator,
  ValuesStack,
  editableThrough,
  type DefineRef,
  type Env,
  type PathElem,
  type Resolved,
  type ValuesFile,
  type ValuesHit,
  type ValuesSource,
  parseValues,
} from './values';

/** A place in a file of the chart (or in a configured values file / `--set` setting). */
export interface FileSpan {
  /** Chart-relative for the chart's files; as given in the values list for values files and `--set`s. */
  file: string;
  start: number;
  end: number;
}

/** Which iteration of the enclosing `range` blocks produced a rendered value. */
export interface Iteration {
  /** Template that holds the ranges. */
  file: string;
  /** 0-based template lines of the enclosing `range` actions, outermost first. */
  rangeLines: number[];
  /** The index or key of each, as helm printed it (`0`, `1`, or a map key). */
  keys: string[];
}

/** Where a finding on a rendered document is fixed by a person. */
export interface Origin extends FileSpan {
  /**
   * `template`: written in the template (a literal, or computed there); `values`: set by a values file;
   * `set`: set by a `--set` entry; `fallback`: nothing better is known (the template's `kind:` line).
   */
  via: 'template' | 'values' | 'set' | 'fallback';
  /** For values-fed origins: the template line that pulls the value in (for related information). */
  pulledInAt?: FileSpan;
  /** The object path this origin is for, e.g. `spec.template.spec.containers[0].image`. */
  renderedPath: string;
  iteration?: Iteration;
}

/** How to read a finding's path. */
export interface LocateOptions {
  /** The finding is about a field that is absent: report on the nearest place where it would be written. */
  missing?: boolean;
}

/** What is known about the origin of one rendered path, for locating and for carrying fixes over. */
export type Explanation =
  | {
      kind: 'template';
      /** Written literally in the template (its text can be edited there). */
      literal: boolean;
      file: string;
      /** `key: value` on the template line, or the key alone for a block. */
      span: Span;
      keySpan?: Span;
      valueSpan?: Span;
      entry?: SkelEntry;
      /** How many iterations of the enclosing ranges rendered this same template text in this document. */
      sharedBy: number;
      exact: boolean;
      /** For a missing field: the part of the path below `entry` that is not written anywhere. */
      missingPath?: PathElem[];
      /** For a missing field: `entry` is rendered in this document (not in a branch that was skipped). */
      rendered?: boolean;
    }
  | {
      kind: 'values';
      hit: ValuesHit;
      /** Path in the values of the template's chart (below any subchart prefix). */
      valuesPath: PathElem[];
      /** The rendered value reads back as the values entry (only reformatting functions on the way). */
      editable: boolean;
      transforms: string[];
      pulledInAt: FileSpan | undefined;
      /** The rendered node corresponds to the values node at `valuesPath` (not a computed mix). */
      exact: boolean;
      /** The value is a default of a packaged subchart; `hit` is the nearest key an override goes under. */
      override?: Override;
    }
  | {
      kind: 'fallback';
      file: string;
      span: Span;
      /** The value is a default of a packaged subchart: an override written in `file` at `path` changes it. */
      override?: Override;
    };

/** Where an override of a packaged subchart's default goes: a values file and the path from its root. */
export interface Override {
  source: ValuesFile;
  path: PathElem[];
  transforms: string[];
}

/** One clean rendered document, its template, and the way back to what a person edits. */
export interface MappedDoc {
  /** The `# Source:` path helm printed. */
  source: string;
  /** Chart-relative path of the template (`templates/x.yaml`, `charts/db/templates/y.yaml`). */
  template: string;
  /** The document as helm rendered it (what the engine checks). */
  text: string;
  /** Offset of `text` in helm's output. */
  offset: number;
  /** How well the trace covers this document: all of it, part of it (the twin differed), or not at all. */
  trace: 'exact' | 'partial' | 'none';
  /** Where a finding at `path` (keys and indices) is fixed. Never throws; never outside the chart's files. */
  locate(path: string | readonly PathElem[], options?: LocateOptions): Origin;
  /** The same, with what fix translation needs to know. */
  explain(path: readonly PathElem[], options?: LocateOptions): Explanation;
}

/** What mapping reads: the chart's texts, the user's values in order, and helm's output. */
export interface HelmMapInput {
  chart: ChartFiles;
  /**
   * User values in precedence order, lowest first (`-f` files, then `--set` entries). The chart's own
   * `values.yaml` (from `chart.files`) always comes first and need not be listed.
   */
  values?: readonly ValuesSource[];
  /** `helm template` standard output. */
  stdout: string;
  /** The twins' marker nonce; without it documents are mapped statically (no trace). */
  nonce?: string;
  /** The map of the previous render of the same chart: parses of unchanged files are reused. */
  previous?: HelmMap;
}

/** The clean documents of one render, each with its way back to the chart. */
export interface HelmMap {
  docs: MappedDoc[];
  /** The model shared by the documents (values, skeletons), for fix translation. */
  model: ChartModel;
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

/** A key identifying the place an origin points at, to group findings of several iterations. */
export function originKey(o: FileSpan): string {
  return `${o.file}\u0000${o.start}\u0000${o.end}`;
}

/** Findings that land on one place, with the iterations (containers, list items) they came from. */
export interface OriginGroup<T> {
  origin: Origin;
  items: T[];
  /** The iterations of the items that have one, in the items' order. */
  iterations: Iteration[];
}

/**
 * Groups items (findings) by the place their origin points at, in first-seen order: one diagnostic
 * for a template line that three range iterations rendered, naming the three iterations.
 */
export function groupByOrigin<T>(items: readonly T[], originOf: (item: T) => Origin): OriginGroup<T>[] {
  const groups = new Map<string, OriginGroup<T>>();
  for (const item of items) {
    const origin = originOf(item);
    const key = `${originKey(origin)}\u0000${origin.via}`;
    let g = groups.get(key);
    if (!g) {
      g = { origin, items: [], iterations: [] };
      groups.set(key, g);
    }
    g.items.push(item);
    if (origin.iteration) g.iterations.push(origin.iteration);
  }
  return [...groups.values()];
}

/** Template, skeleton and values parses by text; a new render reuses the previous render's. */
export class ParseCache {
  private readonly templates = new Map<string, Template>();
  private readonly skeletons = new Map<string, Skeleton>();
  private readonly yaml = new Map<string, Document.Parsed>();

  /** Takes over `previous`'s parses of texts in `keep` (skeletons of define bodies are kept too). */
  constructor(previous?: ParseCache, keep?: ReadonlySet<string>) {
    if (!previous) return;
    for (const [t, v] of previous.templates) if (keep?.has(t)) this.templates.set(t, v);
    for (const [t, v] of previous.yaml) if (keep?.has(t)) this.yaml.set(t, v);
    for (const [t, v] of previous.skeletons)
      if (keep?.has(t) || previous.derived.has(t)) this.skeletons.set(t, v);
    for (const t of previous.derived) this.derived.add(t);
  }

  /** Texts made here (masked define bodies), kept as long as the model lives. */
  private readonly derived = new Set<string>();

  template(text: string): Template {
    let t = this.templates.get(text);
    if (!t) {
      t = parseTemplate(text);
      this.templates.set(text, t);
    }
    return t;
  }

  skeleton(text: string, derived = false): Skeleton {
    let s = this.skeletons.get(text);
    if (!s) {
      s = buildSkeleton(text, this.template(text));
      this.skeletons.set(text, s);
      if (derived) this.derived.add(text);
    }
    return s;
  }

  values(text: string): Document.Parsed {
    let d = this.yaml.get(text);
    if (!d) {
      d = parseValues(text);
      this.yaml.set(text, d);
    }
    return d;
  }
}

const DEFINES = /\{\{-?\s*(?:define|block)\s/;

interface Scope {
  /** Chart-relative folder of the chart (`` for the root, `charts/db/` for a subchart). */
  dir: string;
  /** Keys of this chart in its parents' values (`['db']`). */
  keys: string[];
  meta: ChartMeta | undefined;
  stack: ValuesStack;
  globals: ValuesStack;
  evaluator: Evaluator;
}

/** What mapping knows about a chart: its scopes, skeletons, defines and values. */
export class ChartModel {
  private readonly skeletons = new Map<string, Skeleton>();
  private readonly scopes = new Map<string, Scope>();
  private readonly valuesFiles = new Map<string, ValuesSource>();
  readonly defines = new Map<string, DefineRef>();
  private readonly rootMeta: ChartMeta | undefined;
  /** Parses by text, carried over from the model of the previous render for texts that did not change. */
  readonly cache: ParseCache;

  constructor(
    readonly chart: ChartFiles,
    readonly userValues: readonly ValuesSource[],
    previous?: ChartModel,
  ) {
    const texts = new Set<string>(chart.files.values());
    for (const v of userValues) if (v.kind === 'file') texts.add(v.text);
    this.cache = new ParseCache(previous?.cache, texts);
    this.rootMeta = readChartYaml(chart.files.get('Chart.yaml') ?? '');
    for (const [file, text] of chart.files) {
      if (!/(^|\/)templates\//.test(file) || !DEFINES.test(text)) continue;
      const template = this.cache.template(text);
      for (const [name, node] of template.defines) {
        if (!this.defines.has(name)) this.defines.set(name, { node, file, template });
      }
    }
  }

  /** The skeleton of a template (parsed once). */
  skeleton(file: string): Skeleton | undefined {
    let sk = this.skeletons.get(file);
    if (!sk) {
      const text = this.chart.files.get(file);
      if (text === undefined) return undefined;
      sk = this.cache.skeleton(text);
      this.skeletons.set(file, sk);
    }
    return sk;
  }

  /** The template file and chart scope of a `# Source:` path; undefined when the file is not known. */
  templateFor(source: string): { file: string; scope: Scope } | undefined {
    const parts = source.split('/');
    if (parts.length < 2) return undefined;
    let dir = '';
    let meta = this.rootMeta;
    const keys: string[] = [];
    let i = 1;
    while (parts[i] === 'charts' && i + 2 < parts.length) {
      const key = parts[i + 1] ?? '';
      const dep =
        meta?.dependencies.find((d) => d.alias === key) ?? meta?.dependencies.find((d) => d.name === key);
      const wanted = dep?.name ?? key;
      const sub = this.subchartDir(dir, wanted) ?? this.subchartDir(dir, key);
      if (sub === undefined) return undefined;
      dir = sub;
      meta = readChartYaml(this.chart.files.get(`${dir}Chart.yaml`) ?? '');
      keys.push(key);
      i += 2;
    }
    const file = dir + parts.slice(i).join('/');
    if (!this.chart.files.has(file)) return undefined;
    return { file, scope: this.scope(dir, keys, meta) };
  }

  private subchartDir(parentDir: string, chartName: string): string | undefined {
    const prefix = `${parentDir}charts/`;
    let byDir: string | undefined;
    for (const f of this.chart.files.keys()) {
      if (!f.startsWith(prefix) || !f.endsWith('/Chart.yaml')) continue;
      const rest = f.slice(prefix.length, -'/Chart.yaml'.length);
      if (rest.includes('/')) continue;
      const dir = `${prefix}${rest}/`;
      if (readChartYaml(this.chart.files.get(f) ?? '')?.name === chartName) return dir;
      if (rest === chartName) byDir = dir;
    }
    return byDir;
  }

  private scope(dir: string, keys: string[], meta: ChartMeta | undefined): Scope {
    const id = `${dir}\u0000${keys.join('\u0000')}`;
    const have = this.scopes.get(id);
    if (have) return have;
    const own: { source: ValuesSource; prefix: PathElem[] }[] = [];
    const global: { source: ValuesSource; prefix: PathElem[] }[] = [];
    // Defaults of the innermost chart first, then each parent's values.yaml, then the user's values.
    const chain: { dir: string; keys: string[] }[] = [];
    let d = dir;
    for (let n = keys.length; n >= 0; n--) {
      chain.push({ dir: d, keys: keys.slice(n) });
      d = d.replace(/charts\/[^/]+\/$/, '');
    }
    for (const c of chain) {
      const source = this.chartValues(`${c.dir}values.yaml`);
      if (!source) continue;
      own.push({ source, prefix: c.keys });
      global.push({ source, prefix: [] });
    }
    for (const source of this.userValues) {
      own.push({ source, prefix: keys });
      global.push({ source, prefix: [] });
    }
    const parse = (text: string): Document.Parsed => this.cache.values(text);
    const stack = new ValuesStack(own, parse);
    const globals = new ValuesStack(global, parse);
    const evaluator = new Evaluator({
      defines: this.defines,
      valueAt: (p) => (p[0] === 'global' ? globals.valueAt(p) : stack.valueAt(p)),
    });
    const scope: Scope = { dir, keys, meta, stack, globals, evaluator };
    this.scopes.set(id, scope);
    return scope;
  }

  private chartValues(file: string): ValuesSource | undefined {
    let v = this.valuesFiles.get(file);
    if (!v) {
      const text = this.chart.files.get(file);
      if (text === undefined) return undefined;
      v = { kind: 'file', file, text };
      this.valuesFiles.set(file, v);
    }
    return v;
  }

  /** Who sets a values path of a scope last (globals from every level). */
  lookup(scope: Scope, path: readonly PathElem[], editableOnly = false): ValuesHit | undefined {
    const accept = editableOnly
      ? (v: ValuesSource): boolean => v.kind === 'set' || this.editable(v.file)
      : undefined;
    return path[0] === 'global' ? scope.globals.lookup(path, accept) : scope.stack.lookup(path, accept);
  }

  /** A person can edit the file (it is not inside a packaged subchart). */
  editable(file: string): boolean {
    for (const prefix of this.chart.packaged?.keys() ?? []) if (file.startsWith(prefix)) return false;
    return true;
  }

  /** The chart's own values.yaml, where overrides of packaged subcharts go when no other file sets them. */
  rootValues(): ValuesFile | undefined {
    const v = this.chartValues('values.yaml');
    return v?.kind === 'file' ? v : undefined;
  }

  /** The `dependencies:` entry of the top-level subchart a `# Source:` path is in, in Chart.yaml. */
  dependencyEntry(source: string): Span | undefined {
    const key = /^[^/]+\/charts\/([^/]+)\//.exec(source)?.[1];
    if (!key) return undefined;
    const dep =
      this.rootMeta?.dependencies.find((d) => d.alias === key) ??
      this.rootMeta?.dependencies.find((d) => d.name === key);
    return dep ? { start: dep.start, end: dep.end } : undefined;
  }

  private readonly defineSkeletons = new Map<string, Skeleton | undefined>();
  private callCounts: Map<string, number> | undefined;

  /** The structure of a define's body alone (same offsets as its file), as if it were a template. */
  defineSkeleton(name: string): Skeleton | undefined {
    if (this.defineSkeletons.has(name)) return this.defineSkeletons.get(name);
    const def = this.defines.get(name);
    let sk: Skeleton | undefined;
    const end = def?.node.endTag?.start;
    if (def && end !== undefined) {
      const src = def.template.source;
      const from = def.node.open.end;
      const blank = (t: string): string => t.replace(/[^\r\n]/g, ' ');
      const masked = blank(src.slice(0, from)) + src.slice(from, end) + blank(src.slice(end));
      sk = this.cache.skeleton(masked, true);
      if (sk.template.error) sk = undefined;
    }
    this.defineSkeletons.set(name, sk);
    return sk;
  }

  /** How many `include`/`template` calls of a define the chart's templates hold. */
  callSites(name: string): number {
    if (!this.callCounts) {
      this.callCounts = new Map();
      const re = /\b(?:include|template)\s+"((?:[^"\\]|\\.)*)"/g;
      for (const [file, text] of this.chart.files) {
        if (!/(^|\/)templates\//.test(file)) continue;
        for (const m of text.matchAll(re)) {
          const n = m[1] ?? '';
          this.callCounts.set(n, (this.callCounts.get(n) ?? 0) + 1);
        }
      }
    }
    return this.callCounts.get(name) ?? 0;
  }

  /** The chart's root scope. */
  rootScope(): Scope {
    return this.scope('', [], this.rootMeta);
  }
}

/**
 * Maps `helm template` output back to the chart: for each clean document (twins left out), its
 * template and a `locate` from object paths to the template line or values key a person edits.
 */
export function mapRender(input: HelmMapInput): HelmMap {
  const values = (input.values ?? []).filter((v) => !(v.kind === 'file' && v.file === 'values.yaml'));
  const model = new ChartModel(input.chart, values, input.previous?.model);
  const docs = splitHelmOutput(input.stdout);
  const paired = pairDocuments(docs, input.nonce);
  const out: MappedDoc[] = [];
  for (const p of paired) {
    const t = model.templateFor(p.doc.source);
    const fallbackFile = t?.file ?? 'Chart.yaml';
    const projection = p.trace ? projectTrace(p.trace, p.doc.text) : undefined;
    const trace = !projection ? 'none' : projection.exact ? 'exact' : 'partial';
    const mapper = new DocMapper(
      model,
      p.doc.text,
      t,
      projection?.segments ?? [],
      fallbackFile,
      p.doc.source,
    );
    out.push({
      source: p.doc.source,
      template: t?.file ?? p.doc.source.split('/').slice(1).join('/'),
      text: p.doc.text,
      offset: p.doc.offset,
      trace,
      locate: (path, options) => mapper.locate(typeof path === 'string' ? parsePath(path) : path, options),
      explain: (path, options) => {
        try {
          return mapper.explain(path, options);
        } catch {
          return mapper.fallbackExplanation();
        }
      },
    });
  }
  return { docs: out, model };
}

/** A node along an object path in the rendered document. */
interface Step {
  elem: PathElem;
  /** The pair for a key; undefined for a sequence item. */
  pair: Pair | undefined;
  node: unknown;
  /** Offset of the key, or of the item's start. */
  at: number;
}

/** Where a rendered offset came from: literal template text, an action's output, or unknown. */
type PieceOrigin =
  | { kind: 'text'; templateOffset: number; segment: TraceSegment; line: SkeletonLine }
  | {
      kind: 'output';
      node: OutputNode;
      outStart: number;
      outEnd: number;
      segment: TraceSegment;
      line: SkeletonLine;
    }
  | { kind: 'line'; segment: TraceSegment; line: SkeletonLine };

type Aligned = { start: number; end: number; piece: PieceOrigin }[];

class DocMapper {
  private doc: Document.Parsed | undefined | null = null;
  private readonly aligned = new Map<TraceSegment, Aligned | undefined>();
  private readonly resolved = new Map<string, Resolved>();
  private readonly sk: Skeleton | undefined;

  constructor(
    private readonly model: ChartModel,
    private readonly text: string,
    private readonly tpl: { file: string; scope: Scope } | undefined,
    private readonly segments: readonly TraceSegment[],
    private readonly fallbackFile: string,
    private readonly source: string,
  ) {
    this.sk = tpl ? model.skeleton(tpl.file) : undefined;
  }

  private parsed(): Document.Parsed | undefined {
    if (this.doc === null) {
      // Most rendered documents are plain block YAML, which the engine's fast reader takes.
      const fast = readBlockYaml(this.text);
      if (fast) this.doc = fast;
      else {
        try {
          const docs = parseAllDocuments(this.text, { prettyErrors: false, uniqueKeys: false });
          const list = Array.isArray(docs) ? docs : [];
          this.doc = list.find((d) => d.contents !== null) ?? list[0];
        } catch {
          this.doc = undefined;
        }
      }
    }
    return this.doc ?? undefined;
  }

  locate(path: readonly PathElem[], options: LocateOptions = {}): Origin {
    let ex: Explanation;
    try {
      ex = this.explain(path, options);
    } catch {
      ex = this.fallback();
    }
    const renderedPath = pathString(path);
    const iteration = this.iterationOf(path);
    const base = (o: Omit<Origin, 'renderedPath'>): Origin => {
      const r: Origin = { ...o, renderedPath };
      if (iteration) r.iteration = iteration;
      return r;
    };
    switch (ex.kind) {
      case 'template':
        return base({ file: ex.file, start: ex.span.start, end: ex.span.end, via: 'template' });
      case 'values': {
        const o: Omit<Origin, 'renderedPath'> = {
          file: ex.hit.file,
          start: ex.hit.start,
          end: this.valuesEnd(ex.hit),
          via: ex.hit.via,
        };
        if (ex.pulledInAt && this.model.editable(ex.pulledInAt.file)) o.pulledInAt = ex.pulledInAt;
        return base(o);
      }
      case 'fallback':
        return base({ file: ex.file, start: ex.span.start, end: ex.span.end, via: 'fallback' });
    }
  }

  /** A values key alone for a collection or an ancestor hit; `key: value` for a scalar that is set exactly. */
  private valuesEnd(hit: ValuesHit): number {
    if (hit.via === 'set' || !hit.exact) return hit.end;
    const v = hit.pair?.value;
    if (isScalar(v) && v.range) return Math.max(hit.end, v.range[1]);
    if ((isMap(v) || isSeq(v)) && v.flow && v.range) return Math.max(hit.end, v.range[1]);
    return hit.end;
  }

  private iterationOf(path: readonly PathElem[]): Iteration | undefined {
    const steps = this.walk(path);
    const last = steps[steps.length - 1];
    if (!last || !this.tpl) return undefined;
    const seg = segmentAt(this.segments, last.at);
    if (!seg?.iteration || !this.sk) return undefined;
    const line = this.sk.lines[seg.line];
    const rangeLines = (line?.blocks ?? [])
      .filter((b) => b.node.type === 'range' && b.branch === 'body')
      .map((b) => this.lineOf(this.sk?.source ?? '', b.node.start));
    return { file: this.tpl.file, rangeLines, keys: [...seg.iteration] };
  }

  private lineOf(text: string, offset: number): number {
    const starts = this.sk ? lineStartsCached(this.sk) : lineStarts(text);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Nodes along `path` that exist in the rendered document. */
  private walk(path: readonly PathElem[]): Step[] {
    const doc = this.parsed();
    const steps: Step[] = [];
    let node: unknown = doc?.contents;
    for (const elem of path) {
      if (isMap(node)) {
        let pair: Pair | undefined;
        for (const it of node.items)
          if (isPair(it) && isScalar(it.key) && String(it.key.value) === String(elem)) pair = it;
        const at = (pair?.key as Scalar | undefined)?.range?.[0];
        if (!pair || at === undefined) break;
        steps.push({ elem, pair, node: pair.value, at });
        node = pair.value;
      } else if (isSeq(node)) {
        const idx = typeof elem === 'number' ? elem : Number(elem);
        const item: unknown = Number.isInteger(idx) ? node.items[idx] : undefined;
        const at = itemStart(item);
        if (item === undefined || at === undefined) break;
        steps.push({ elem, pair: undefined, node: item, at });
        node = item;
      } else break;
    }
    return steps;
  }

  explain(path: readonly PathElem[], options: LocateOptions = {}): Explanation {
    if (!this.tpl || !this.sk) return this.fallback();
    const steps = this.walk(path);
    const full = steps.length === path.length && !options.missing;
    const ex = full && steps.length > 0 ? this.existing(path, steps) : this.missing(path, steps);
    return this.editableOnly(ex);
  }

  /**
   * Keeps origins out of packaged subcharts: a template line there becomes the subchart's dependency
   * entry; a default in its values.yaml becomes the nearest key an override goes under in an
   * editable values file (or the dependency entry), with what an override must write.
   */
  private editableOnly(ex: Explanation): Explanation {
    const m = this.model;
    if (ex.kind === 'template' && !m.editable(ex.file)) return this.fallback(true);
    if (ex.kind === 'values' && ex.hit.via === 'values' && !m.editable(ex.hit.file) && this.tpl) {
      const scope = this.tpl.scope;
      const prefix = ex.valuesPath[0] === 'global' ? [] : scope.keys;
      const editable = m.lookup(scope, ex.valuesPath, true);
      const target = editable?.source.kind === 'file' ? editable.source : m.rootValues();
      const override: Override | undefined = target
        ? { source: target, path: [...prefix, ...ex.valuesPath], transforms: ex.transforms }
        : undefined;
      if (editable) {
        const r: Explanation = { ...ex, hit: editable, exact: false };
        if (override) r.override = override;
        return r;
      }
      const fb = this.fallback(true);
      if (fb.kind === 'fallback' && override) fb.override = override;
      return fb;
    }
    return ex;
  }

  /** The object-level place: the template's `kind:` line (or the dependency entry of a package). */
  fallbackExplanation(): Explanation {
    return this.fallback();
  }

  private fallback(packaged = false): Explanation {
    const inPackage = packaged || !this.sk || (this.tpl !== undefined && !this.model.editable(this.tpl.file));
    const dep = inPackage ? this.model.dependencyEntry(this.source) : undefined;
    if (dep) return { kind: 'fallback', file: 'Chart.yaml', span: dep };
    if (inPackage && this.sk) return { kind: 'fallback', file: 'Chart.yaml', span: this.dependencySpan() };
    const sk = this.sk;
    const k = sk ? kindEntry(sk) : undefined;
    if (sk && k?.keySpan) {
      return { kind: 'fallback', file: this.tpl?.file ?? this.fallbackFile, span: pairSpan(k) };
    }
    if (sk && this.tpl) {
      const first = sk.lines.find((l) => l.entries.length > 0);
      const e = first?.entries[0];
      if (e?.keySpan) return { kind: 'fallback', file: this.tpl.file, span: pairSpan(e) };
      return {
        kind: 'fallback',
        file: this.tpl.file,
        span: { start: first?.start ?? 0, end: first?.end ?? 0 },
      };
    }
    return { kind: 'fallback', file: this.fallbackFile, span: this.dependencySpan() };
  }

  /** For a document of a subchart that mapping cannot read: its entry in the parent's Chart.yaml. */
  private dependencySpan(): Span {
    const text = this.model.chart.files.get('Chart.yaml') ?? '';
    const meta = readChartYaml(text);
    const dep = meta?.dependencies[0];
    if (dep) return { start: dep.start, end: dep.end };
    const nl = text.indexOf('\n');
    return { start: 0, end: nl < 0 ? text.length : nl };
  }

  /** The origin of the rendered character at `offset`. */
  private pieceAt(offset: number): PieceOrigin | undefined {
    const seg = segmentAt(this.segments, offset);
    if (!seg || !this.sk) return undefined;
    const line = this.sk.lines[seg.line];
    if (!line) return undefined;
    const al = this.align(seg, line);
    if (!al) return { kind: 'line', segment: seg, line };
    for (const a of al) if (a.start <= offset && offset < a.end) return a.piece;
    return { kind: 'line', segment: seg, line };
  }

  /**
   * Splits a segment into the literal text and the action outputs of its template line, by matching
   * the line's literal text pieces in order. Undefined when the line cannot be matched exactly.
   */
  private align(seg: TraceSegment, line: SkeletonLine): Aligned | undefined {
    if (this.aligned.has(seg)) return this.aligned.get(seg);
    let result: Aligned | undefined;
    const plan = linePlan(this.sk?.source ?? '', line);
    const segText = this.text.slice(seg.start, seg.end);
    const only = plan.pieces[0];
    if (plan.pieces.length === 1 && only?.kind === 'text') {
      // The common case, a line of literal text: it ends the segment, after white space only.
      const at = segText.length - only.text.length;
      if (at >= 0 && segText.endsWith(only.text) && /^[ \t\r\n]*$/.test(segText.slice(0, at))) {
        result = [
          {
            start: seg.start + at,
            end: seg.end,
            piece: { kind: 'text', templateOffset: only.start, segment: seg, line },
          },
        ];
      }
    } else if (plan.re && segText.length < 200_000) {
      const m = plan.re.exec(segText);
      if (m?.indices) {
        const found: Aligned = [];
        plan.pieces.forEach((p, i) => {
          const ix = m.indices?.[i + 1];
          if (!ix) return;
          const start = seg.start + ix[0];
          const end = seg.start + ix[1];
          if (p.kind === 'text') {
            found.push({ start, end, piece: { kind: 'text', templateOffset: p.start, segment: seg, line } });
          } else {
            found.push({
              start,
              end,
              piece: { kind: 'output', node: p.node, outStart: start, outEnd: end, segment: seg, line },
            });
          }
        });
        result = found;
      }
    }
    this.aligned.set(seg, result);
    return result;
  }

  private templateOffset(
    piece: Extract<PieceOrigin, { kind: 'text' }>,
    offset: number,
    alignedStart: number,
  ): number {
    return piece.templateOffset + (offset - alignedStart);
  }

  /** The aligned stretch holding an offset. */
  private stretchAt(offset: number): { start: number; end: number; piece: PieceOrigin } | undefined {
    const seg = segmentAt(this.segments, offset);
    if (!seg || !this.sk) return undefined;
    const line = this.sk.lines[seg.line];
    if (!line) return undefined;
    const al = this.align(seg, line);
    return al?.find((a) => a.start <= offset && offset < a.end);
  }

  /** Resolves what an output tag prints, in the environment of its place in the template. */
  private resolve(node: OutputNode, seg: TraceSegment | undefined): Resolved {
    if (!this.tpl || !this.sk) return { sym: { kind: 'expr', reason: 'no template' }, transforms: [] };
    const key = `${node.start}\u0000${seg?.iteration?.join('\u0000') ?? ''}`;
    const hit = this.resolved.get(key);
    if (hit) return hit;
    const ev = this.tpl.scope.evaluator;
    const env = ev.envAt(this.sk.template, this.tpl.file, node.start, seg?.iteration);
    const r = ev.output(node, env, this.tpl.file);
    this.resolved.set(key, r);
    return r;
  }

  /** Index of the first step whose key or item lies inside the output span. */
  private mountIndex(steps: readonly Step[], outStart: number, outEnd: number): number | undefined {
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i] as Step;
      if (s.at >= outStart && s.at < outEnd) return i;
    }
    return undefined;
  }

  /** How many items of a sequence before `index` come from the same output stretch (toYaml of a list). */
  private outputIndex(steps: readonly Step[], i: number, outStart: number, outEnd: number): PathElem {
    const s = steps[i] as Step;
    if (typeof s.elem !== 'number') return s.elem;
    const parent = i === 0 ? this.parsed()?.contents : (steps[i - 1] as Step).node;
    if (!isSeq(parent)) return s.elem;
    let n = 0;
    for (let k = 0; k < s.elem; k++) {
      const at = itemStart(parent.items[k]);
      if (at !== undefined && at >= outStart && at < outEnd) n++;
    }
    return n;
  }

  private valuesPathFrom(
    steps: readonly Step[],
    mount: number,
    outStart: number,
    outEnd: number,
  ): PathElem[] {
    const rel: PathElem[] = [];
    for (let i = mount; i < steps.length; i++)
      rel.push(i === mount ? this.outputIndex(steps, i, outStart, outEnd) : (steps[i] as Step).elem);
    return rel;
  }

  /** The template span a line pulls a value in with: its `key: value`, else the output tag. */
  private pulledIn(line: SkeletonLine, node: OutputNode | undefined): FileSpan | undefined {
    if (!this.tpl) return undefined;
    const e =
      line.entries.find((x) => x.kind === 'key' && x.action === node) ??
      line.entries.find((x) => x.kind === 'key');
    if (e?.keySpan) return { file: this.tpl.file, ...pairSpan(e) };
    if (node) return { file: this.tpl.file, start: node.start, end: node.end };
    return { file: this.tpl.file, start: line.start, end: line.end };
  }

  private perLine: Map<number, number> | undefined;

  private sharedBy(seg: TraceSegment): number {
    if (!seg.iteration) return 1;
    if (!this.perLine) {
      this.perLine = new Map();
      for (const s of this.segments) this.perLine.set(s.line, (this.perLine.get(s.line) ?? 0) + 1);
    }
    return Math.max(1, this.perLine.get(seg.line) ?? 1);
  }

  private fromValues(
    resolved: Resolved,
    rel: readonly PathElem[],
    line: SkeletonLine | undefined,
    node: OutputNode | undefined,
    exactNode: boolean,
    pulledInAt?: FileSpan,
  ): Explanation | undefined {
    if (!this.tpl || resolved.sym.kind !== 'values') return undefined;
    const valuesPath = [...resolved.sym.path, ...rel];
    const hit = this.model.lookup(this.tpl.scope, valuesPath);
    if (!hit) return undefined;
    return {
      kind: 'values',
      hit,
      valuesPath,
      editable: editableThrough(resolved.transforms),
      transforms: resolved.transforms,
      pulledInAt: pulledInAt ?? (line ? this.pulledIn(line, node) : undefined),
      exact: exactNode && hit.exact,
    };
  }

  /** Origin of a path that exists in the rendered document. */
  private existing(path: readonly PathElem[], steps: readonly Step[]): Explanation {
    const last = steps[steps.length - 1] as Step;
    const v = last.node;
    const vrange = isScalar(v) ? v.range : undefined;
    const scalar = !!vrange && !(isScalar(v) && v.value === null && vrange[0] === vrange[1]);
    const probe = scalar && vrange ? vrange[0] : last.at;
    const stretch = this.stretchAt(probe);
    const piece = stretch?.piece ?? this.pieceAt(probe);
    if (!piece) return this.staticLiteral(path, steps) ?? this.staticKey(path) ?? this.fallback();
    if (piece.kind === 'output') {
      const resolved = this.resolve(piece.node, piece.segment);
      const mount = this.mountIndex(steps, piece.outStart, piece.outEnd);
      const rel = mount === undefined ? [] : this.valuesPathFrom(steps, mount, piece.outStart, piece.outEnd);
      const exactNode = mount !== undefined || this.wholeOutput(v, piece, scalar);
      const out =
        this.fromValues(resolved, rel, piece.line, piece.node, exactNode) ??
        (mount !== undefined
          ? this.intoDefine(piece.node, piece.segment, piece.line, rel, false)
          : undefined);
      if (out) return out;
      if (resolved.sym.kind === 'literal' && resolved.sym.file === this.tpl?.file && mount === undefined) {
        return this.literalInAction(piece, resolved, steps);
      }
      return this.lineOrigin(piece.line, piece.segment, steps, false);
    }
    if (piece.kind === 'text' && stretch) {
      // A value only partly written as text (`"{{ .a }}:{{ .b }}"`) is computed on that line.
      if (vrange && scalar && vrange[1] > stretch.end) {
        // A block scalar written in the template spans several lines: literal, but not one line's text.
        const literal = piece.line.entries.some((e) => e.blockScalar);
        return this.lineOrigin(piece.line, piece.segment, steps, literal);
      }
      if (!scalar && isScalar(v) && this.sk) {
        // `key: {{ .x }}` rendered with nothing after the key: the action printed an empty value.
        const e = entryAt(this.sk, piece.line.line, this.templateOffset(piece, probe, stretch.start));
        if (e?.valueKind === 'action' && e.action) {
          const out = this.fromValues(this.resolve(e.action, piece.segment), [], piece.line, e.action, true);
          if (out) return out;
        }
      }
      const keyStretch = last.pair ? this.stretchAt(last.at) : undefined;
      const file = this.tpl?.file ?? this.fallbackFile;
      const valueStart = this.templateOffset(piece, probe, stretch.start);
      const vr = scalar ? vrange : undefined;
      const valueEnd = vr && vr[1] <= stretch.end ? valueStart + (vr[1] - vr[0]) : undefined;
      let keyStart: number | undefined;
      let keyEnd: number | undefined;
      if (keyStretch?.piece.kind === 'text' && last.pair) {
        keyStart = this.templateOffset(keyStretch.piece, last.at, keyStretch.start);
        const kr = (last.pair.key as Scalar).range;
        keyEnd = kr ? keyStart + (kr[1] - kr[0]) : keyStart;
      }
      const entry = this.sk ? entryAt(this.sk, piece.line.line, keyStart ?? valueStart) : undefined;
      const start = keyStart ?? valueStart;
      const end = valueEnd ?? keyEnd ?? valueStart;
      const r: Explanation = {
        kind: 'template',
        literal: true,
        file,
        span: { start, end: Math.max(start, end) },
        sharedBy: this.sharedBy(piece.segment),
        exact: true,
      };
      if (keyStart !== undefined && keyEnd !== undefined) r.keySpan = { start: keyStart, end: keyEnd };
      if (valueEnd !== undefined) r.valueSpan = { start: valueStart, end: valueEnd };
      if (entry) r.entry = entry;
      return r;
    }
    return this.lineOrigin(piece.line, piece.segment, steps, false);
  }

  /** True when the rendered node is exactly one action's whole output (not text around it). */
  private wholeOutput(v: unknown, piece: Extract<PieceOrigin, { kind: 'output' }>, scalar: boolean): boolean {
    if (!scalar) return true;
    const r = (v as Scalar).range;
    if (!r) return false;
    const outText = this.text.slice(piece.outStart, piece.outEnd).trim();
    const valText = this.text.slice(r[0], r[1]);
    return outText === valText || `"${outText}"` === valText || `'${outText}'` === valText;
  }

  /** A constant written in the template's action (`default "x"`): the template line, not editable as values. */
  private literalInAction(
    piece: Extract<PieceOrigin, { kind: 'output' }>,
    _resolved: Resolved,
    steps: readonly Step[],
  ): Explanation {
    return this.lineOrigin(piece.line, piece.segment, steps, false);
  }

  /** The `key: value` of a template line (computed there: not a literal that can be edited). */
  private lineOrigin(
    line: SkeletonLine,
    seg: TraceSegment,
    steps: readonly Step[],
    literal: boolean,
  ): Explanation {
    const file = this.tpl?.file ?? this.fallbackFile;
    const last = steps[steps.length - 1];
    const keyName = last && typeof last.elem === 'string' ? last.elem : undefined;
    const e =
      line.entries.find((x) => x.kind === 'key' && x.key === keyName) ??
      line.entries.find((x) => x.kind === 'key') ??
      line.entries[0];
    const span = e?.keySpan ? pairSpan(e) : contentSpan(this.sk?.source ?? '', line);
    const r: Explanation = {
      kind: 'template',
      literal,
      file,
      span,
      sharedBy: this.sharedBy(seg),
      exact: false,
    };
    if (e) r.entry = e;
    return r;
  }

  /** Without a trace: a literal key whose skeleton path is unique and whose value matches the render. */
  private staticLiteral(path: readonly PathElem[], steps: readonly Step[]): Explanation | undefined {
    const sk = this.sk;
    if (!sk || !this.tpl) return undefined;
    const key = path.map((p) => (typeof p === 'number' ? '[]' : p)).join('\u0000');
    const entries = sk.byPath.get(key) ?? [];
    const last = steps[steps.length - 1];
    const v = last?.node;
    const matches = entries.filter((e) => {
      if (e.valueKind !== 'literal' || !e.valueSpan)
        return isMap(v) || isSeq(v) ? e.valueKind === 'none' : false;
      const text = sk.source.slice(e.valueSpan.start, e.valueSpan.end);
      return isScalar(v) && text.replace(/^["']|["']$/g, '') === String(v.value);
    });
    const only = matches.length === 1 ? matches[0] : undefined;
    if (!only?.keySpan) return undefined;
    const r: Explanation = {
      kind: 'template',
      literal: true,
      file: this.tpl.file,
      span: pairSpan(only),
      sharedBy: 1,
      exact: true,
      entry: only,
    };
    r.keySpan = only.keySpan;
    if (only.valueSpan && only.valueKind === 'literal') r.valueSpan = only.valueSpan;
    return r;
  }

  /** Without a trace for this line: the one template line that writes this key, as computed there. */
  private staticKey(path: readonly PathElem[]): Explanation | undefined {
    const e = this.staticEntry(path);
    if (!e?.keySpan || !this.tpl) return undefined;
    return {
      kind: 'template',
      literal: false,
      file: this.tpl.file,
      span: pairSpan(e),
      sharedBy: 1,
      exact: false,
      entry: e,
    };
  }

  /** Origin of a field that is absent: where it would be written. */
  private missing(path: readonly PathElem[], steps: readonly Step[]): Explanation {
    const rest = path.slice(steps.length);
    if (steps.length === 0) return this.fallback();
    const d = steps.length - 1;
    const last = steps[d] as Step;
    // The deepest existing node came from an action's output (toYaml of a values subtree).
    const own = this.stretchAt(last.at);
    if (own?.piece.kind === 'output') {
      const resolved = this.resolve(own.piece.node, own.piece.segment);
      const mount = this.mountIndex(steps, own.piece.outStart, own.piece.outEnd) ?? d;
      const rel = this.valuesPathFrom(steps, mount, own.piece.outStart, own.piece.outEnd);
      const out =
        this.fromValues(resolved, [...rel, ...rest], own.piece.line, own.piece.node, false) ??
        this.intoDefine(own.piece.node, own.piece.segment, own.piece.line, [...rel, ...rest], true);
      if (out) return out;
      return this.lineOrigin(own.piece.line, own.piece.segment, steps, false);
    }
    // Its value (a map, `{}`) came from an action on another line or after the key.
    const valueAt = contentStart(last.node);
    if (valueAt !== undefined) {
      const vs = this.stretchAt(valueAt);
      if (vs?.piece.kind === 'output') {
        const resolved = this.resolve(vs.piece.node, vs.piece.segment);
        const mount = this.mountIndex(steps, vs.piece.outStart, vs.piece.outEnd);
        const rel =
          mount === undefined ? [] : this.valuesPathFrom(steps, mount, vs.piece.outStart, vs.piece.outEnd);
        const out =
          this.fromValues(resolved, [...rel, ...rest], vs.piece.line, vs.piece.node, false) ??
          this.intoDefine(vs.piece.node, vs.piece.segment, vs.piece.line, [...rel, ...rest], true);
        if (out) return out;
      }
    }
    // The deepest existing node is written in the template: look below it in the skeleton.
    const seg = segmentAt(this.segments, last.at);
    let entry: SkelEntry | undefined;
    if (own?.piece.kind === 'text' && this.sk) {
      const at = this.templateOffset(own.piece, last.at, own.start);
      entry = entryAt(this.sk, own.piece.line.line, at);
      if (entry && last.pair === undefined)
        entry = entry.kind === 'item' ? entry : entry.parent?.kind === 'item' ? entry.parent : entry;
    } else if (!seg) {
      entry = this.staticEntry(path.slice(0, steps.length));
    }
    if (!entry) {
      const piece = this.pieceAt(last.at);
      if (piece && piece.kind !== 'output') return this.lineOrigin(piece.line, piece.segment, steps, false);
      return this.fallback();
    }
    return this.below(entry, rest, seg);
  }

  private staticEntry(path: readonly PathElem[]): SkelEntry | undefined {
    const list =
      this.sk?.byPath.get(path.map((p) => (typeof p === 'number' ? '[]' : p)).join('\u0000')) ?? [];
    return list.length === 1 ? list[0] : undefined;
  }

  /**
   * From a skeleton entry that exists in the render, follows the missing path down through literal keys
   * written below it (rendered or not); where a values-fed block is written on the way, the values
   * subtree feeding it is the place; else the deepest literal key.
   */
  private below(entry: SkelEntry, rest: readonly PathElem[], seg: TraceSegment | undefined): Explanation {
    const file = this.tpl?.file ?? this.fallbackFile;
    let cur = entry;
    let i = 0;
    for (; i < rest.length; i++) {
      const want = rest[i];
      const next: SkelEntry | undefined =
        typeof want === 'number'
          ? cur.children.find((c) => c.kind === 'item')
          : cur.children.find((c) => c.kind === 'key' && c.key === want);
      if (!next) break;
      cur = next;
    }
    const remaining = rest.slice(i);
    const feed: OutputNode | undefined =
      cur.valueKind === 'action'
        ? cur.action
        : cur.children.find((c) => c.kind === 'output' && c.action)?.action;
    if (feed) {
      const resolved = this.resolve(feed, seg);
      const line = this.sk?.lines[cur.line];
      const pulledInAt = cur.keySpan ? { file, ...pairSpan(cur) } : undefined;
      const out =
        this.fromValues(resolved, remaining, line, feed, false, pulledInAt) ??
        (seg && line && remaining.length > 0 ? this.intoDefine(feed, seg, line, remaining, true) : undefined);
      if (out) return out;
    }
    const span = cur.keySpan ? keyOnly(cur) : this.itemSpan(cur);
    return {
      kind: 'template',
      literal: true,
      file,
      span,
      entry: cur,
      sharedBy: seg ? this.sharedBy(seg) : 1,
      exact: false,
      missingPath: remaining,
      rendered: i === 0,
    };
  }

  /**
   * Follows a path into the define an `include`/`template` prints: the define's body is read like a
   * template, its `if`/`with` branches are kept when the values make them possible, and the key the
   * path names is found there (a literal, or a value or block the define takes from values).
   */
  private readonly defineHits = new Map<string, Explanation | undefined>();

  private intoDefine(
    node: OutputNode,
    seg: TraceSegment,
    line: SkeletonLine,
    rel: readonly PathElem[],
    missing: boolean,
  ): Explanation | undefined {
    const memo = `${node.start}\u0000${seg.iteration?.join('\u0001') ?? ''}\u0000${rel.join('\u0001')}\u0000${missing}`;
    if (this.defineHits.has(memo)) return this.defineHits.get(memo);
    const r = this.intoDefineUncached(node, seg, line, rel, missing);
    this.defineHits.set(memo, r);
    return r;
  }

  private intoDefineUncached(
    node: OutputNode,
    seg: TraceSegment,
    line: SkeletonLine,
    rel: readonly PathElem[],
    missing: boolean,
  ): Explanation | undefined {
    if (!this.tpl || !this.sk || rel.length === 0) return undefined;
    const call = defineCall(node);
    if (!call) return undefined;
    const def = this.model.defines.get(call.name);
    const dsk = this.model.defineSkeleton(call.name);
    if (!def || !dsk) return undefined;
    const ev = this.tpl.scope.evaluator;
    const callEnv = ev.envAt(this.sk.template, this.tpl.file, node.start, seg.iteration);
    const arg = call.arg
      ? ev.operand(call.arg, callEnv, this.tpl.file)
      : { sym: { kind: 'expr' as const, reason: 'no argument' }, transforms: [] };
    const envIn = (offset: number): Env =>
      ev.envAt(def.template, def.file, offset, undefined, arg, def.node.body);
    const holds = (e: SkelEntry): boolean =>
      e.blocks.every((b) => {
        if (b.node.type !== 'if' && b.node.type !== 'with') return true;
        const t = ev.truth(b.node.pipe, envIn(b.node.start), def.file);
        return b.branch === 'body' ? t !== false : t !== true;
      });
    const pulledInAt = this.pulledIn(line, node);
    const fromOutput = (e: SkelEntry, restPath: readonly PathElem[]): Explanation | undefined => {
      if (!e.action) return undefined;
      const r = ev.output(e.action, envIn(e.action.start), def.file);
      if (r.sym.kind !== 'values') return undefined;
      return this.fromValues(r, restPath, undefined, undefined, !missing, pulledInAt);
    };
    const key = (p: readonly PathElem[]): string =>
      p.map((k) => (typeof k === 'number' ? '[]' : k)).join('\u0000');
    if (!missing) {
      const found = (dsk.byPath.get(key(rel)) ?? []).filter(holds);
      const e = found.length === 1 ? found[0] : undefined;
      if (e && (e.keySpan || e.kind === 'item')) {
        if (e.valueKind === 'action' && e.action) {
          const r = ev.output(e.action, envIn(e.action.start), def.file);
          const out =
            r.sym.kind === 'values'
              ? this.fromValues(r, [], undefined, undefined, true, pulledInAt)
              : undefined;
          if (out) return out;
        }
        const literal = e.valueKind === 'literal' || e.valueKind === 'none';
        const r: Explanation = {
          kind: 'template',
          literal: literal && this.model.callSites(call.name) === 1,
          file: def.file,
          span: e.keySpan ? pairSpan(e) : (e.valueSpan ?? { start: 0, end: 0 }),
          sharedBy: this.model.callSites(call.name),
          exact: literal,
          entry: e,
        };
        if (e.keySpan) r.keySpan = e.keySpan;
        if (e.valueSpan && e.valueKind === 'literal') r.valueSpan = e.valueSpan;
        return r;
      }
    }
    // A values subtree the define prints with toYaml at some level of the path.
    for (let k = rel.length - 1; k >= 0; k--) {
      const outs = [
        ...(dsk.byPath.get(key([...rel.slice(0, k), '*'])) ?? []),
        ...(k > 0
          ? (dsk.byPath.get(key(rel.slice(0, k))) ?? []).filter((e) => e.valueKind === 'action')
          : []),
      ].filter(holds);
      const only = outs.length === 1 ? outs[0] : undefined;
      const out = only ? fromOutput(only, rel.slice(k)) : undefined;
      if (out) return out;
    }
    if (!missing) return undefined;
    // Where a missing key would be written in the define: the deepest key that exists there.
    let cur: SkelEntry = dsk.root;
    let i = 0;
    for (; i < rel.length; i++) {
      const want = rel[i];
      const next = cur.children
        .filter(holds)
        .find((c) => (typeof want === 'number' ? c.kind === 'item' : c.kind === 'key' && c.key === want));
      if (!next) break;
      cur = next;
    }
    if (cur === dsk.root) return undefined;
    const feed =
      cur.valueKind === 'action' ? cur : cur.children.filter(holds).find((c) => c.kind === 'output');
    const viaValues = feed ? fromOutput(feed, rel.slice(i)) : undefined;
    if (viaValues) return viaValues;
    return {
      kind: 'template',
      literal: this.model.callSites(call.name) === 1,
      file: def.file,
      span: cur.keySpan ? keyOnly(cur) : { start: 0, end: 0 },
      entry: cur,
      sharedBy: this.model.callSites(call.name),
      exact: false,
      missingPath: rel.slice(i),
      rendered: false,
    };
  }

  private itemSpan(e: SkelEntry): Span {
    const first = e.children.find((c) => c.line === e.line && c.keySpan);
    if (first) return pairSpan(first);
    const line = this.sk?.lines[e.line];
    return line ? contentSpan(this.sk?.source ?? '', line) : { start: 0, end: 0 };
  }
}

type PlanPiece =
  | { kind: 'text'; start: number; end: number; text: string }
  | { kind: 'output'; start: number; end: number; node: OutputNode };

/** A template line's literal text and output pieces, and the expression that splits a rendering of it. */
interface LinePlan {
  pieces: PlanPiece[];
  re: RegExp | undefined;
}

const plans = new WeakMap<SkeletonLine, LinePlan>();

function linePlan(src: string, line: SkeletonLine): LinePlan {
  const have = plans.get(line);
  if (have) return have;
  const pieces: PlanPiece[] = [];
  for (const p of line.pieces) {
    if (p.kind === 'text')
      pieces.push({ kind: 'text', start: p.start, end: p.end, text: src.slice(p.start, p.end) });
    else if (p.kind === 'output') pieces.push({ kind: 'output', start: p.start, end: p.end, node: p.node });
  }
  // Trailing white space of the line is not rendered before the marker.
  const last = pieces[pieces.length - 1];
  if (last?.kind === 'text') {
    let end = last.end;
    while (end > last.start && /[ \t\r\n]/.test(src[end - 1] ?? '')) end--;
    pieces[pieces.length - 1] = { ...last, end, text: src.slice(last.start, end) };
  }
  let re: RegExp | undefined;
  if (pieces.filter((p) => p.kind === 'output').length <= 6) {
    let pattern = '^[ \\t\\r\\n]*?';
    for (const p of pieces) pattern += p.kind === 'text' ? `(${escapeRe(p.text)})` : '([\\s\\S]*?)';
    try {
      re = new RegExp(`${pattern}$`, 'd');
    } catch {
      re = undefined;
    }
  }
  const plan = { pieces, re };
  plans.set(line, plan);
  return plan;
}

/** The define an output tag prints (`include "x" arg …`, `template "x" arg`), and its argument. */
function defineCall(node: OutputNode): { name: string; arg: Expr | undefined } | undefined {
  if (node.type === 'template') {
    const first = node.pipe?.cmds.length === 1 ? node.pipe.cmds[0]?.args : undefined;
    return { name: node.name, arg: first?.length === 1 ? first[0] : undefined };
  }
  const cmd = node.pipe.cmds[0];
  const [fn, name, arg] = cmd?.args ?? [];
  if (fn?.kind !== 'identifier' || fn.name !== 'include' || name?.kind !== 'string') return undefined;
  return { name: name.value, arg };
}

const startsCache = new WeakMap<Skeleton, number[]>();
function lineStartsCached(sk: Skeleton): number[] {
  let s = startsCache.get(sk);
  if (!s) {
    s = sk.lines.map((l) => l.start);
    startsCache.set(sk, s);
  }
  return s;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function itemStart(item: unknown): number | undefined {
  if (isMap(item)) {
    const first = item.items[0];
    const r = isPair(first) && isScalar(first.key) ? first.key.range : undefined;
    if (r) return r[0];
  }
  return (item as { range?: number[] } | null)?.range?.[0];
}

/** Where a collection's content starts (its first key or item, or `{`/`[` of an empty flow one). */
function contentStart(node: unknown): number | undefined {
  if (isMap(node) || isSeq(node)) {
    const first = node.items[0];
    if (first !== undefined)
      return isPair(first) ? (first.key as Scalar | null)?.range?.[0] : itemStart(first);
    return node.range?.[0];
  }
  if (isScalar(node) && node.range && node.range[1] > node.range[0]) return node.range[0];
  return undefined;
}

/** `key: value` of a skeleton entry on its line (the key alone for a block). */
function pairSpan(e: SkelEntry): Span {
  const k = e.keySpan ?? { start: 0, end: 0 };
  if (e.valueSpan && e.valueKind !== 'none' && e.valueSpan.end > k.end)
    return { start: k.start, end: e.valueSpan.end };
  return { start: k.start, end: k.end };
}

function keyOnly(e: SkelEntry): Span {
  return e.keySpan ?? { start: 0, end: 0 };
}

/** A line's content without its indentation and trailing white space. */
function contentSpan(source: string, line: SkeletonLine): Span {
  let s = line.start;
  let e = line.end;
  while (s < e && /[ \t]/.test(source[s] ?? '')) s++;
  while (e > s && /[ \t\r]/.test(source[e - 1] ?? '')) e--;
  return { start: s, end: e };
}

/** Every scalar path of a YAML value (keys and indices), for smoke tests and fix diffs. */
export function scalarPaths(
  node: unknown,
  prefix: PathElem[] = [],
  out: PathElem[][] = [],
  depth = 0,
): PathElem[][] {
  if (depth > 100) return out;
  if (isMap(node)) {
    for (const it of node.items) {
      if (isPair(it) && isScalar(it.key))
        scalarPaths(it.value, [...prefix, String(it.key.value)], out, depth + 1);
    }
  } else if (isSeq(node)) node.items.forEach((it, i) => scalarPaths(it, [...prefix, i], out, depth + 1));
  else if (prefix.length > 0) out.push(prefix);
  return out;
}
