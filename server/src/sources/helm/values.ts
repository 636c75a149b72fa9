import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Pair, type Scalar } from 'yaml';
import type {
  BlockNode,
  Command,
  ControlNode,
  DefineNode,
  Expr,
  Node,
  Pipeline,
  Span,
  Template,
} from './go-template';
import type { OutputNode } from './skeleton';

/** A key or a sequence index of an object path. */
export type PathElem = string | number;

// ---------------------------------------------------------------------------------------------
// Values sources

/** A values file in precedence order (the chart's `values.yaml` first, then `-f` files). */
export interface ValuesFile {
  kind: 'file';
  /** How origins name this file (chart-relative for the chart's own files). */
  file: string;
  text: string;
}

/** One `--set` argument and where the user wrote it (a setting, a config file), for origins. */
export interface SetEntry {
  /** `a.b=c`, `a[0].b=c,d=e` as helm's `--set` takes it. */
  expression: string;
  file: string;
  /** Offsets of `expression` in `file`. */
  start: number;
  end: number;
  /** `--set-string`: every value is a string. */
  string?: boolean;
}

/** `--set` entries, in order, as one source (after all files). */
export interface ValuesSet {
  kind: 'set';
  entries: SetEntry[];
}

/** A values file or a group of `--set` entries. */
export type ValuesSource = ValuesFile | ValuesSet;

/** One assignment of a `--set` expression. */
export interface SetAssignment {
  path: PathElem[];
  value: unknown;
  /** Offsets in the entry's file of `key=value`. */
  start: number;
  end: number;
  entry: SetEntry;
}

/** Splits at an unescaped character, keeping offsets. */
function splitUnescaped(s: string, sep: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  let from = 0;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === sep && depth === 0) {
      out.push({ text: s.slice(from, i), at: from });
      from = i + 1;
    }
  }
  out.push({ text: s.slice(from), at: from });
  return out;
}

function typedSetValue(raw: string, asString: boolean): unknown {
  const v = raw.replace(/\\(.)/g, '$1');
  if (asString) return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (v === 'null') return null;
  if (/^-?(0|[1-9]\d*)$/.test(v) && Number.isSafeInteger(Number(v))) return Number(v);
  if (/^\{.*\}$/.test(v))
    return v
      .slice(1, -1)
      .split(',')
      .map((x) => typedSetValue(x, asString));
  return v;
}

/** The assignments of a `--set` entry (helm's strvals syntax: dots, `[n]` indices, `\` escapes, commas). */
export function parseSet(entry: SetEntry): SetAssignment[] {
  const out: SetAssignment[] = [];
  for (const part of splitUnescaped(entry.expression, ',')) {
    const eq = part.text.search(/(?<!\\)=/);
    if (eq <= 0) continue;
    const keyText = part.text.slice(0, eq);
    const path: PathElem[] = [];
    for (const seg of splitUnescaped(keyText, '.')) {
      const m = /^(.*?)((?:\[\d+\])*)$/.exec(seg.text);
      const name = (m?.[1] ?? seg.text).replace(/\\(.)/g, '$1');
      if (name) path.push(name);
      for (const idx of (m?.[2] ?? '').matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]));
    }
    out.push({
      path,
      value: typedSetValue(part.text.slice(eq + 1), entry.string === true),
      start: entry.start + part.at,
      end: entry.start + part.at + part.text.length,
      entry,
    });
  }
  return out;
}

/** A values source parsed once; `prefix` is where a chart's own values start in it (subcharts). */
interface Layer {
  source: ValuesSource;
  prefix: PathElem[];
  doc?: Document.Parsed;
  sets?: SetAssignment[];
}

/** Where a values path is set, or the nearest existing key above it. */
export interface ValuesHit {
  via: 'values' | 'set';
  file: string;
  /** The key (`key:` alone) or, for a `--set`, the `key=value` assignment. */
  start: number;
  end: number;
  /** The whole path is set there (else the hit is the nearest existing ancestor). */
  exact: boolean;
  /** How many path elements the hit covers (below the chart's own prefix). */
  depth: number;
  source: ValuesSource;
  /** The values file's document and the pair of the key, for edits (files only). */
  doc?: Document.Parsed;
  pair?: Pair;
  /** The node at the full path when exact (a scalar, map or sequence), or at the hit's depth. */
  node?: unknown;
  /** Absolute path of the hit in its source (prefix included). */
  sourcePath: PathElem[];
}

