import { parseTemplate, type ControlNode, type Node, type Template } from './go-template';

/** Folder, inside a chart's `templates/`, that holds the traced twins of its manifest templates. */
export const TRACE_DIR = '__kubeward_trace__';

/**
 * Where the twin of a manifest template goes: `templates/x/y.yaml` → `templates/__kubeward_trace__/x/y.yaml`,
 * `charts/sub/templates/y.yaml` → `charts/sub/templates/__kubeward_trace__/y.yaml`. Undefined for a
 * path that is not a manifest template (outside a `templates/` folder, a `_partial`, NOTES.txt, or
 * already a twin).
 */
export function twinPath(templatePath: string): string | undefined {
  const p = templatePath.replace(/\\/g, '/');
  const m = /^((?:charts\/[^/]+\/)*templates)\/(.+)$/.exec(p);
  if (!m?.[1] || !m[2]) return undefined;
  const rel = m[2];
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  if (base.startsWith('_') || !/\.(ya?ml|tpl)$/i.test(base)) return undefined;
  if (rel === TRACE_DIR || rel.startsWith(`${TRACE_DIR}/`)) return undefined;
  return `${m[1]}/${TRACE_DIR}/${rel}`;
}

/** The template a twin path was made from (or undefined when `path` is not a twin). */
export function twinSource(path: string): string | undefined {
  const p = path.replace(/\\/g, '/');
  const m = /^(.*?templates)\/__kubeward_trace__\/(.+)$/.exec(p);
  return m?.[1] && m[2] ? `${m[1]}/${m[2]}` : undefined;
}

/** Text inserted into the twin at an offset of the original (twin = original with these inserted). */
export interface Insertion {
  at: number;
  text: string;
}

/** A `range` of the template, and the variable that holds its index or key in the twin. */
export interface TracedRange {
  node: ControlNode;
  /** `$i` of `range $i, $v := …` (the user's, or one the twin declares). */
  indexVar: string | undefined;
}

/** A template's traced twin, and what was changed to make it. */
export interface Instrumented {
  /** The template with markers and range index variables added; same line count as the original. */
  twin: string;
  nonce: string;
  insertions: Insertion[];
  /** 0-based lines that carry a marker. */
  markedLines: number[];
  ranges: TracedRange[];
  template: Template;
}

/** Line starts of a text (0 first), with `\n`, `\r\n` or a lone `\r` as line breaks. */
export function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) out.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) out.push(i + 1);
  }
  return out;
}

