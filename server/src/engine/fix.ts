import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Pair,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { deepestExisting, mapGet, type Field, type YValue } from './node';
import { columnOf, eolOf, lineEndOf, lineStartOf } from './text';

/** A text edit as offsets into the text it was computed on (chunk-relative inside rules). */
export interface Edit {
  start: number;
  end: number;
  newText: string;
}

/**
 * Safe: needs no value from the user and sets what Kubernetes documents as the secure setting that
 * nearly every workload tolerates; may go into fix-all. Unsafe: may take away something the workload
 * relies on, or needs a value; offered as a quick fix only.
 */
export type FixSafety = 'safe' | 'unsafe';

export interface Fix {
  /** Imperative, e.g. "Set `privileged: false`". */
  title: string;
  safety: FixSafety;
  edits: Edit[];
  /** The edits' `newText` holds snippet placeholders (`${1:tag}`) for the user to fill in. */
  snippet?: boolean;
}

/** A fix from edits, or undefined when some edit could not be built (what `Fixer.fix` returns). */
export function fixOf(title: string, safety: FixSafety, ...edits: (Edit | undefined)[]): Fix | undefined {
  if (edits.length === 0 || edits.some((e) => e === undefined)) return undefined;
  return { title, safety, edits: edits as Edit[] };
}

/** A fix whose edits hold snippet placeholders (`${1:tag}`) for the user to fill in. */
export function snippetFixOf(
  title: string,
  safety: FixSafety,
  ...edits: (Edit | undefined)[]
): Fix | undefined {
  const f = fixOf(title, safety, ...edits);
  return f && { ...f, snippet: true };
}

/** A value to write: a scalar's YAML text, or a list of scalar texts. */
export type Leaf = { scalar: string } | { seq: readonly string[] };

/**
 * Builds minimal edits on the source text: it never re-serialises a document, so comments, quoting,
 * key order, flow/block style, sequence indentation and line endings all stay as the author wrote them.
 */
export class Fixer {
  readonly eol: string;
  private unitCache: number | undefined;
  private seqCache: number | undefined;

  constructor(
    readonly text: string,
    private readonly docRoot: YValue,
  ) {
    this.eol = eolOf(text);
  }

  /** Indentation step of the document (2 unless it shows otherwise). */
  get indentUnit(): number {
    if (this.unitCache === undefined) this.detectStyle();
    return this.unitCache ?? 2;
  }

  /** Columns from a key to the `-` of its block sequence's items (0 = flush, as `kubectl` writes). */
  get seqIndent(): number {
    if (this.seqCache === undefined) this.detectStyle();
    return this.seqCache ?? this.indentUnit;
  }

  private detectStyle(): void {
    let unit: number | undefined;
    let seq: number | undefined;
    const visit = (node: YValue, depth: number): void => {
      if (depth > 40 || (unit !== undefined && seq !== undefined)) return;
      if (isMap(node) && !node.flow) {
        for (const p of node.items) {
          if (!isPair(p) || !isScalar(p.key) || !p.key.range) continue;
          const keyCol = this.column(this.propStart(p.key.range[0]));
          const v = p.value;
          if (isMap(v) && !v.flow && v.items.length > 0 && unit === undefined) {
            const first = v.items[0];
            if (isPair(first) && isScalar(first.key) && first.key.range) {
              const d = this.column(this.propStart(first.key.range[0])) - keyCol;
              if (d > 0) unit = d;
            }
          }
          if (isSeq(v) && !v.flow && v.items.length > 0 && seq === undefined) {
            const dash = this.dashOf(v, 0);
            if (
              dash !== undefined &&
              lineStartOf(this.text, dash) !== lineStartOf(this.text, p.key.range[0])
            ) {
              seq = Math.max(0, this.column(dash) - keyCol);
            }
          }
          visit(v, depth + 1);
        }
      } else if (isSeq(node)) {
        for (const item of node.items) visit(item, depth + 1);
      }
    };
    visit(this.docRoot, 0);
    this.unitCache = unit ?? 2;
    this.seqCache = seq ?? this.unitCache;
  }

