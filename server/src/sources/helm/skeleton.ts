import {
  parseTemplate,
  type ActionNode,
  type BlockNode,
  type ControlNode,
  type DefineNode,
  type Node,
  type Span,
  type Template,
  type TemplateNode,
} from './go-template';
import { lineEnd, lineStarts } from './instrument';

/** An output-producing tag: `{{ pipeline }}` without declarations, or `{{ template … }}`. */
export type OutputNode = ActionNode | TemplateNode;

/** A piece of one template line: text that is output, an output tag, or another tag. */
export type LinePiece =
  | { kind: 'text'; start: number; end: number }
  | { kind: 'output'; start: number; end: number; node: OutputNode }
  | { kind: 'tag'; start: number; end: number };

/** An enclosing control structure and which branch of it holds a line. */
export interface BlockRef {
  node: ControlNode | DefineNode | BlockNode;
  branch: 'body' | 'else';
}

/** How a literal key's value is written on its line. */
export type ValueKind =
  /** `key:` and nothing else: a nested block follows (or the value is null). */
  | 'none'
  /** Plain text, no action (`privileged: true`, `name: "x"`, `|` block scalar header). */
  | 'literal'
  /** One output action, optionally between quotes (`port: {{ .Values.port }}`, `v: "{{ .x }}"`). */
  | 'action'
  /** Text and actions mixed (`image: "{{ .a }}:{{ .b }}"`). */
  | 'mixed';

/** One YAML-level thing written in a template: a literal key, a sequence item, or an action's output. */
export interface SkelEntry {
  kind: 'root' | 'key' | 'item' | 'output';
  /** 0-based template line. */
  line: number;
  /** Column of the key, of the `-`, or where the output goes (nindent's width). */
  col: number;
  key?: string;
  keySpan?: Span;
  valueKind?: ValueKind;
  /** The value's text on the line (literal, action with its quotes, or mixed). */
  valueSpan?: Span;
  /** For `action` values and `output` entries: the tag whose output this is. */
  action?: OutputNode;
  /** `|` or `>` header: the lines below are scalar content, not YAML structure. */
  blockScalar?: boolean;
  children: SkelEntry[];
  parent: SkelEntry | undefined;
  blocks: BlockRef[];
  /** Literal keys from the document root; `[]` for a sequence item, `*` for an action's output. */
  path: string[];
}

/** One line of a template: its pieces, what is written on it, and the blocks around it. */
export interface SkeletonLine {
  line: number;
  start: number;
  end: number;
  pieces: LinePiece[];
  /** Entries written on this line (an item and its first key share a line). */
  entries: SkelEntry[];
  /** Enclosing control structures at the line's first output, outermost first. */
  blocks: BlockRef[];
  inDefine: boolean;
  /** Inside a block scalar: text content, not structure. */
  scalarContent: boolean;
}

/** The static structure of a template. */
export interface Skeleton {
  source: string;
  template: Template;
  lines: SkeletonLine[];
  root: SkelEntry;
  /** Entries by path joined with `\u0000`. */
  byPath: Map<string, SkelEntry[]>;
}

interface Region {
  start: number;
  end: number;
  ref: BlockRef;
}

function isOutputTag(n: Node): n is OutputNode {
  return (n.type === 'action' && n.pipe.decl.length === 0) || n.type === 'template';
}