/** 0-based line of an offset, by binary search in `starts`. */
export function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** End of line `line` (offset of its line break, or the text's end). */
export function lineEnd(text: string, starts: readonly number[], line: number): number {
  const next = starts[line + 1];
  if (next === undefined) return text.length;
  let e = next - 1;
  if (text.charCodeAt(e) === 10 && text.charCodeAt(e - 1) === 13) e--;
  return e;
}

interface Piece {
  start: number;
  end: number;
  /** Output-producing (text with non-space characters, an output action, a template call). */
  output: boolean;
  /** A tag (action, control tag, comment) rather than text. */
  tag: boolean;
  trimRight: boolean;
  /** Enclosing range nodes whose body (not else) holds this piece; innermost last. */
  ranges: ControlNode[];
  inDefine: boolean;
}

/** Flattens the tree into text and tag pieces in source order, with their block context. */
function pieces(template: Template): Piece[] {
  const out: Piece[] = [];
  const src = template.source;
  const go = (list: readonly Node[], ranges: ControlNode[], inDefine: boolean): void => {
    for (const n of list) {
      switch (n.type) {
        case 'text':
          out.push({
            start: n.start,
            end: n.end,
            output: /\S/.test(src.slice(n.valueStart, n.valueEnd)),
            tag: false,
            trimRight: false,
            ranges,
            inDefine,
          });
          break;
        case 'action':
          out.push({ ...tagPiece(n, ranges, inDefine), output: n.pipe.decl.length === 0 });
          break;
        case 'template':
          out.push({ ...tagPiece(n, ranges, inDefine), output: true });
          break;
        case 'comment':
        case 'break':
        case 'continue':
          out.push(tagPiece(n, ranges, inDefine));
          break;
        case 'if':
        case 'with':
        case 'range':
          goControl(n, ranges, inDefine);
          break;
        case 'define':
        case 'block':
          out.push(tagPiece(n.open, ranges, inDefine));
          // A block's body is executed in place, but it is also a define: left untouched either way.
          go(n.body, ranges, true);
          if (n.endTag) out.push(tagPiece(n.endTag, ranges, inDefine));
          break;
      }
    }
  };
  const goControl = (n: ControlNode, ranges: ControlNode[], inDefine: boolean): void => {
    if (!n.chained) out.push(tagPiece(n.open, ranges, inDefine));
    go(n.body, n.type === 'range' ? [...ranges, n] : ranges, inDefine);
    if (n.elseBody) {
      const chained = n.elseBody.length === 1 && n.elseBody[0]?.type !== 'text' ? n.elseBody[0] : undefined;
      if (chained && (chained.type === 'if' || chained.type === 'with') && chained.chained) {
        out.push(tagPiece(chained.open, ranges, inDefine));
        goControl(chained, ranges, inDefine);
        return;
      }
      if (n.elseTag) out.push(tagPiece(n.elseTag, ranges, inDefine));
      go(n.elseBody, ranges, inDefine);
    }
    if (n.endTag && !n.chained) out.push(tagPiece(n.endTag, ranges, inDefine));
  };
  go(template.nodes, [], false);
  return out;
}

function tagPiece(
  t: { start: number; end: number; trimRight: boolean },
  ranges: ControlNode[],
  inDefine: boolean,
): Piece {
  return { start: t.start, end: t.end, output: false, tag: true, trimRight: t.trimRight, ranges, inDefine };
}

/** A random marker nonce (hex), so a marker never matches text a user wrote. */
export function newNonce(): string {
  return Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
}

/**
 * Builds the traced twin of a manifest template. After every template line that produces output
 * and ends in text context (outside actions, comments and `define`/`block` bodies), it adds an
 * action that prints ` #kwtrace:<nonce>:<line>` (1-based line), followed inside `range` bodies by
 * `@` and the URL-query-escaped index or key of each enclosing range (outermost first, comma
 * separated). `range` actions get an index variable when they have none; the dot and the user's
 * variables keep their meaning. Nothing inside `define`/`block` changes, so the clean render is
 * unaffected. Returns undefined when the template does not parse (helm fails on it anyway).
 */
export function instrumentTemplate(source: string, nonce: string = newNonce()): Instrumented | undefined {
  const template = parseTemplate(source);
  if (template.error) return undefined;
  const insertions: Insertion[] = [];
  const ranges: TracedRange[] = [];
  const indexVar = new Map<ControlNode, string | undefined>();
  let counter = 0;
  const visitRanges = (list: readonly Node[], inDefine: boolean): void => {
    for (const n of list) {
      if (n.type === 'define' || n.type === 'block') visitRanges(n.body, true);
      else if (n.type === 'if' || n.type === 'with' || n.type === 'range') {
        if (n.type === 'range' && !inDefine) {
          const decl = n.pipe.decl;
          let v: string | undefined;
          if (decl.length === 2) v = decl[0]?.name;
          else if (decl.length === 1 && !n.pipe.assign) {
            v = `$__kw${counter++}`;
            insertions.push({ at: decl[0]?.start ?? n.pipe.start, text: `${v}, ` });
          } else if (decl.length === 0) {
            const id = counter++;
            v = `$__kw${id}`;
            insertions.push({ at: n.pipe.start, text: `${v}, $__kwv${id} := ` });
          }
          indexVar.set(n, v);
          ranges.push({ node: n, indexVar: v });
        }
        visitRanges(n.body, inDefine);
        if (n.elseBody) visitRanges(n.elseBody, inDefine);
      }
    }
  };
  visitRanges(template.nodes, false);

  const all = pieces(template);
  const starts = lineStarts(source);
  const markedLines: number[] = [];
  let pi = 0;
  for (let line = 0; line < starts.length; line++) {
    const ls = starts[line] ?? 0;
    const le = lineEnd(source, starts, line);
    while (pi < all.length && (all[pi]?.end ?? 0) <= ls) pi++;
    let j = pi;
    let inTextAtEnd = true;
    let last: { at: number; piece: Piece } | undefined;
    for (; j < all.length; j++) {
      const p = all[j] as Piece;
      if (p.start > le) break;
      if (p.tag && p.start < le && p.end > le) inTextAtEnd = false;
      if (!p.output || p.inDefine) continue;
      if (p.tag) {
        if (p.end >= ls && p.end <= le) last = { at: p.end, piece: p };
      } else {
        let e = Math.min(p.end, le);
        const s = Math.max(p.start, ls);
        while (e > s && isBlank(source.charCodeAt(e - 1))) e--;
        if (e > s) last = { at: e, piece: p };
      }
    }
    if (!inTextAtEnd || !last || insideDefine(all, le)) continue;
    const { at, piece } = last;
    const vars: string[] = [];
    for (const r of piece.ranges) {
      const v = indexVar.get(r);
      if (v) vars.push(v);
      else vars.push('');
    }
    const label = ` #kwtrace:${nonce}:${line + 1}`;
    const trim = piece.tag && piece.trimRight && at === piece.end ? ' -' : '';
    let text: string;
    if (vars.length === 0) text = `{{ "${label}"${trim || ' '}}}`;
    else {
      const parts = vars.map((v) => (v ? `(urlquery ${v})` : '"?"')).join(' "," ');
      text = `{{ print "${label}@" ${parts}${trim || ' '}}}`;
    }
    insertions.push({ at, text });
    markedLines.push(line);
  }
  insertions.sort((a, b) => a.at - b.at);
  let twin = '';
  let from = 0;
  for (const ins of insertions) {
    twin += source.slice(from, ins.at) + ins.text;
    from = ins.at;
  }
  twin += source.slice(from);
  return { twin, nonce, insertions, markedLines, ranges, template };
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** True when `offset` is strictly inside a define/block body. */
function insideDefine(all: readonly Piece[], offset: number): boolean {
  for (const p of all) {
    if (p.start > offset) break;
    if (p.inDefine && p.start <= offset && offset < p.end) return true;
  }
  return false;
}

/** Maps an offset in the twin back to the original template (an offset inside an insertion maps to its point). */
export function twinToOriginal(insertions: readonly Insertion[], twinOffset: number): number {
  let shift = 0;
  for (const ins of insertions) {
    const at = ins.at + shift;
    if (twinOffset < at) break;
    if (twinOffset < at + ins.text.length) return ins.at;
    shift += ins.text.length;
  }
  return twinOffset - shift;
}