  /**
   * Start of a key including what precedes it on its line that the parser leaves out of the key's
   * range (`&anchor`, `!tag`, an explicit-key `?`): `  !!str  key:` is indented by 2, not 10 (found
   * by fuzzing, issue 8).
   */
  propStart(keyStart: number): number {
    let at = keyStart;
    for (;;) {
      let i = at;
      while (i > 0 && (this.text[i - 1] === ' ' || this.text[i - 1] === '\t')) i--;
      let j = i;
      while (j > 0 && !/[\s]/.test(this.text[j - 1] ?? ' ')) j--;
      const c = this.text[j];
      if (j < i && (c === '&' || c === '!' || (c === '?' && i - j === 1))) at = j;
      else return at;
    }
  }

  /** Offset of the `-` that introduces item `i` of a block sequence. */
  dashOf(seq: YAMLSeq, i: number): number | undefined {
    const item = seq.items[i];
    const start = (item as { range?: number[] } | null)?.range?.[0];
    if (start === undefined) return undefined;
    let j = start - 1;
    while (j >= 0 && this.text[j] !== '-') {
      const c = this.text[j];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return undefined;
      j--;
    }
    return j >= 0 ? j : undefined;
  }

  /** A fix from edits, or undefined when some edit could not be built (the one way rules make a Fix). */
  fix(title: string, safety: FixSafety, ...edits: (Edit | undefined)[]): Fix | undefined {
    return fixOf(title, safety, ...edits);
  }

  /** A fix whose edits hold snippet placeholders (`${1:tag}`) for the user to fill in. */
  snippetFix(title: string, safety: FixSafety, ...edits: (Edit | undefined)[]): Fix | undefined {
    return snippetFixOf(title, safety, ...edits);
  }

  /** The node's own span, or undefined when it has no position (never offset 0 by default). */
  spanOf(node: YValue): { start: number; end: number } | undefined {
    const r = (node as { range?: number[] } | null)?.range;
    if (r?.[0] === undefined || r[1] === undefined) return undefined;
    return { start: r[0], end: r[1] };
  }

  /** A whole pair as a replacement target: key start to the end of its value's content (no trailing blanks). */
  pairExtent(pair: Pair): { start: number; end: number } | undefined {
    const key = pair.key as Scalar | null;
    const start = key?.range?.[0];
    if (start === undefined) return undefined;
    const v = pair.value as { range?: number[] } | null;
    let end = v?.range?.[1] ?? key?.range?.[1] ?? start;
    // YAML white space only: `\s` also matches U+200A, NBSP, VT…, which are content of a plain scalar
    // (fuzz-dd24ccf7f4: the replacement left the scalar's last character behind).
    while (end > start && /[ \t\r\n]/.test(this.text[end - 1] ?? '')) end--;
    return { start, end };
  }

  /** Replaces a whole `key: value` pair with `newText` (e.g. `emptyDir: {}` for a hostPath). */
  replacePair(pair: Pair, newText: string): Edit | undefined {
    const span = this.pairExtent(pair);
    return span && { ...span, newText };
  }

  /** Replaces a scalar with `text`, quoted as the scalar it replaces is (see {@link quoteLike}). */
  replaceQuoted(node: Scalar, text: string, flow = false): Edit | undefined {
    return this.replace(node, quoteLike(node, text, flow));
  }

  /** Replaces a scalar's text. */
  replace(node: YValue, newText: string): Edit | undefined {
    const r = (node as { range?: number[] } | null)?.range;
    if (r?.[0] === undefined || r[1] === undefined) return undefined;
    return { start: r[0], end: r[1], newText };
  }