/** Parses a values file's text (what {@link ValuesStack} uses unless given a cache). */
export function parseValues(text: string): Document.Parsed {
  return parseDocument(text, { uniqueKeys: false, prettyErrors: false });
}

/** The pair holding `key` in a YAML map node (the last one when duplicated). */
function pairOf(node: unknown, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  let found: Pair | undefined;
  for (const it of node.items) {
    if (isPair(it) && isScalar(it.key) && String(it.key.value) === key) found = it;
  }
  return found;
}

/**
 * The values of one chart scope, in precedence order: lookups answer which source sets a path last
 * (maps merge across sources; a list, a scalar or a null replaces what earlier sources hold), and what
 * the merged value is.
 */
export class ValuesStack {
  private readonly layers: Layer[];

  constructor(
    layers: readonly { source: ValuesSource; prefix?: PathElem[] }[],
    parse: (text: string) => Document.Parsed = parseValues,
  ) {
    this.layers = layers.map((l) => {
      const layer: Layer = { source: l.source, prefix: l.prefix ?? [] };
      if (l.source.kind === 'file') layer.doc = parse(l.source.text);
      else layer.sets = l.source.entries.flatMap(parseSet);
      return layer;
    });
  }

  /**
   * Which source sets `path` last, or the nearest existing key above it; undefined when nothing does.
   * With `accept`, only those sources are asked (the ones a person can edit).
   */
  lookup(path: readonly PathElem[], accept?: (source: ValuesSource) => boolean): ValuesHit | undefined {
    let best: ValuesHit | undefined;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i] as Layer;
      if (accept && !accept(layer.source)) continue;
      const r = layer.sets ? this.walkSet(layer, path) : this.walkDoc(layer, path);
      if (!r) continue;
      if (r.hit.exact) return r.hit;
      if (!best || r.hit.depth > best.depth) best = r.hit;
      if (r.authoritative) break;
    }
    return best;
  }

  private walkDoc(
    layer: Layer,
    path: readonly PathElem[],
  ): { hit: ValuesHit; authoritative: boolean } | undefined {
    const src = layer.source as ValuesFile;
    const doc = layer.doc;
    if (!doc) return undefined;
    let node: unknown = doc.contents;
    let hitPair: Pair | undefined;
    let hitNode: unknown;
    let hitSpan: Span | undefined;
    let depth = 0;
    const full = [...layer.prefix, ...path];
    const own = layer.prefix.length;
    // A list, a scalar or a null replaces what earlier sources hold: they cannot set anything below it.
    let authoritative = false;
    for (let i = 0; i < full.length; i++) {
      const k = full[i] as PathElem;
      if (isSeq(node)) {
        if (i >= own) authoritative = true;
        const idx = typeof k === 'number' ? k : /^\d+$/.test(k) ? Number(k) : -1;
        const item: unknown = idx < 0 ? undefined : node.items[idx];
        if (item === undefined) break;
        node = item;
        const span = itemSpan(item);
        if (i >= own && span) {
          hitSpan = span;
          hitPair = undefined;
          hitNode = item;
          depth = i - own + 1;
        }
        continue;
      }
      if (!isMap(node)) {
        if (i > own) authoritative = true;
        break;
      }
      const pair = pairOf(node, String(k));
      if (!pair) break;
      node = pair.value;
      const key = pair.key as Scalar;
      // The chart's own key in a parent's values (`db:`) is the nearest key when nothing below it is set.
      if ((i >= own || (i === own - 1 && path.length > 0)) && key.range) {
        hitPair = pair;
        hitNode = pair.value;
        hitSpan = { start: key.range[0], end: key.range[1] };
        depth = i - own + 1;
      }
    }
    if (!hitSpan) return undefined;
    const exact = depth === path.length;
    if (exact || (!isMap(hitNode) && !isSeq(hitNode))) authoritative = true;
    const hit: ValuesHit = {
      via: 'values',
      file: src.file,
      start: hitSpan.start,
      end: hitSpan.end,
      exact,
      depth,
      source: src,
      doc,
      node: hitNode,
      sourcePath: full.slice(0, own + depth),
    };
    if (hitPair) hit.pair = hitPair;
    return { hit, authoritative };
  }

  private walkSet(
    layer: Layer,
    path: readonly PathElem[],
  ): { hit: ValuesHit; authoritative: boolean } | undefined {
    const full = [...layer.prefix, ...path].map(String);
    let best: { a: SetAssignment; depth: number } | undefined;
    for (const a of layer.sets ?? []) {
      const p = a.path.map(String);
      let common = 0;
      while (common < p.length && common < full.length && p[common] === full[common]) common++;
      // `a.b=x` sets b; `list[0].x=y` replaces all of `list`, so it answers for every path through it.
      const covers =
        common === p.length || a.path.some((k, j) => typeof k === 'number' && j >= 1 && j <= common);
      if (!covers || common <= layer.prefix.length) continue;
      if (!best || common >= best.depth) best = { a, depth: common };
    }
    if (!best) return undefined;
    const depth = best.depth - layer.prefix.length;
    return {
      hit: {
        via: 'set',
        file: best.a.entry.file,
        start: best.a.start,
        end: best.a.end,
        exact: depth === path.length && best.a.path.length === full.length,
        depth,
        source: layer.source,
        sourcePath: best.a.path.slice(0, best.depth),
      },
      authoritative: true,
    };
  }

  private merged: unknown = MISSING;

  /** The merged value at a path (as helm would see it), or undefined when unset. */
  valueAt(path: readonly PathElem[]): unknown {
    if (this.merged === MISSING) {
      let out: unknown = {};
      for (const layer of this.layers) {
        const v = layer.sets ? setTree(layer) : docValueAt(layer);
        if (v !== MISSING) out = coalesce(out, v);
      }
      this.merged = out;
    }
    let cur: unknown = this.merged;
    for (const k of path) {
      if (Array.isArray(cur)) cur = cur[typeof k === 'number' ? k : Number(k)];
      else if (isPlainObject(cur)) cur = cur[String(k)];
      else return undefined;
    }
    return cur ?? undefined;
  }
}