/** Flattened text/tag pieces of the whole template (text clipped to what is output), and block regions. */
function flatten(t: Template): { pieces: LinePiece[]; regions: Region[]; defines: Span[] } {
  const pieces: LinePiece[] = [];
  const regions: Region[] = [];
  const defines: Span[] = [];
  const tag = (s: { start: number; end: number }): void => {
    pieces.push({ kind: 'tag', start: s.start, end: s.end });
  };
  const go = (list: readonly Node[]): void => {
    for (const n of list) {
      switch (n.type) {
        case 'text':
          if (n.valueEnd > n.valueStart) pieces.push({ kind: 'text', start: n.valueStart, end: n.valueEnd });
          break;
        case 'action':
        case 'template':
          if (isOutputTag(n)) pieces.push({ kind: 'output', start: n.start, end: n.end, node: n });
          else tag(n);
          break;
        case 'comment':
        case 'break':
        case 'continue':
          tag(n);
          break;
        case 'if':
        case 'with':
        case 'range':
          control(n);
          break;
        case 'define':
        case 'block': {
          tag(n.open);
          const bodyEnd = n.endTag?.start ?? n.end;
          regions.push({ start: n.open.end, end: bodyEnd, ref: { node: n, branch: 'body' } });
          defines.push({ start: n.open.end, end: bodyEnd });
          go(n.body);
          if (n.endTag) tag(n.endTag);
          break;
        }
      }
    }
  };
  const control = (n: ControlNode): void => {
    if (!n.chained) tag(n.open);
    const bodyEnd = n.elseTag?.start ?? n.endTag?.start ?? n.end;
    regions.push({ start: n.open.end, end: bodyEnd, ref: { node: n, branch: 'body' } });
    go(n.body);
    if (n.elseBody && n.elseTag) {
      const elseStart = n.elseTag.start;
      regions.push({ start: elseStart, end: n.endTag?.start ?? n.end, ref: { node: n, branch: 'else' } });
      const first = n.elseBody[0];
      if (
        n.elseBody.length === 1 &&
        first &&
        (first.type === 'if' || first.type === 'with') &&
        first.chained
      ) {
        tag(first.open);
        control(first);
      } else {
        tag(n.elseTag);
        go(n.elseBody);
      }
    }
    if (n.endTag && !n.chained) tag(n.endTag);
  };
  go(t.nodes);
  return { pieces, regions, defines };
}

/** Control structures enclosing an offset, outermost first. */
export function blocksAt(regions: readonly Region[], offset: number): BlockRef[] {
  return regions
    .filter((r) => r.start <= offset && offset < r.end)
    .sort((a, b) => a.start - b.start || b.end - a.end)
    .map((r) => r.ref);
}

/** The width `nindent N` / `indent N` gives an action's output, if its last commands say so. */
export function outputIndent(node: OutputNode): { width: number; newline: boolean } | undefined {
  if (node.type !== 'action') return undefined;
  for (let i = node.pipe.cmds.length - 1; i >= 0; i--) {
    const cmd = node.pipe.cmds[i];
    const fn = cmd?.args[0];
    if (fn?.kind !== 'identifier') return undefined;
    if (fn.name === 'nindent' || fn.name === 'indent') {
      const n = cmd?.args[1];
      if (n?.kind !== 'number') return undefined;
      return { width: Number(n.text), newline: fn.name === 'nindent' };
    }
    if (!['trim', 'trimSuffix', 'trimPrefix'].includes(fn.name)) return undefined;
  }
  return undefined;
}

const KEEP = 0;
const OUT = 1;
const TAG = 2;

/**
 * Static structure of a manifest template, line by line: indentation, literal keys, how each value
 * is written, sequence dashes, enclosing if/with/range/define blocks, and a tree of what is written
 * where by YAML path. It tells where a block is written even when the block was not rendered.
 */