  /** Sets the value of an existing pair to a scalar's YAML text (fills in an empty `key:` too). */
  setValue(field: Field, newText: string): Edit | undefined {
    // Through a merge key the pair belongs to the anchored map: editing it would change every user.
    if (field.merged) return undefined;
    const raw = field.pair.value;
    // `key: *alias`: replace the alias here, never the anchored node other keys also use.
    if (isAlias(raw)) return raw.range ? { start: raw.range[0], end: raw.range[1], newText } : undefined;
    const v = field.value;
    if (isScalar(v) && v.range) {
      if (v.value === null && v.range[0] === v.range[1]) {
        const colon = this.colonAfter(field.key);
        if (colon === undefined) return undefined;
        return { start: colon + 1, end: colon + 1, newText: ` ${newText}` };
      }
      return { start: v.range[0], end: v.range[1], newText };
    }
    if ((isMap(v) || isSeq(v)) && v.flow && v.range) return { start: v.range[0], end: v.range[1], newText };
    return undefined;
  }

  private colonAfter(key: Scalar): number | undefined {
    const end = key.range?.[1];
    if (end === undefined) return undefined;
    const i = this.text.indexOf(':', end);
    return i < 0 ? undefined : i;
  }

  /** Indentation column of an offset: a byte order mark before the first line is not indentation (fuzz-87fcc53841). */
  private column(offset: number): number {
    const c = columnOf(this.text, offset);
    return this.text.charCodeAt(0) === 0xfeff && lineStartOf(this.text, offset) === 0
      ? Math.max(0, c - 1)
      : c;
  }

  /** End of the last line with content of a node (before its line break); trailing blank lines excluded. */
  private contentLineEnd(node: YValue): number {
    const r = (node as { range?: number[] } | null)?.range;
    let end = r?.[1] ?? 0;
    // YAML white space only: `\s` also matches U+200A, NBSP, VT…, which are content of a plain scalar.
    while (end > 0 && /[ \t\r\n]/.test(this.text[end - 1] ?? '')) end--;
    return lineEndOf(this.text, end);
  }

  /** End offset of the pair's content on its last line. */
  private pairContentEnd(pair: Pair): number {
    const v = pair.value;
    if (v !== null && v !== undefined && (v as { range?: number[] }).range) {
      const r = (v as { range: number[] }).range;
      let end = r[1] ?? 0;
      while (end > 0 && /[ \t\r\n]/.test(this.text[end - 1] ?? '')) end--;
      return end;
    }
    return (pair.key as Scalar).range?.[1] ?? 0;
  }

  /** Removes a pair from its map (whole lines in block style, with its comma in flow style). */
  removePair(map: YAMLMap, pairOrField: Pair | Field): Edit | undefined {
    const pair: Pair = 'pair' in pairOrField ? pairOrField.pair : pairOrField;
    const idx = map.items.indexOf(pair);
    const key = pair.key as Scalar;
    const keyStart = key.range?.[0];
    if (idx < 0 || keyStart === undefined) return undefined;
    const contentEnd = this.pairContentEnd(pair);
    if (map.flow) return this.removeFlowItem(map.items, idx, keyStart, contentEnd);
    const ls = lineStartOf(this.text, keyStart);
    const at = this.propStart(keyStart);
    // Removing an anchored key would leave its aliases dangling.
    if (this.text.slice(at, keyStart).includes('&')) return undefined;
    const prefix = this.text.slice(ls, at);
    const le = lineEndOf(this.text, contentEnd);
    const afterEol = this.skipEol(le);
    if (/^[ \t]*$/.test(prefix)) return { start: ls, end: afterEol, newText: '' };
    // The pair shares its line with a `- ` (first key of a sequence item).
    const next = map.items[idx + 1];
    if (isPair(next) && isScalar(next.key) && next.key.range) {
      return { start: keyStart, end: next.key.range[0], newText: '' };
    }
    return { start: keyStart, end: le, newText: '{}' };
  }

  private skipEol(at: number): number {
    if (this.text[at] === '\r' && this.text[at + 1] === '\n') return at + 2;
    if (this.text[at] === '\n' || this.text[at] === '\r') return at + 1;
    return at;
  }

  private removeFlowItem(items: YValue[], idx: number, start: number, end: number): Edit {
    const next = items[idx + 1];
    const nextStart = this.itemStart(next);
    if (nextStart !== undefined) return { start, end: nextStart, newText: '' };
    const prev = items[idx - 1];
    if (prev !== undefined) {
      const prevEnd = this.itemEnd(prev);
      if (prevEnd !== undefined) return { start: prevEnd, end, newText: '' };
    }
    return { start, end, newText: '' };
  }