function docValueAt(layer: Layer): unknown {
  let node: unknown = layer.doc?.contents;
  for (const k of layer.prefix) {
    if (!isMap(node)) return MISSING;
    const p = pairOf(node, String(k));
    if (!p) return MISSING;
    node = p.value;
  }
  return toJs(node);
}

function setTree(layer: Layer): unknown {
  const root: Record<string, unknown> = {};
  for (const a of layer.sets ?? []) {
    let cur: Record<string, unknown> = root;
    a.path.forEach((k, i) => {
      const key = String(k);
      if (i === a.path.length - 1) cur[key] = a.value;
      else {
        const next = cur[key];
        const fresh: Record<string, unknown> =
          isPlainObject(next) || Array.isArray(next)
            ? (next as Record<string, unknown>)
            : typeof a.path[i + 1] === 'number'
              ? ([] as unknown as Record<string, unknown>)
              : {};
        cur[key] = fresh;
        cur = fresh;
      }
    });
  }
  let node: unknown = root;
  for (const k of layer.prefix) {
    if (!isPlainObject(node) || !(String(k) in node)) return MISSING;
    node = node[String(k)];
  }
  return node;
}

function itemSpan(item: unknown): Span | undefined {
  if (isMap(item)) {
    const first = item.items[0];
    const r = isPair(first) && isScalar(first.key) ? first.key.range : undefined;
    if (r) return { start: r[0], end: r[1] };
  }
  const r = (item as { range?: number[] } | null)?.range;
  if (r?.[0] === undefined || r[1] === undefined) return undefined;
  return { start: r[0], end: r[1] };
}

/** Helm's coalescing of a later values source over an earlier one: maps merge, null deletes. */
function coalesce(base: unknown, over: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(over)) return mergeDeep(base, over);
  return over;
}

const MISSING = Symbol('missing');

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mergeDeep(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = new Map(Object.entries(a));
  for (const [k, v] of Object.entries(b)) {
    const prev = out.get(k);
    if (v === null) out.delete(k);
    else out.set(k, isPlainObject(prev) && isPlainObject(v) ? mergeDeep(prev, v) : v);
  }
  return Object.fromEntries(out);
}

function toJs(node: unknown): unknown {
  if (isScalar(node)) return node.value;
  if (isMap(node)) {
    const o: Record<string, unknown> = {};
    for (const it of node.items) {
      if (isPair(it) && isScalar(it.key)) o[String(it.key.value)] = toJs(it.value);
    }
    return o;
  }
  if (isSeq(node)) return node.items.map(toJs);
  return null;
}