export function buildSkeleton(source: string, template: Template = parseTemplate(source)): Skeleton {
  const { pieces, regions, defines } = flatten(template);
  const starts = lineStarts(source);
  const root: SkelEntry = {
    kind: 'root',
    line: -1,
    col: -1,
    children: [],
    parent: undefined,
    blocks: [],
    path: [],
  };
  const byPath = new Map<string, SkelEntry[]>();
  const lines: SkeletonLine[] = [];
  const stack: SkelEntry[] = [root];
  let scalarUntil: { col: number } | undefined;
  let pi = 0;
  const add = (e: SkelEntry): void => {
    e.parent?.children.push(e);
    const k = e.path.join('\u0000');
    const list = byPath.get(k) ?? [];
    list.push(e);
    byPath.set(k, list);
  };
  for (let line = 0; line < starts.length; line++) {
    const ls = starts[line] ?? 0;
    const le = lineEnd(source, starts, line);
    while (pi < pieces.length && (pieces[pi]?.end ?? 0) <= ls) pi++;
    const linePieces: LinePiece[] = [];
    for (let j = pi; j < pieces.length; j++) {
      const p = pieces[j] as LinePiece;
      if (p.start >= le && !(p.start === le && p.end === le)) break;
      if (p.end <= ls) continue;
      if (p.kind === 'text') {
        const s = Math.max(p.start, ls);
        const e = Math.min(p.end, le);
        if (e > s) linePieces.push({ kind: 'text', start: s, end: e });
      } else linePieces.push(p);
    }
    // A mask of the line: what is output as text, what is an output tag, what is anything else.
    const width = le - ls;
    const mask = new Uint8Array(width).fill(TAG);
    for (const p of linePieces) {
      const s = Math.max(p.start, ls) - ls;
      const e = Math.min(p.end, le) - ls;
      mask.fill(p.kind === 'text' ? KEEP : p.kind === 'output' ? OUT : TAG, s, e);
    }
    const firstOut = linePieces.find((p) => p.kind !== 'tag' && /\S/.test(source.slice(p.start, p.end)));
    const inDefine = defines.some(
      (d) => d.start <= (firstOut?.start ?? ls) && (firstOut?.start ?? ls) < d.end,
    );
    const blocks = blocksAt(regions, firstOut?.start ?? ls);
    const sl: SkeletonLine = {
      line,
      start: ls,
      end: le,
      pieces: linePieces,
      entries: [],
      blocks,
      inDefine,
      scalarContent: false,
    };
    lines.push(sl);
    if (!firstOut || inDefine) continue;
    const text = source.slice(ls, le);
    let i = 0;
    while (i < width && mask[i] === KEEP && (text[i] === ' ' || text[i] === '\t')) i++;
    while (i < width && mask[i] === TAG) i++;
    while (i < width && mask[i] === KEEP && (text[i] === ' ' || text[i] === '\t')) i++;
    const startsWithText = mask[i] === KEEP;
    const col = i;
    if (scalarUntil) {
      if (
        col > scalarUntil.col ||
        (!startsWithText && (effectiveCol(linePieces, col) ?? Infinity) > scalarUntil.col)
      ) {
        sl.scalarContent = true;
        continue;
      }
      scalarUntil = undefined;
    }
    const put = (e: SkelEntry, accepts: (top: SkelEntry) => boolean, name: string): void => {
      while (stack.length > 1 && !accepts(stack[stack.length - 1] as SkelEntry)) stack.pop();
      const parent = stack[stack.length - 1] as SkelEntry;
      e.parent = parent;
      e.path = [...parent.path, name];
      add(e);
      sl.entries.push(e);
    };
    if (!startsWithText) {
      const out = linePieces.find((p): p is Extract<LinePiece, { kind: 'output' }> => p.kind === 'output');
      if (!out) continue;
      const c = effectiveCol(linePieces, col) ?? col;
      const e: SkelEntry = {
        kind: 'output',
        line,
        col: c,
        action: out.node,
        children: [],
        parent: undefined,
        blocks,
        path: [],
      };
      put(e, (top) => accepts(top, 'output', c), '*');
      continue;
    }
    let at = i;
    let parentForKey: SkelEntry | undefined;
    while (
      text[at] === '-' &&
      mask[at] === KEEP &&
      (at + 1 >= width || text[at + 1] === ' ' || text[at + 1] === '\t' || mask[at + 1] !== KEEP)
    ) {
      const item: SkelEntry = {
        kind: 'item',
        line,
        col: at,
        children: [],
        parent: undefined,
        blocks,
        path: [],
      };
      const dashCol = at;
      put(item, (top) => accepts(top, 'item', dashCol), '[]');
      stack.push(item);
      parentForKey = item;
      at++;
      while (at < width && mask[at] === KEEP && (text[at] === ' ' || text[at] === '\t')) at++;
    }
    const key = readKey(text, mask, at);
    if (!key) {
      if (parentForKey) {
        const v = valueOf(text, mask, at, ls, linePieces);
        if (v) {
          parentForKey.valueKind = v.kind;
          parentForKey.valueSpan = v.span;
          if (v.action) parentForKey.action = v.action;
        }
      }
      continue;
    }
    const v = valueOf(text, mask, key.valueStart, ls, linePieces);
    const keyCol = at;
    const entry: SkelEntry = {
      kind: 'key',
      line,
      col: keyCol,
      key: key.text,
      keySpan: { start: ls + key.start, end: ls + key.end },
      valueKind: v?.kind ?? 'none',
      children: [],
      parent: undefined,
      blocks,
      path: [],
    };
    if (v) entry.valueSpan = v.span;
    if (v?.action) entry.action = v.action;
    if (v?.blockScalar) entry.blockScalar = true;
    put(entry, (top) => accepts(top, 'key', keyCol), key.text);
    stack.push(entry);
    if (entry.blockScalar) scalarUntil = { col: keyCol };
  }
  return { source, template, lines, root, byPath };
}