  private itemStart(item: YValue): number | undefined {
    if (isPair(item)) return (item.key as Scalar | null)?.range?.[0];
    return (item as { range?: number[] } | null)?.range?.[0];
  }

  private itemEnd(item: YValue): number | undefined {
    if (isPair(item)) return this.pairContentEnd(item);
    return (item as { range?: number[] } | null)?.range?.[1];
  }

  /** The map and pair that hold `node` as a value, found from the document root. */
  parentOf(node: YValue): { map: YAMLMap; pair: Pair } | undefined {
    let found: { map: YAMLMap; pair: Pair } | undefined;
    const visit = (n: YValue, depth: number): void => {
      if (found || depth > 200) return;
      if (isMap(n)) {
        for (const p of n.items) {
          if (!isPair(p)) continue;
          if (p.value === node) {
            found = { map: n, pair: p };
            return;
          }
          visit(p.value, depth + 1);
        }
      } else if (isSeq(n)) {
        for (const item of n.items) visit(item, depth + 1);
      }
    };
    visit(this.docRoot, 0);
    return found;
  }

  /**
   * Removes a pair, and its parent pair too when the pair was the parent's only entry (no empty
   * `securityContext:` or `annotations:` is left behind).
   */
  removePairCascade(map: YAMLMap, pairOrField: Pair | Field): Edit | undefined {
    if (map.items.length === 1 && !map.flow) {
      const parent = this.parentOf(map);
      if (parent) return this.removePairCascade(parent.map, parent.pair);
    }
    return this.removePair(map, pairOrField);
  }