/** Go template truthiness (sprig `empty`): nil, false, 0, "" and empty collections are empty. */
export function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.keys(v).length === 0;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Symbolic evaluation of pipelines

/** What a template expression stands for, as far as it can be known without running helm. */
export type Sym =
  /** The top-level context (`.` of a manifest template, `$`). */
  | { kind: 'root' }
  /** A subtree of `.Values` of the chart the template belongs to. */
  | { kind: 'values'; path: PathElem[] }
  /** A field of `.Chart` (Chart.yaml). */
  | { kind: 'chart'; path: string[] }
  /** A constant written in a template action. */
  | { kind: 'literal'; value: unknown; file: string; span: Span }
  /** `dict "k" v …` */
  | { kind: 'dict'; entries: Map<string, Resolved> }
  /** Anything else (computed, from `.Release`, `lookup`, a loop variable over non-values…). */
  | { kind: 'expr'; reason: string };

/** A symbolic value and the functions applied on the way (`toYaml`, `quote`, `b64enc`, …). */
export interface Resolved {
  sym: Sym;
  transforms: string[];
}

/** A `define`/`block` of the chart (defines are shared by a chart and its subcharts). */
export interface DefineRef {
  node: DefineNode | BlockNode;
  file: string;
  template: Template;
}

/** What symbolic evaluation reads besides the template: the chart's defines and its merged values. */
export interface EvalContext {
  defines: ReadonlyMap<string, DefineRef>;
  /** The merged values at a path of the template's chart (for `default`, `coalesce`, `range` keys). */
  valueAt(path: readonly PathElem[]): unknown;
}

/** Variables and dot at a point of a template. */
export interface Env {
  dot: Resolved;
  vars: Map<string, Resolved>;
}

const ROOT: Resolved = { sym: { kind: 'root' }, transforms: [] };

function expr(reason: string): Resolved {
  return { sym: { kind: 'expr', reason }, transforms: [] };
}

/** Functions that hand their (last) argument on with the same content, only reformatted. */
const PASS_THROUGH = new Set([
  'toYaml',
  'toYamlPretty',
  'toJson',
  'toPrettyJson',
  'toRawJson',
  'nindent',
  'indent',
  'quote',
  'squote',
  'toString',
  'trim',
  'required',
  'int',
  'int64',
  'float64',
  'toStrings',
]);

/** Functions whose output is derived from one input but differs from it (not editable as is). */
const TRANSFORMING = new Set([
  'tpl',
  'b64enc',
  'b64dec',
  'upper',
  'lower',
  'title',
  'trunc',
  'trimSuffix',
  'trimPrefix',
  'trimAll',
  'replace',
  'sha256sum',
  'sha1sum',
  'adler32sum',
  'urlquery',
  'kebabcase',
  'snakecase',
  'camelcase',
  'toDecimal',
]);

/** Functions whose output is only their input with other text around it. */
const PRINTING = new Set(['printf', 'print', 'println', 'cat']);

/**
 * Evaluates template pipelines symbolically: which values path (if any) feeds what an action prints,
 * through variables, `with`/`range`, `include` of defines and the common Helm functions.
 */
export class Evaluator {
  private depth = 0;
  private readonly defineCache = new Map<string, Resolved>();

  constructor(private readonly ctx: EvalContext) {}

  /** The symbolic value of what an output tag prints. */
  output(node: OutputNode, env: Env, file: string): Resolved {
    if (node.type === 'template') {
      const arg = node.pipe ? this.pipeline(node.pipe, env, file) : expr('template without argument');
      return this.callDefine(node.name, arg);
    }
    return this.pipeline(node.pipe, env, file);
  }

  pipeline(pipe: Pipeline, env: Env, file: string): Resolved {
    let prev: Resolved | undefined;
    for (const cmd of pipe.cmds) prev = this.command(cmd, env, file, prev);
    return prev ?? expr('empty pipeline');
  }

  private command(cmd: Command, env: Env, file: string, piped: Resolved | undefined): Resolved {
    const [head, ...rest] = cmd.args;
    if (!head) return expr('empty command');
    if (head.kind === 'identifier') {
      const args = rest.map((a) => this.arg(a, env, file));
      if (piped) args.push(piped);
      return this.call(head.name, args);
    }
    if (rest.length > 0 || piped) return expr('arguments to a non-function');
    return this.arg(head, env, file);
  }