/**
 * Whether `top` may hold a key (at column `col`), a sequence item (dash at `col`) or an action's
 * output (at `col`) as a child. Items and outputs may sit at their key's column (a flush sequence).
 */
function accepts(top: SkelEntry, kind: 'key' | 'item' | 'output', col: number): boolean {
  if (top.kind === 'root') return true;
  if (top.kind === 'key') {
    if (kind === 'key') return col > top.col;
    if (kind === 'item') return col >= top.col;
    return top.valueKind === 'none' ? col >= top.col : col > top.col;
  }
  if (top.kind === 'item') return col > top.col;
  return false;
}

/** Column where the first output tag of a line puts its text (nindent's width, else where it stands). */
function effectiveCol(pieces: readonly LinePiece[], col: number): number | undefined {
  const out = pieces.find((p): p is Extract<LinePiece, { kind: 'output' }> => p.kind === 'output');
  if (!out) return undefined;
  const ind = outputIndent(out.node);
  if (!ind) return col;
  return ind.newline ? ind.width : (out.node.trimLeft ? 0 : col) + ind.width;
}

interface KeyMatch {
  text: string;
  start: number;
  end: number;
  valueStart: number;
}

/** A literal block-mapping key at `at` of a masked line (`key:` followed by a space or the end). */
function readKey(text: string, mask: Uint8Array, at: number): KeyMatch | undefined {
  const width = text.length;
  if (mask[at] !== KEEP) return undefined;
  const c = text[at] ?? '';
  let end: number;
  let value: string;
  if (c === '"' || c === "'") {
    let j = at + 1;
    for (; j < width; j++) {
      if (mask[j] !== KEEP) return undefined;
      if (c === '"' && text[j] === '\\') {
        j++;
        continue;
      }
      if (text[j] === c) {
        if (c === "'" && text[j + 1] === "'") {
          j++;
          continue;
        }
        break;
      }
    }
    if (j >= width) return undefined;
    end = j + 1;
    const raw = text.slice(at, end);
    value = c === '"' ? safeJson(raw) : raw.slice(1, -1).replace(/''/g, "'");
  } else {
    if ('#{}[]&*!|>%@`,?:'.includes(c) || c === '-') return undefined;
    let j = at;
    for (; j < width; j++) {
      if (mask[j] !== KEEP) return undefined;
      if (
        text[j] === ':' &&
        (j + 1 >= width || text[j + 1] === ' ' || text[j + 1] === '\t' || mask[j + 1] !== KEEP)
      )
        break;
      if (text[j] === '#' && (text[j - 1] === ' ' || text[j - 1] === '\t')) return undefined;
    }
    if (j >= width) return undefined;
    end = j;
    while (end > at && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    value = text.slice(at, end);
  }
  let k = end;
  while (k < width && (text[k] === ' ' || text[k] === '\t') && mask[k] === KEEP) k++;
  if (text[k] !== ':' || mask[k] !== KEEP) return undefined;
  return { text: value, start: at, end, valueStart: k + 1 };
}

function safeJson(raw: string): string {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'string' ? v : raw.slice(1, -1);
  } catch {
    return raw.slice(1, -1);
  }
}