  /**
   * Moves a pair with its whole block (its value, nested lines, the comment lines just above it at
   * its column, its trailing comment and the comment lines below it indented deeper) from `from` to
   * the end of `to`, below the maps `rest` (created), re-indented to `to`'s column. Into a flow map
   * only a one-line pair without comments moves. A map's last entry moving below new maps of that
   * same map becomes them in place. Undefined when the pair or its value has an anchor or an alias
   * (the move could put an alias before its anchor), when `to` already has the key, or when the text
   * cannot be cut cleanly.
   */
  movePair(from: YAMLMap, pair: Pair, to: YAMLMap, rest: readonly string[]): Edit[] | undefined {
    const key = pair.key;
    if (!isScalar(key) || key.range === undefined || key.range === null) return undefined;
    if (rest.length === 0 && mapGet(to, String(key.value))) return undefined;
    if (hasAnchorOrAlias(pair)) return undefined;
    if (to.items.some((p) => !isPair(p) || !isScalar(p.key))) return undefined;
    const name = String(key.value);
    const at = this.propStart(key.range[0]);
    const contentEnd = this.pairContentEnd(pair);
    const ls = lineStartOf(this.text, at);
    const ownLine = !from.flow && /^[ \t]*$/.test(this.text.slice(ls, at));
    let start = ownLine ? ls : at;
    let end = from.flow ? contentEnd : lineEndOf(this.text, contentEnd);
    const c0 = from.flow ? 0 : this.column(at);
    if (ownLine) {
      // Comment lines just above, at the key's column, belong to it.
      for (;;) {
        const prevEnd = start - (this.text[start - 2] === '\r' && this.text[start - 1] === '\n' ? 2 : 1);
        if (start === 0 || prevEnd < 0) break;
        const pls = lineStartOf(this.text, prevEnd);
        const line = this.text.slice(pls, prevEnd);
        if (!line.startsWith(`${' '.repeat(c0)}#`)) break;
        start = pls;
      }
      // Comment lines below, indented deeper, close its block.
      for (;;) {
        const nls = this.skipEol(end);
        if (nls === end || nls >= this.text.length) break;
        const nle = lineEndOf(this.text, nls);
        const m = /^( *)#/.exec(this.text.slice(nls, nle));
        if (!m || (m[1]?.length ?? 0) <= c0) break;
        end = nle;
      }
    }
    const lines = this.text.slice(start, end).split(/\r\n|\n|\r/);
    if (to.flow || from.flow) {
      // One line, no comment: the pair's text as it is, into a flow or a block map.
      if (lines.length !== 1 || /(^|\s)#/.test(lines[0] ?? '')) return undefined;
    }
    if (to.flow) {
      const r = to.range;
      const v = pair.value as { range?: number[] } | null;
      if (!r || v?.range?.[0] === undefined || v.range[1] === undefined) return undefined;
      const value = this.text.slice(v.range[0], v.range[1]).trim();
      if (to === from && to.items[to.items.length - 1] === pair) {
        const newText = this.flowText([...rest, name], { scalar: value });
        return claimEnd([{ start: at, end: contentEnd, newText }]);
      }
      const insert = this.ensure(to, [...rest, name], { scalar: value });
      const remove = this.cutPair(from, pair, ownLine ? { start, end: this.skipEol(end) } : undefined);
      return insert && remove && !remove.some((e) => within(insert.start, e))
        ? [...remove, insert]
        : undefined;
    }
    const first = to.items[0];
    const firstKey = isPair(first) ? (first.key as Scalar | null)?.range?.[0] : undefined;
    const last = to.items[to.items.length - 1];
    if (firstKey === undefined || !isPair(last)) return undefined;
    const c1 = this.column(this.propStart(firstKey));
    const base = c1 + rest.length * this.indentUnit;
    const out = rest.map((k, i) => `${' '.repeat(c1 + i * this.indentUnit)}${k}:`);
    lines.forEach((line, i) => {
      const own = i === 0 && !ownLine ? c0 : (/^ */.exec(line)?.[0].length ?? 0);
      const content = i === 0 && !ownLine ? line : line.slice(own);
      out.push(content === '' ? '' : `${' '.repeat(own >= c0 ? own - c0 + base : base)}${content}`);
    });
    const block = out.join(this.eol);
    const insertAt = lineEndOf(this.text, this.pairContentEnd(last));
    if (to === from && last === pair) {
      // The map's last entry becomes the new maps in place. The edit takes the line break after it
      // too, so that another fix inserting after the map's last line (creating the same map) counts
      // as overlapping and comes a round later, when it merges into this one.
      const newText = ownLine ? block : block.slice(c1);
      const after = this.skipEol(end);
      if (after > end) return [{ start, end: after, newText: newText + this.text.slice(end, after) }];
      return insertAt === end ? claimEnd([{ start, end, newText }]) : [{ start, end, newText }];
    }
    const insert: Edit = { start: insertAt, end: insertAt, newText: this.eol + block };
    const remove = this.cutPair(from, pair, ownLine ? { start, end: this.skipEol(end) } : undefined);
    const cut = remove?.length === 1 ? remove[0] : undefined;
    if (cut?.newText === '' && within(insertAt, cut) && lineStartOf(this.text, cut.start) === cut.start) {
      // The pair ends the map it moves into (a pod field as the last key of the last container):
      // its lines give way to the block, at the target's column.
      const eol = /[\r\n]$/.test(this.text.slice(cut.start, cut.end)) ? this.eol : '';
      return [{ start: cut.start, end: cut.end, newText: block + eol }];
    }
    return remove && !remove.some((e) => within(insert.start, e)) ? [...remove, insert] : undefined;
  }

  /**
   * The edits that take a moving pair out of its map: its whole lines (`lines`), with its parent key
   * when it was the only entry (no empty `securityContext:` is left behind); or, on a `- ` line or in
   * a flow map, the pair itself. Undefined when the pair is the only entry of a block map on a `- `
   * line (the list item would be left as `{}`).
   */
  private cutPair(from: YAMLMap, pair: Pair, lines?: { start: number; end: number }): Edit[] | undefined {
    if (!lines) {
      if (!from.flow && from.items.length === 1) return undefined;
      const e = this.removePair(from, pair);
      return e && [e];
    }
    if (from.items.length > 1) return [{ ...lines, newText: '' }];
    const parent = this.parentOf(from);
    const up = parent && this.removePairCascade(parent.map, parent.pair);
    if (up?.newText !== '') return undefined;
    return [{ start: Math.min(up.start, lines.start), end: Math.max(up.end, lines.end), newText: '' }];
  }

  /** Removes item `i` of a sequence; removes the sequence's own key when it was the only item. */
  removeSeqItemCascade(seq: YAMLSeq, i: number): Edit | undefined {
    if (seq.items.length === 1) {
      const parent = this.parentOf(seq);
      if (parent) return this.removePairCascade(parent.map, parent.pair);
    }
    return this.removeSeqItem(seq, i);
  }

  /** Removes item `i` of a sequence (its whole lines in block style, with its comma in flow style). */
  removeSeqItem(seq: YAMLSeq, i: number): Edit | undefined {
    const item = seq.items[i];
    const r = (item as { range?: number[] } | null)?.range;
    if (r?.[0] === undefined) return undefined;
    if (seq.flow) {
      let end = r[1] ?? r[0];
      while (end > r[0] && /[ \t\r\n]/.test(this.text[end - 1] ?? '')) end--;
      return this.removeFlowItem(seq.items, i, r[0], end);
    }
    const dash = this.dashOf(seq, i);
    if (dash === undefined) return undefined;
    const ls = lineStartOf(this.text, dash);
    const end = this.skipEol(this.contentLineEnd(item));
    if (/^[ \t]*$/.test(this.text.slice(ls, dash))) return { start: ls, end, newText: '' };
    // A compact nested sequence (`- - a`): its first item shares the line with the outer dash. The
    // next item moves up into its place (`- - c`); with no next item the sequence becomes `[]`.
    const next = seq.items.length > i + 1 ? this.dashOf(seq, i + 1) : undefined;
    if (next !== undefined) return { start: dash, end: next, newText: '' };
    return { start: dash, end: lineEndOf(this.text, dash), newText: '[]' };
  }

  /** Appends an item to an existing sequence. */
  appendSeqItem(seq: YAMLSeq, itemText: string): Edit | undefined {
    if (seq.flow) {
      const r = seq.range;
      if (!r) return undefined;
      const close = r[1] - 1;
      if (seq.items.length === 0) return { start: close, end: close, newText: itemText };
      const lastEnd = this.itemEnd(seq.items[seq.items.length - 1]);
      if (lastEnd === undefined) return undefined;
      return { start: lastEnd, end: lastEnd, newText: `, ${itemText}` };
    }
    const dash = this.dashOf(seq, seq.items.length - 1);
    if (dash === undefined) return undefined;
    const col = this.column(dash);
    const at = this.contentLineEnd(seq.items[seq.items.length - 1]);
    return { start: at, end: at, newText: `${this.eol}${' '.repeat(col)}- ${itemText}` };
  }

  /**
   * Sets `path` below `base` to `leaf`, creating the missing maps at the document's indentation, in
   * block or flow style to match the parent. Existing values are replaced; nothing else is touched.
   */
  ensure(base: YAMLMap, path: readonly string[], leaf: Leaf): Edit | undefined {
    const hit = deepestExisting(base, path);
    if (hit && !this.ownedPath(base, path, hit.depth)) return undefined;
    if (hit?.depth === path.length) {
      if ('scalar' in leaf) return this.setValue(hit.field, leaf.scalar);
      if (isSeq(hit.field.value) || isScalar(hit.field.value)) {
        return this.setValue(hit.field, `[${leaf.seq.join(', ')}]`);
      }
      return undefined;
    }
    const rest = path.slice(hit?.depth ?? 0);
    let parent: YValue = base;
    if (hit) {
      const v = hit.field.value;
      if (isScalar(v) && v.value === null) return this.fillEmpty(hit.field, rest, leaf, v);
      parent = v;
    }
    if (!isMap(parent)) return undefined;
    // A complex (`? {…}`) key: where its content ends is not where a new key may go.
    if (parent.items.some((p) => !isPair(p) || !isScalar(p.key))) return undefined;
    if (parent.flow) {
      const r = parent.range;
      if (!r) return undefined;
      const text = this.flowText(rest, leaf);
      if (parent.items.length === 0) {
        const close = this.text.lastIndexOf('}', r[1]);
        return { start: close, end: close, newText: text };
      }
      const lastEnd = this.itemEnd(parent.items[parent.items.length - 1]);
      if (lastEnd === undefined) return undefined;
      return { start: lastEnd, end: lastEnd, newText: `, ${text}` };
    }
    const first = parent.items[0];
    const keyStart = isPair(first) ? (first.key as Scalar | null)?.range?.[0] : undefined;
    if (keyStart === undefined) return undefined;
    const col = this.column(this.propStart(keyStart));
    const last = parent.items[parent.items.length - 1] as Pair;
    const at = lineEndOf(this.text, this.pairContentEnd(last));
    return { start: at, end: at, newText: this.eol + this.blockText(rest, leaf, col) };
  }

  /**
   * True when the first `depth` keys of `path` below `base` are written in this map itself, not
   * reached through an alias or a merge key (an edit there would change the anchored node).
   */
  private ownedPath(base: YAMLMap, path: readonly string[], depth: number): boolean {
    let cur: YValue = base;
    for (let i = 0; i < depth; i++) {
      const f = mapGet(cur, path[i] ?? '');
      if (!f || f.merged) return false;
      if (i < depth - 1 && isAlias(f.pair.value)) return false;
      if (i === depth - 1 && i < path.length - 1 && isAlias(f.pair.value)) return false;
      cur = f.value;
    }
    return true;
  }

  private fillEmpty(field: Field, rest: readonly string[], leaf: Leaf, v: Scalar): Edit | undefined {
    if (v.range && v.range[0] !== v.range[1]) {
      // An explicit `~` or `null`: replace it by a flow map.
      return { start: v.range[0], end: v.range[1], newText: this.flowText(rest, leaf, true) };
    }
    const keyStart = field.key.range?.[0];
    if (keyStart === undefined) return undefined;
    const col = this.column(this.propStart(keyStart)) + this.indentUnit;
    const at = lineEndOf(this.text, field.key.range?.[1] ?? keyStart);
    return { start: at, end: at, newText: this.eol + this.blockText(rest, leaf, col) };
  }

  /** Block-style text for `a:\n  b: leaf` starting at column `col` (no leading newline). */
  blockText(path: readonly string[], leaf: Leaf, col: number): string {
    const lines: string[] = [];
    path.forEach((k, i) => {
      const pad = ' '.repeat(col + i * this.indentUnit);
      if (i < path.length - 1) lines.push(`${pad}${k}:`);
      else if ('scalar' in leaf) lines.push(`${pad}${k}: ${leaf.scalar}`);
      else {
        lines.push(`${pad}${k}:`);
        const dashPad = ' '.repeat(col + i * this.indentUnit + this.seqIndent);
        for (const item of leaf.seq) lines.push(`${dashPad}- ${item}`);
      }
    });
    return lines.join(this.eol);
  }

  /** Flow-style text for `a: {b: leaf}`; `wrap` adds the outer braces. */
  flowText(path: readonly string[], leaf: Leaf, wrap = false): string {
    let text = 'scalar' in leaf ? leaf.scalar : `[${leaf.seq.join(', ')}]`;
    for (let i = path.length - 1; i >= 1; i--) text = `{${path[i] ?? ''}: ${text}}`;
    text = `${path[0] ?? ''}: ${text}`;
    return wrap ? `{${text}}` : text;
  }
}

/** Whether `offset` lies inside an edit's span (its ends included). */
function within(offset: number, e: Edit): boolean {
  return offset >= e.start && offset <= e.end;
}

/**
 * An edit that ends where a map's new entries are inserted (at the end of the text, or in a flow map),
 * with an empty edit at that point: another fix inserting there (a second key creating the same
 * `securityContext:`) then counts as overlapping and is applied a round later, when it merges into
 * the map this one created.
 */
function claimEnd(edits: Edit[]): Edit[] {
  const last = edits[edits.length - 1];
  return last ? [...edits, { start: last.end, end: last.end, newText: '' }] : edits;
}

/** Whether a pair's key or any node of its value carries an anchor or is an alias. */
function hasAnchorOrAlias(pair: Pair): boolean {
  const visit = (n: unknown, depth: number): boolean => {
    if (depth > 200) return true;
    if (isAlias(n)) return true;
    if ((n as { anchor?: string } | null)?.anchor) return true;
    if (isPair(n)) return visit(n.key, depth + 1) || visit(n.value, depth + 1);
    if (isMap(n) || isSeq(n)) return n.items.some((i) => visit(i, depth + 1));
    return false;
  };
  return visit(pair, 0);
}

/**
 * YAML text for `text` written in the style of the scalar `like` replaces: double or single quoted as
 * it was, else plain when plain YAML reads it back as the same string (snippet placeholders count as
 * their default text), else double quoted. `flow`: the scalar sits in a flow collection, where
 * `,[]{}` need quotes too. The one quoting helper of the rules and fixes.
 */
export function quoteLike(like: Scalar | undefined, text: string, flow = false): string {
  const type = like?.type;
  if (type === 'QUOTE_DOUBLE') return JSON.stringify(text);
  if (type === 'QUOTE_SINGLE') return `'${text.replace(/'/g, "''")}'`;
  const shown = text.replace(/\$\{\d+:([^}]*)\}/g, '$1');
  // A plain scalar that was not a string (`- 100`) stays plain when the new text is of its type too.
  const sameType =
    like !== undefined && typeof like.value !== 'string' && plainType(shown) === typeof like.value;
  return sameType || readsAsPlainString(shown, flow) ? text : JSON.stringify(text);
}