  private arg(e: Expr, env: Env, file: string): Resolved {
    switch (e.kind) {
      case 'dot':
        return env.dot;
      case 'field':
        return field(env.dot, e.names);
      case 'variable':
        return field(env.vars.get(e.name) ?? expr(`unknown variable ${e.name}`), e.fields);
      case 'string':
        return {
          sym: { kind: 'literal', value: e.value, file, span: { start: e.start, end: e.end } },
          transforms: [],
        };
      case 'number':
        return {
          sym: {
            kind: 'literal',
            value: Number(e.text.replace(/_/g, '')),
            file,
            span: { start: e.start, end: e.end },
          },
          transforms: [],
        };
      case 'bool':
        return {
          sym: { kind: 'literal', value: e.value, file, span: { start: e.start, end: e.end } },
          transforms: [],
        };
      case 'nil':
        return {
          sym: { kind: 'literal', value: null, file, span: { start: e.start, end: e.end } },
          transforms: [],
        };
      case 'char':
        return expr('character constant');
      case 'pipe':
        return field(this.pipeline(e.pipe, env, file), e.fields);
      case 'identifier':
        return this.call(e.name, []);
    }
  }

  private valueOf(r: Resolved): unknown {
    if (r.sym.kind === 'values') return this.ctx.valueAt(r.sym.path);
    if (r.sym.kind === 'literal') return r.sym.value;
    return UNKNOWN;
  }

  private call(name: string, args: Resolved[]): Resolved {
    const last = args[args.length - 1];
    if (PASS_THROUGH.has(name)) {
      if (!last) return expr(`${name} without argument`);
      return { sym: last.sym, transforms: [...last.transforms, name] };
    }
    if (TRANSFORMING.has(name)) {
      if (!last) return expr(`${name} without argument`);
      return { sym: last.sym, transforms: [...last.transforms, name] };
    }
    switch (name) {
      case 'default': {
        if (args.length < 2) return last ?? expr('default without argument');
        const [d, v] = [args[0] as Resolved, args[args.length - 1] as Resolved];
        const value = this.valueOf(v);
        if (value === UNKNOWN) return expr('default of a computed value');
        return isEmptyValue(value) ? d : v;
      }
      case 'coalesce': {
        for (const a of args) {
          const value = this.valueOf(a);
          if (value === UNKNOWN) return expr('coalesce of a computed value');
          if (!isEmptyValue(value)) return a;
        }
        return expr('coalesce of empty values');
      }
      case 'index':
      case 'get': {
        const [base, ...keys] = args;
        if (!base) return expr(`${name} without argument`);
        let r: Resolved = base;
        for (const k of keys) {
          if (
            k.sym.kind !== 'literal' ||
            (typeof k.sym.value !== 'string' && typeof k.sym.value !== 'number')
          ) {
            return expr(`${name} with a computed key`);
          }
          r = field(r, [k.sym.value]);
        }
        return r;
      }
      case 'dig': {
        // dig "a" "b" default dict
        if (args.length < 3) return expr('dig with too few arguments');
        const base = args[args.length - 1] as Resolved;
        const dflt = args[args.length - 2] as Resolved;
        const keys = args.slice(0, -2);
        let r: Resolved = base;
        for (const k of keys) {
          if (k.sym.kind !== 'literal' || typeof k.sym.value !== 'string')
            return expr('dig with a computed key');
          r = field(r, [k.sym.value]);
        }
        const value = this.valueOf(r);
        if (value === UNKNOWN) return expr('dig into a computed value');
        return value === undefined ? dflt : r;
      }
      case 'dict': {
        const entries = new Map<string, Resolved>();
        for (let i = 0; i + 1 < args.length; i += 2) {
          const k = args[i] as Resolved;
          if (k.sym.kind !== 'literal' || typeof k.sym.value !== 'string')
            return expr('dict with a computed key');
          entries.set(k.sym.value, args[i + 1] as Resolved);
        }
        return { sym: { kind: 'dict', entries }, transforms: [] };
      }
      case 'include': {
        const n = args[0];
        if (n?.sym.kind !== 'literal' || typeof n.sym.value !== 'string')
          return expr('include of a computed name');
        return this.callDefine(n.sym.value, args[1] ?? expr('include without context'));
      }
      default:
        break;
    }
    if (PRINTING.has(name)) {
      const fed = args.filter((a) => a.sym.kind !== 'literal');
      const only = fed[0];
      if (fed.length === 1 && only) return { sym: only.sym, transforms: [...only.transforms, name] };
      return expr(`${name} of several values`);
    }
    return expr(`function ${name}`);
  }