/** How the value after a key (from `from`, line-relative) is written. */
function valueOf(
  text: string,
  mask: Uint8Array,
  from: number,
  ls: number,
  pieces: readonly LinePiece[],
): { kind: ValueKind; span: Span; action?: OutputNode; blockScalar?: boolean } | undefined {
  let s = from;
  const width = text.length;
  while (s < width && (mask[s] === TAG || ((text[s] === ' ' || text[s] === '\t') && mask[s] === KEEP))) s++;
  let e = width;
  // A trailing comment (text `#` after white space) and trailing tags or white space are not the value.
  for (let j = s; j < width; j++) {
    if (mask[j] === KEEP && text[j] === '#' && (j === s || text[j - 1] === ' ' || text[j - 1] === '\t')) {
      if (!insideQuotes(text, mask, s, j)) {
        e = j;
        break;
      }
    }
  }
  while (
    e > s &&
    (mask[e - 1] === TAG || ((text[e - 1] === ' ' || text[e - 1] === '\t') && mask[e - 1] === KEEP))
  )
    e--;
  if (e <= s) return { kind: 'none', span: { start: ls + s, end: ls + s } };
  const span = { start: ls + s, end: ls + e };
  let outs = 0;
  let hasText = false;
  for (let j = s; j < e; j++) {
    if (mask[j] === OUT && (j === s || mask[j - 1] !== OUT)) outs++;
    if (mask[j] === KEEP) hasText = true;
  }
  if (outs === 0) {
    const v = text.slice(s, e);
    return { kind: 'literal', span, blockScalar: /^[|>][0-9+-]*$/.test(v) };
  }
  const inner = pieces.filter(
    (p): p is Extract<LinePiece, { kind: 'output' }> =>
      p.kind === 'output' && p.start >= ls + s && p.end <= ls + e,
  );
  const only = inner[0];
  if (outs === 1 && only) {
    const before = text.slice(s, only.start - ls);
    const after = text.slice(only.end - ls, e);
    if (!hasText || (before === after && (before === '"' || before === "'"))) {
      return { kind: 'action', span, action: only.node };
    }
  }
  return { kind: 'mixed', span };
}

function insideQuotes(text: string, mask: Uint8Array, from: number, at: number): boolean {
  let q: string | undefined;
  for (let j = from; j < at; j++) {
    if (mask[j] !== KEEP) continue;
    const c = text[j];
    if (q) {
      if (c === '\\' && q === '"') j++;
      else if (c === q) q = undefined;
    } else if ((c === '"' || c === "'") && j === from) q = c;
  }
  return q !== undefined;
}

/** The entry on a line whose key or dash covers `offset`, else the line's innermost entry. */
export function entryAt(sk: Skeleton, line: number, offset?: number): SkelEntry | undefined {
  const l = sk.lines[line];
  if (!l) return undefined;
  if (offset !== undefined) {
    for (const e of l.entries) {
      if (e.keySpan && e.keySpan.start <= offset && offset < e.keySpan.end) return e;
    }
  }
  return l.entries[l.entries.length - 1];
}

/** The literal top-level `kind:` entry, where object-level findings without a better place go. */
export function kindEntry(sk: Skeleton): SkelEntry | undefined {
  return sk.root.children.find((e) => e.kind === 'key' && e.key === 'kind');
}