/**
 * What a plain scalar reads as: 'object' (null), 'boolean', 'number', or 'string' — under YAML 1.2
 * (the `yaml` package, editors) or YAML 1.1 (Kubernetes reads manifests with go-yaml's 1.1 rules,
 * where `yes`, `on`, `0777` and `1_000` are no strings). A text that is not a string under either
 * is treated as not a string.
 */
function plainType(s: string): string {
  if (/^(?:~|null|Null|NULL|)$/.test(s)) return 'object';
  if (/^(?:true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/.test(s))
    return 'boolean';
  if (NUMBER.test(s) || NUMBER_1_1.test(s)) return 'number';
  return 'string';
}

const NUMBER =
  /^[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?$|^0x[0-9a-fA-F]+$|^0o[0-7]+$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/;

/** YAML 1.1 numbers: underscores, binary, octal with a leading 0, and base 60 (`1:30`). */
const NUMBER_1_1 =
  /^[-+]?(?:0b[01_]+|0[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$/;

/** Whether `s` written as a plain scalar reads back as the string `s` (YAML 1.2 core schema). */
function readsAsPlainString(s: string, flow: boolean): boolean {
  if (s === '' || s !== s.trim() || /[\n\r\t]/.test(s)) return false;
  const first = s[0] ?? '';
  if ('#&*!|>\'"%@`,[]{}'.includes(first)) return false;
  if ('-?:'.includes(first) && (s.length === 1 || s[1] === ' ')) return false;
  if (/: | #|:$/.test(s)) return false;
  if (flow && /[,[\]{}]/.test(s)) return false;
  return plainType(s) === 'string';
}

/** Applies non-overlapping edits to a text (later offsets first). Throws on overlap. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new Error(`overlapping edits at ${e.start}..${e.end}`);
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/** True when any two edits overlap (touching insertions at the same point count as overlapping). */
export function editsOverlap(a: readonly Edit[], b: readonly Edit[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x.start < y.end && y.start < x.end) return true;
      if (x.start === y.start) return true;
    }
  }
  return false;
}

/** Snippet placeholders (`${1:10001}`) replaced by their defaults, for clients that cannot take snippets. */
export function snippetDefaults(text: string): string {
  return text
    .replace(/\$\{\d+:((?:[^}\\]|\\.)*)\}/g, (_m, d: string) => d.replace(/\\(.)/g, '$1'))
    .replace(/\$\d+/g, '');
}