  /** What `include`/`template` of a define prints, when one values source feeds all of its output. */
  callDefine(name: string, arg: Resolved): Resolved {
    const def = this.ctx.defines.get(name);
    if (!def) return expr(`unknown template ${name}`);
    const argKey = stableKey(arg.sym);
    const cacheKey = argKey === undefined ? undefined : `${name}\u0000${argKey}`;
    const cached = cacheKey === undefined ? undefined : this.defineCache.get(cacheKey);
    if (cached) return cached;
    const result = this.evalDefine(name, def, arg);
    if (cacheKey !== undefined) this.defineCache.set(cacheKey, result);
    return result;
  }

  private evalDefine(name: string, def: DefineRef, arg: Resolved): Resolved {
    if (this.depth > 8) return expr('templates nested too deep');
    this.depth++;
    try {
      const outputs: Resolved[] = [];
      let text = false;
      const start: Env = { dot: arg, vars: new Map([['$', arg]]) };
      this.collect(def.node.body, start, def, outputs, () => {
        text = true;
      });
      if (text) return expr(`template ${name} writes text`);
      const [first, ...others] = outputs;
      if (!first) return expr(`template ${name} prints nothing`);
      const key = symKey(first.sym);
      if (others.some((o) => symKey(o.sym) !== key)) return expr(`template ${name} prints several values`);
      const transforms = [...new Set(outputs.flatMap((o) => o.transforms))];
      return { sym: first.sym, transforms };
    } finally {
      this.depth--;
    }
  }

  /** Evaluates every output of a define body (all branches), noting literal text. */
  private collect(
    list: readonly Node[],
    env: Env,
    def: DefineRef,
    out: Resolved[],
    onText: () => void,
  ): void {
    const scope: Env = { dot: env.dot, vars: new Map(env.vars) };
    for (const n of list) {
      switch (n.type) {
        case 'text':
          if (/\S/.test(def.template.source.slice(n.valueStart, n.valueEnd))) onText();
          break;
        case 'action':
          if (n.pipe.decl.length > 0) declare(scope, n.pipe, this.pipeline(n.pipe, scope, def.file));
          else out.push(this.pipeline(n.pipe, scope, def.file));
          break;
        case 'template':
          out.push(this.output(n, scope, def.file));
          break;
        case 'if':
        case 'with':
        case 'range': {
          const v = this.pipeline(n.pipe, scope, def.file);
          const inner: Env = { dot: scope.dot, vars: new Map(scope.vars) };
          if (n.type === 'with') inner.dot = v;
          if (n.type === 'range') {
            // Which element is unknown inside a define: any output there is per element.
            inner.dot = expr('range element inside a template');
            for (const d of n.pipe.decl) inner.vars.set(d.name, expr('range variable inside a template'));
          } else if (n.pipe.decl.length > 0) declare(inner, n.pipe, v);
          this.collect(n.body, inner, def, out, onText);
          if (n.elseBody) this.collect(n.elseBody, scope, def, out, onText);
          break;
        }
        default:
          break;
      }
    }
  }

  /**
   * Variables and dot at `offset` of a template: declarations before it, `with`/`range` around it.
   * `iteration` holds the index or key of each enclosing range (outermost first), from the trace.
   */
  envAt(
    template: Template,
    file: string,
    offset: number,
    iteration: readonly string[] | undefined,
    root: Resolved = ROOT,
    nodes: readonly Node[] = template.nodes,
  ): Env {
    const env: Env = { dot: root, vars: new Map([['$', root]]) };
    let k = 0;
    const visit = (list: readonly Node[], scope: Env): Env => {
      for (const n of list) {
        if (n.start > offset) break;
        const contains = n.start <= offset && offset < n.end;
        if (!contains) {
          if (n.type === 'action' && n.pipe.decl.length > 0) {
            declare(scope, n.pipe, this.pipeline(n.pipe, scope, file));
          } else if (n.type === 'if' || n.type === 'with' || n.type === 'range') {
            for (const name of assignedIn(n))
              if (scope.vars.has(name)) scope.vars.set(name, expr('assigned in a block'));
          }
          continue;
        }
        if (n.type === 'if' || n.type === 'with' || n.type === 'range')
          return this.enter(n, scope, file, offset, iteration, () => k++, visit);
        return scope;
      }
      return scope;
    };
    return visit(nodes, env);
  }

  /**
   * Whether a condition (`if`/`with` pipeline) holds, from the merged values: values and constants
   * with `not`, `and`, `or`, `eq`, `ne`, `empty`, `hasKey`. Undefined when it depends on anything else.
   */
  truth(pipe: Pipeline, env: Env, file: string): boolean | undefined {
    if (pipe.cmds.length !== 1) {
      const v = this.valueOf(this.pipeline(pipe, env, file));
      return v === UNKNOWN ? undefined : !isEmptyValue(v);
    }
    return this.truthOf(pipe.cmds[0] as Command, env, file);
  }

  private truthOf(cmd: Command, env: Env, file: string): boolean | undefined {
    const [head, ...rest] = cmd.args;
    if (!head) return undefined;
    const value = (e: Expr): unknown => {
      if (e.kind === 'pipe' && e.fields.length === 0 && e.pipe.cmds.length === 1) {
        const t = this.truthOf(e.pipe.cmds[0] as Command, env, file);
        if (t !== undefined) return t;
      }
      return this.valueOf(this.arg(e, env, file));
    };
    const truthy = (e: Expr): boolean | undefined => {
      const v = value(e);
      return v === UNKNOWN ? undefined : !isEmptyValue(v);
    };
    if (head.kind !== 'identifier') {
      if (rest.length > 0) return undefined;
      return truthy(head);
    }
    switch (head.name) {
      case 'not': {
        const a = rest[0] ? truthy(rest[0]) : undefined;
        return a === undefined ? undefined : !a;
      }
      case 'and':
      case 'or': {
        let unknown = false;
        for (const e of rest) {
          const t = truthy(e);
          if (t === undefined) unknown = true;
          else if (head.name === 'and' && !t) return false;
          else if (head.name === 'or' && t) return true;
        }
        return unknown ? undefined : head.name === 'and';
      }
      case 'eq':
      case 'ne': {
        const [a, ...bs] = rest.map(value);
        if (a === UNKNOWN || bs.some((b) => b === UNKNOWN)) return undefined;
        const same = bs.some((b) => String(b) === String(a));
        return head.name === 'eq' ? same : !same;
      }
      case 'empty': {
        const t = rest[0] ? truthy(rest[0]) : undefined;
        return t === undefined ? undefined : !t;
      }
      case 'hasKey': {
        const [m, k] = rest.map(value);
        if (m === UNKNOWN || k === UNKNOWN || typeof k !== 'string') return undefined;
        return typeof m === 'object' && m !== null && !Array.isArray(m) && k in m;
      }
      default: {
        const v = this.valueOf(this.command(cmd, env, file, undefined));
        return v === UNKNOWN ? undefined : !isEmptyValue(v);
      }
    }
  }

  /** The symbolic value of one operand. */
  operand(e: Expr, env: Env, file: string): Resolved {
    return this.arg(e, env, file);
  }

  private enter(
    n: ControlNode,
    scope: Env,
    file: string,
    offset: number,
    iteration: readonly string[] | undefined,
    nextIndex: () => number,
    visit: (list: readonly Node[], scope: Env) => Env,
  ): Env {
    const inBody = offset >= n.open.end && offset < (n.elseTag?.start ?? n.endTag?.start ?? n.end);
    const inner: Env = { dot: scope.dot, vars: new Map(scope.vars) };
    if (!inBody) {
      if (!n.elseBody) return inner;
      const chained = n.elseBody[0];
      if (
        n.elseBody.length === 1 &&
        chained &&
        (chained.type === 'if' || chained.type === 'with') &&
        chained.chained
      ) {
        return this.enter(chained, inner, file, offset, iteration, nextIndex, visit);
      }
      return visit(n.elseBody, inner);
    }
    const v = this.pipeline(n.pipe, scope, file);
    if (n.type === 'with') {
      inner.dot = v;
      if (n.pipe.decl.length > 0) declare(inner, n.pipe, v);
    } else if (n.type === 'range') {
      const key = iteration?.[nextIndex()];
      const elem = key === undefined || key === '?' ? expr('unknown iteration') : this.element(v, key);
      inner.dot = elem;
      const [a, b] = n.pipe.decl;
      if (a && b) {
        inner.vars.set(a.name, key === undefined ? expr('unknown iteration') : literalKey(key, file));
        inner.vars.set(b.name, elem);
      } else if (a) inner.vars.set(a.name, elem);
    } else if (n.pipe.decl.length > 0) declare(inner, n.pipe, v);
    return visit(n.body, inner);
  }

  /** The element of a ranged-over value for a key from the trace. */
  private element(list: Resolved, key: string): Resolved {
    if (list.sym.kind === 'values') {
      const value = this.ctx.valueAt(list.sym.path);
      const k: PathElem = Array.isArray(value) && /^\d+$/.test(key) ? Number(key) : key;
      return { sym: { kind: 'values', path: [...list.sym.path, k] }, transforms: list.transforms };
    }
    if (list.sym.kind === 'dict') return list.sym.entries.get(key) ?? expr('range over a dict');
    return expr('range over a computed value');
  }
}

const UNKNOWN = Symbol('unknown');

function literalKey(key: string, file: string): Resolved {
  return { sym: { kind: 'literal', value: key, file, span: { start: 0, end: 0 } }, transforms: [] };
}

function declare(env: Env, pipe: Pipeline, value: Resolved): void {
  const [a] = pipe.decl;
  if (!a) return;
  if (pipe.assign && !env.vars.has(a.name)) return;
  env.vars.set(a.name, value);
}

/** Variables assigned (`$x = …`) anywhere inside a control structure. */
function assignedIn(n: ControlNode): string[] {
  const out: string[] = [];
  const go = (list: readonly Node[]): void => {
    for (const c of list) {
      if (c.type === 'action' && c.pipe.assign) out.push(...c.pipe.decl.map((d) => d.name));
      if (c.type === 'if' || c.type === 'with' || c.type === 'range') {
        go(c.body);
        if (c.elseBody) go(c.elseBody);
      }
    }
  };
  go(n.body);
  if (n.elseBody) go(n.elseBody);
  return out;
}

/** Follows field names from a symbolic value. */
export function field(r: Resolved, names: readonly PathElem[]): Resolved {
  if (names.length === 0) return r;
  const [first, ...rest] = names;
  const s = r.sym;
  switch (s.kind) {
    case 'root':
      if (first === 'Values') return { sym: { kind: 'values', path: [...rest] }, transforms: r.transforms };
      if (first === 'Chart')
        return { sym: { kind: 'chart', path: rest.map(String) }, transforms: r.transforms };
      return expr(`.${String(first)}`);
    case 'values':
      return { sym: { kind: 'values', path: [...s.path, ...names] }, transforms: r.transforms };
    case 'chart':
      return { sym: { kind: 'chart', path: [...s.path, ...names.map(String)] }, transforms: r.transforms };
    case 'dict': {
      const v = s.entries.get(String(first));
      return v ? field(v, rest) : expr(`dict has no ${String(first)}`);
    }
    default:
      return expr('field of a computed value');
  }
}

/** A key for a symbolic value that is the same for equal values, or undefined when it cannot be compared. */
function stableKey(s: Sym): string | undefined {
  switch (s.kind) {
    case 'root':
      return 'root';
    case 'values':
      return `v:${JSON.stringify(s.path)}`;
    case 'chart':
      return `c:${JSON.stringify(s.path)}`;
    case 'literal':
      return `l:${JSON.stringify(s.value)}`;
    default:
      return undefined;
  }
}

function symKey(s: Sym): string {
  switch (s.kind) {
    case 'values':
      return `v:${JSON.stringify(s.path)}`;
    case 'chart':
      return `c:${JSON.stringify(s.path)}`;
    case 'literal':
      return `l:${s.file}:${s.span.start}`;
    case 'root':
      return 'root';
    default:
      return `x:${Math.random()}`;
  }
}

/** True when a value printed through these functions reads back as the values entry itself. */
export function editableThrough(transforms: readonly string[]): boolean {
  return transforms.every((t) => PASS_THROUGH.has(t));
}
