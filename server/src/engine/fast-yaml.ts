// A fast reader for the block-style YAML that Kubernetes manifests are written in (issue 7).
//
// The `yaml` library is exact but slow on a cold start: about 250 ms for the 100 KB of
// non-CRD documents in Argo CD's install.yaml before the JIT warms up, and ~2 MB/s warm. This
// reader handles only the common subset (block maps and sequences, one-line plain and quoted
// and multi-line plain scalars, `|`/`|-` block scalars, one-line flow sequences of scalars, `{}`) and builds the very
// node classes the `yaml` library builds (`YAMLMap`, `YAMLSeq`, `Pair`, `Scalar`, `Document`),
// with the same `range` triples, `type`, `value`, `source` and `flow`. Anything outside the subset
// (anchors, aliases, tags, multi-line quoted scalars, folded or keep-chomped block
// scalars, flow maps with content, tabs, CR line ends, directives, odd indentation, anything the
// library would report as an error) makes it return `undefined`, and the caller parses with the
// library. Comments are not kept on nodes (nothing in the engine reads them); their effect on
// ranges is reproduced (a comment indented deeper than its collection extends the value before
// it, trailing comments stay with a collection they are indented into).
//
// test/engine/fast-yaml.test.ts compares every node with the library's on the corpus, the fixtures and
// generated inputs: a document read here must be equal, field by field, to the library's.
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/** Deepest nesting checked (parse.ts guards the library with it); deeper indentation is declined here. */
export const MAX_DEPTH = 1000;

/** Thrown inside the reader when the input leaves the subset; never escapes `readBlockYaml`. */
class OutOfSubset extends Error {}
/** One instance: leaving the subset is common (every anchor, tag or folded scalar) and needs no stack. */
const OUT_OF_SUBSET = new OutOfSubset('out of the block-YAML subset');

type Node = YAMLMap | YAMLSeq | Scalar;

/** Plain scalars as the `yaml` library's YAML 1.2 core schema resolves them (only the forms handled). */
const NULL_RE = /^(?:~|[Nn]ull|NULL)$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_RE = /^[-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** Core-schema forms not reproduced here (octal, hex, exponent, .inf/.nan): the library reads them. */
const OTHER_NUMERIC_RE =
  /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

function plainScalar(source: string, start: number, end: number, nodeEnd: number): Scalar {
  let s: Scalar;
  const c = source.charCodeAt(0);
  // Only sources that can be something other than a string are tested against the regexes.
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    if (INT_RE.test(source)) s = new Scalar(parseInt(source, 10));
    else if (FLOAT_RE.test(source)) {
      s = new Scalar(parseFloat(source));
      const dot = source.indexOf('.');
      if (source.endsWith('0')) s.minFractionDigits = source.length - dot - 1;
    } else if (OTHER_NUMERIC_RE.test(source)) throw OUT_OF_SUBSET;
    else s = new Scalar(source);
  } else if (c === 126 || c === 110 || c === 78) s = new Scalar(NULL_RE.test(source) ? null : source);
  else if (c === 116 || c === 84 || c === 102 || c === 70)
    s = new Scalar(BOOL_RE.test(source) ? c === 116 || c === 84 : source);
  else s = new Scalar(source);
  s.range = [start, end, nodeEnd];
  s.source = source;
  s.type = Scalar.PLAIN;
  return s;
}

/** Characters that may not start a plain scalar in block context (`-`, `?`, `:` are checked apart). */
function isIndicatorStart(c: number): boolean {
  // , [ ] { } # & * ! | > ' " % @ `
  return (
    c === 44 ||
    c === 91 ||
    c === 93 ||
    c === 123 ||
    c === 125 ||
    c === 35 ||
    c === 38 ||
    c === 42 ||
    c === 33 ||
    c === 124 ||
    c === 62 ||
    c === 39 ||
    c === 34 ||
    c === 37 ||
    c === 64 ||
    c === 96
  );
}

/**
 * Characters a plain scalar (or plain key) is not read from here: the indicators, and `-`, `?`, `:`,
 * which start one only when not followed by a space (left to the library).
 */
function cannotStartPlain(c: number): boolean {
  return isIndicatorStart(c) || c === 45 || c === 63 || c === 58;
}

class Reader {
  private readonly t: string;
  /** Per line: start offset, end offset (the `\n` or the text end), indentation, kind. */
  private readonly ls: number[] = [];
  private readonly le: number[] = [];
  private readonly ind: number[] = [];
  /** 0 blank, 1 comment, 2 content. */
  private readonly kind: number[] = [];
  private readonly doc: Document.Parsed;
  /** The value read last was an empty (null) scalar: the line ends after it stay in its pair. */
  private lastEmpty = false;

  constructor(text: string, doc: Document.Parsed) {
    this.t = text;
    this.doc = doc;
    const n = text.length;
    for (let s = 0; s < n;) {
      let e = text.indexOf('\n', s);
      if (e < 0) e = n;
      let i = s;
      while (i < e && text.charCodeAt(i) === 32) i++;
      if (i - s > MAX_DEPTH) throw OUT_OF_SUBSET;
      this.ls.push(s);
      this.le.push(e);
      this.ind.push(i - s);
      this.kind.push(i === e ? 0 : text.charCodeAt(i) === 35 ? 1 : 2);
      s = e + 1;
    }
  }

  /** The first offset at or after `k` (before `end`) that is not a space. */
  private skipSpaces(k: number, end: number): number {
    while (k < end && this.t.charCodeAt(k) === 32) k++;
    return k;
  }

  private get lines(): number {
    return this.ls.length;
  }

  /** End of line `i` including its line break. */
  private lineNext(i: number): number {
    const e = this.le[i] ?? this.t.length;
    return e < this.t.length ? e + 1 : e;
  }

  /** The first content line at or after `i`, or `lines`. */
  private nextContent(i: number): number {
    while (i < this.lines && this.kind[i] !== 2) i++;
    return i;
  }

  /** Start of the first token of content line `i` (its indentation is part of a trailing run). */
  private contentStart(i: number): number {
    return i < this.lines ? (this.ls[i] ?? 0) + (this.ind[i] ?? 0) : this.t.length;
  }

  read(): Document.Parsed {
    let i = 0;
    // A leading `---` marker line (the chunk split keeps it); anything after it on the line leaves the subset.
    if (this.t.startsWith('---')) {
      for (let k = 3; k < (this.le[0] ?? 0); k++) if (this.t.charCodeAt(k) !== 32) throw OUT_OF_SUBSET;
      i = 1;
    }
    const first = this.nextContent(i);
    if (first >= this.lines || this.ind[first] !== 0) throw OUT_OF_SUBSET;
    const [root, next] = this.blockMap(first, 0);
    if (next < this.lines) throw OUT_OF_SUBSET;
    const docStart = this.t.startsWith('---') ? 0 : (this.ls[first] ?? 0);
    const contentEnd = root.range?.[2] ?? 0;
    // The same classes and fields the library's composer fills (checked by test/engine/fast-yaml.test.ts).
    this.doc.contents = root as unknown as YAMLMap.Parsed;
    // After a trailing empty value the rest of the text belongs to its pair, not to the document.
    this.doc.range = [docStart, contentEnd, this.lastEmpty ? contentEnd : this.t.length];
    return this.doc;
  }

  /**
   * After a value that ends at `end` (`end` is the start of line `i` or the text end), in a
   * collection indented `collIndent`: comment lines indented deeper than the collection, with only
   * blank lines before them, belong to the value (the library's `atIndentedComment`).
   */
  private attachIndented(i: number, end: number, collIndent: number): [number, number] {
    let j = i;
    while (j < this.lines) {
      const k = this.kind[j];
      if (k === 0) {
        j++;
        continue;
      }
      if (k === 1 && (this.ind[j] ?? 0) > collIndent) {
        end = this.lineNext(j);
        i = j + 1;
        j++;
        continue;
      }
      break;
    }
    return [i, end];
  }

  /**
   * A collection that ends before content line `next`: the blank and comment lines between its last
   * value (ending at `lastEnd`) and `next` stay with it when a comment there is indented at least as
   * far as the collection (and it is not at column 0); otherwise they move to the parent.
   */
  private trailing(lastEnd: number, next: number, indent: number): number {
    if (indent === 0) return lastEnd;
    const runEnd = this.contentStart(next);
    for (let j = next - 1; j >= 0 && (this.ls[j] ?? 0) >= lastEnd; j--) {
      if (this.kind[j] === 1 && (this.ind[j] ?? 0) >= indent) return runEnd;
    }
    return lastEnd;
  }

  /** A block map whose keys start at column `col`; its first key is on line `i`. */
  private blockMap(i: number, col: number, firstKeyAt?: number): [YAMLMap, number] {
    const map = new YAMLMap(this.doc.schema);
    let keyAt = firstKeyAt ?? (this.ls[i] ?? 0) + col;
    const start = keyAt;
    let line = i;
    for (;;) {
      const [key, after] = this.key(line, keyAt);
      const [value, next, lastEnd] = this.mapValue(line, after, col);
      map.items.push(new Pair(key, value));
      if (next >= this.lines || (this.ind[next] ?? 0) < col) {
        map.range = [start, lastEnd, this.trailing(lastEnd, next, col)];
        return [map, next];
      }
      if ((this.ind[next] ?? 0) > col) throw OUT_OF_SUBSET;
      line = next;
      keyAt = (this.ls[next] ?? 0) + col;
      // A `- ` at a map's own column after a complete entry is an error in the library.
      if (this.isSeqItem(keyAt)) throw OUT_OF_SUBSET;
    }
  }

  private isSeqItem(at: number): boolean {
    if (this.t.charCodeAt(at) !== 45) return false;
    const c = this.t.charCodeAt(at + 1);
    return c === 32 || c === 10 || Number.isNaN(c);
  }

  /** A block sequence whose `-` indicators are at column `col`; its first item is on line `i`. */
  private blockSeq(i: number, col: number): [YAMLSeq, number] {
    const seq = new YAMLSeq(this.doc.schema);
    const start = (this.ls[i] ?? 0) + col;
    let line = i;
    for (;;) {
      const dash = (this.ls[line] ?? 0) + col;
      if (!this.isSeqItem(dash)) throw OUT_OF_SUBSET;
      const [value, next, lastEnd] = this.seqItem(line, dash, col);
      seq.items.push(value);
      if (next >= this.lines || (this.ind[next] ?? 0) < col) {
        seq.range = [start, lastEnd, this.trailing(lastEnd, next, col)];
        return [seq, next];
      }
      if ((this.ind[next] ?? 0) > col) throw OUT_OF_SUBSET;
      if (!this.isSeqItem((this.ls[next] ?? 0) + col)) {
        // The next key of the map this sequence is the value of (`key:\n- a\nnext: b`).
        seq.range = [start, lastEnd, this.trailing(lastEnd, next, col)];
        return [seq, next];
      }
      line = next;
    }
  }

  /** One sequence item: returns the item, the next content line, and the item's end. */
  private seqItem(line: number, dash: number, col: number): [Node, number, number] {
    const le = this.le[line] ?? 0;
    let p = dash + 1;
    p = this.skipSpaces(p, le);
    if (p >= le || this.t.charCodeAt(p) === 35) {
      // The item's value is on the following lines.
      if (p < le) throw OUT_OF_SUBSET; // a comment after `-`: its place in the library's tree varies
      const next = this.nextContent(line + 1);
      if (next >= this.lines || (this.ind[next] ?? 0) <= col) throw OUT_OF_SUBSET; // empty item
      for (let j = line + 1; j < next; j++) if (this.kind[j] === 1) throw OUT_OF_SUBSET;
      return this.nestedBlock(next);
    }
    if (this.isSeqItem(p)) throw OUT_OF_SUBSET; // `- - x`
    if (this.looksLikeKey(p, le)) {
      const itemCol = p - (this.ls[line] ?? 0);
      const [map, next] = this.blockMap(line, itemCol, p);
      return [map, next, map.range?.[2] ?? 0];
    }
    return this.inlineValue(line, p, col);
  }

  /** A nested block collection starting at content line `i` (a map or a sequence). */
  private nestedBlock(i: number): [Node, number, number] {
    const col = this.ind[i] ?? 0;
    const at = (this.ls[i] ?? 0) + col;
    if (this.isSeqItem(at)) {
      const [seq, next] = this.blockSeq(i, col);
      return [seq, next, seq.range?.[2] ?? 0];
    }
    if (!this.looksLikeKey(at, this.le[i] ?? 0)) throw OUT_OF_SUBSET; // a scalar on its own line
    const [map, next] = this.blockMap(i, col);
    return [map, next, map.range?.[2] ?? 0];
  }

  /** Whether the text at `p` (up to `le`) is an implicit key followed by `:`. */
  private looksLikeKey(p: number, le: number): boolean {
    const c = this.t.charCodeAt(p);
    if (c === 34 || c === 39) {
      const q = this.quotedEnd(p, le);
      return q < le && this.t.charCodeAt(q) === 58;
    }
    for (let k = p; k < le; k++) {
      if (this.isMappingColon(k, le)) return true;
      if (this.isCommentStart(k)) return false;
    }
    return false;
  }

  /** A `:` that ends an implicit key: followed by a space or the end of the line (`le`). */
  private isMappingColon(k: number, le: number): boolean {
    return this.t.charCodeAt(k) === 58 && (k + 1 >= le || this.t.charCodeAt(k + 1) === 32);
  }

  /** A `#` that starts a comment: after a space (a `#` inside a plain scalar does not). */
  private isCommentStart(k: number): boolean {
    return this.t.charCodeAt(k) === 35 && this.t.charCodeAt(k - 1) === 32;
  }

  /** Offset after the closing quote of the quoted scalar at `p`; throws when it does not close on the line. */
  private quotedEnd(p: number, le: number): number {
    const q = this.t.charCodeAt(p);
    for (let k = p + 1; k < le; k++) {
      const ch = this.t.charCodeAt(k);
      if (q === 34 && ch === 92) throw OUT_OF_SUBSET; // escapes: the library decodes them
      if (ch === q) {
        if (q === 39 && this.t.charCodeAt(k + 1) === 39) {
          k++;
          continue;
        }
        return k + 1;
      }
    }
    throw OUT_OF_SUBSET;
  }

  private quoted(p: number, end: number, nodeEnd: number): Scalar {
    const inner = this.t.slice(p + 1, end - 1);
    const single = this.t.charCodeAt(p) === 39;
    const value = single ? inner.replaceAll("''", "'") : inner;
    const s = new Scalar(value);
    s.range = [p, end, nodeEnd];
    s.source = value;
    s.type = single ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
    return s;
  }

  /** The key at `p` on line `line`: returns it and the offset after its `:`. */
  private key(line: number, p: number): [Scalar, number] {
    const le = this.le[line] ?? 0;
    const c = this.t.charCodeAt(p);
    if (c === 34 || c === 39) {
      const q = this.quotedEnd(p, le);
      if (this.t.charCodeAt(q) !== 58) throw OUT_OF_SUBSET;
      return [this.quoted(p, q, q), q + 1];
    }
    if (cannotStartPlain(c)) throw OUT_OF_SUBSET;
    for (let k = p; k < le; k++) {
      if (this.isMappingColon(k, le)) {
        if (this.t.charCodeAt(k - 1) === 32 || k - p > 1000) throw OUT_OF_SUBSET;
        const source = this.t.slice(p, k);
        return [plainScalar(source, p, k, k), k + 1];
      }
      if (this.isCommentStart(k)) break;
    }
    throw OUT_OF_SUBSET;
  }

  /** The value after `key:` (from `after` on line `line`) of a map at column `col`. */
  private mapValue(line: number, after: number, col: number): [Node, number, number] {
    const le = this.le[line] ?? 0;
    let p = after;
    p = this.skipSpaces(p, le);
    if (p >= le || this.t.charCodeAt(p) === 35) {
      if (p < le) throw OUT_OF_SUBSET; // `key: # comment`: where the library puts it varies
      const next = this.nextContent(line + 1);
      const nextInd = next < this.lines ? (this.ind[next] ?? 0) : -1;
      const nested =
        next < this.lines &&
        (nextInd > col || (nextInd === col && this.isSeqItem((this.ls[next] ?? 0) + col)));
      if (!nested) {
        for (let j = line + 1; j < next; j++) if (this.kind[j] === 1) throw OUT_OF_SUBSET;
        // An empty value: a null scalar right after the `:` and the spaces after it.
        const s = new Scalar(null);
        s.range = [p, p, p];
        s.source = '';
        s.type = Scalar.PLAIN;
        this.lastEmpty = true;
        return [s, next, p];
      }
      return this.nestedBlock(next);
    }
    return this.inlineValue(line, p, col);
  }

  /** A value that starts at `p` on its key's (or `- `'s) line, in a collection at column `col`. */
  private inlineValue(line: number, p: number, col: number): [Node, number, number] {
    const le = this.le[line] ?? 0;
    const c = this.t.charCodeAt(p);
    if (c === 124) return this.blockScalar(line, p, col);
    let node: Node;
    let valueEnd: number;
    let lastLine = line;
    if (c === 34 || c === 39) {
      valueEnd = this.quotedEnd(p, le);
      node = this.quoted(p, valueEnd, 0);
    } else if (c === 91) {
      [node, valueEnd] = this.flowSeq(p, le);
    } else if (c === 123) {
      if (this.t.charCodeAt(p + 1) !== 125) throw OUT_OF_SUBSET;
      node = new YAMLMap(this.doc.schema);
      node.flow = true;
      valueEnd = p + 2;
    } else {
      if (isIndicatorStart(c)) throw OUT_OF_SUBSET;
      if ((c === 45 || c === 63 || c === 58) && (p + 1 >= le || this.t.charCodeAt(p + 1) === 32))
        throw OUT_OF_SUBSET;
      let e = le;
      for (let k = p; k < le; k++) {
        if (this.isCommentStart(k)) {
          e = k;
          break;
        }
        // `a: b: c` and `a: b:` are errors (or a mapping) in the library.
        if (this.isMappingColon(k, le)) throw OUT_OF_SUBSET;
      }
      const commented = e < le;
      while (e > p && this.t.charCodeAt(e - 1) === 32) e--;
      valueEnd = e;
      let source = this.t.slice(p, e);
      if (!commented) {
        // Deeper content lines continue a plain scalar: folded into one line, a blank line
        // between them becomes a line break (YAML 1.2 §7.3.3, §6.5).
        let breaks = 0;
        for (let j = line + 1; j < this.lines; j++) {
          if (this.kind[j] === 0) {
            breaks++;
            continue;
          }
          if (this.kind[j] !== 2 || (this.ind[j] ?? 0) <= col) break;
          const [cs, ce] = this.continuation(j);
          source += (breaks === 0 ? ' ' : '\n'.repeat(breaks)) + this.t.slice(cs, ce);
          breaks = 0;
          valueEnd = ce;
          lastLine = j;
        }
      }
      node = plainScalar(source, p, valueEnd, 0);
    }
    // Only spaces and a comment may follow on the line.
    const lastLe = this.le[lastLine] ?? 0;
    let k = valueEnd;
    k = this.skipSpaces(k, lastLe);
    if (k < lastLe && (this.t.charCodeAt(k) !== 35 || k === valueEnd)) throw OUT_OF_SUBSET;
    const [next0, end] = this.attachIndented(lastLine + 1, this.lineNext(lastLine), col);
    const next = this.nextContent(next0);
    // Deeper content after a one-line value is a multi-line scalar or an error.
    if (next < this.lines && (this.ind[next] ?? 0) > col) throw OUT_OF_SUBSET;
    node.range = [p, valueEnd, end];
    this.lastEmpty = false;
    return [node, next, end];
  }

  /** The text of a plain scalar's continuation line `j`, trimmed; throws on anything but plain text. */
  private continuation(j: number): [number, number] {
    const s = (this.ls[j] ?? 0) + (this.ind[j] ?? 0);
    let e = this.le[j] ?? 0;
    while (e > s && this.t.charCodeAt(e - 1) === 32) e--;
    const c = this.t.charCodeAt(s);
    if (cannotStartPlain(c)) throw OUT_OF_SUBSET;
    for (let k = s; k < e; k++) {
      if (this.isMappingColon(k, e) || this.isCommentStart(k)) throw OUT_OF_SUBSET;
    }
    return [s, e];
  }

  /** A one-line flow sequence of scalars at `p`: returns it and the offset after `]`. */
  private flowSeq(p: number, le: number): [YAMLSeq, number] {
    const seq = new YAMLSeq(this.doc.schema);
    seq.flow = true;
    let k = p + 1;
    k = this.skipSpaces(k, le);
    if (this.t.charCodeAt(k) === 93) return [seq, k + 1];
    for (;;) {
      const c = this.t.charCodeAt(k);
      let item: Scalar;
      let e: number;
      if (c === 34 || c === 39) {
        e = this.quotedEnd(k, le);
        item = this.quoted(k, e, 0);
      } else {
        if (cannotStartPlain(c) || Number.isNaN(c)) throw OUT_OF_SUBSET;
        e = k;
        for (; e < le; e++) {
          const ch = this.t.charCodeAt(e);
          if (ch === 44 || ch === 93) break;
          if (ch === 58 || ch === 35 || ch === 91 || ch === 123 || ch === 125) throw OUT_OF_SUBSET;
        }
        if (e >= le) throw OUT_OF_SUBSET;
        while (e > k && this.t.charCodeAt(e - 1) === 32) e--;
        item = plainScalar(this.t.slice(k, e), k, e, 0);
      }
      let q = e;
      q = this.skipSpaces(q, le);
      item.range = [k, e, q];
      seq.items.push(item);
      const d = this.t.charCodeAt(q);
      if (d === 93) return [seq, q + 1];
      if (d !== 44) throw OUT_OF_SUBSET;
      k = q + 1;
      k = this.skipSpaces(k, le);
      if (k >= le || this.t.charCodeAt(k) === 93) throw OUT_OF_SUBSET; // trailing comma or wrapped
    }
  }

  /** A literal block scalar (`|` or `|-`) whose header is at `p`, in a collection at column `col`. */
  private blockScalar(line: number, p: number, col: number): [Scalar, number, number] {
    const le = this.le[line] ?? 0;
    let k = p + 1;
    const strip = this.t.charCodeAt(k) === 45;
    if (strip) k++;
    const h = k;
    k = this.skipSpaces(k, le);
    if (k < le && (this.t.charCodeAt(k) !== 35 || k === h)) throw OUT_OF_SUBSET; // `|+`, `|2`, `|x`
    // Content lines: indented deeper than the collection; blank lines inside count as empty lines.
    let j = line + 1;
    let blockIndent = -1;
    let lastContent = -1;
    for (; j < this.lines; j++) {
      const isBlank = this.kind[j] === 0;
      const ind = this.ind[j] ?? 0;
      if (isBlank) {
        if (blockIndent < 0 && ind > 0) throw OUT_OF_SUBSET; // leading spaces-only lines
        // Spaces beyond the block's indentation are content, even on a line with nothing else.
        if (blockIndent >= 0 && ind > blockIndent) lastContent = j;
        continue;
      }
      if (blockIndent < 0) {
        if (ind <= col) break;
        blockIndent = ind;
      } else if (ind < blockIndent) break;
      lastContent = j;
    }
    if (lastContent < 0) throw OUT_OF_SUBSET;
    const parts: string[] = [];
    for (let m = line + 1; m <= lastContent; m++) {
      const s = this.ls[m] ?? 0;
      const e = this.le[m] ?? 0;
      if (this.kind[m] === 0 && e - s < blockIndent) parts.push('');
      else parts.push(this.t.slice(s + blockIndent, e));
    }
    let value = parts.join('\n');
    if (!strip) value += '\n';
    const end = this.lineNext(lastContent);
    const s = new Scalar(value);
    s.range = [p, end, end];
    s.source = value;
    s.type = Scalar.BLOCK_LITERAL;
    this.lastEmpty = false;
    const next = this.nextContent(lastContent + 1);
    if (next < this.lines && (this.ind[next] ?? 0) > col) throw OUT_OF_SUBSET;
    return [s, next, end];
  }
}

/**
 * Reads one document (a chunk between `---` markers) if it is in the subset; `undefined` otherwise.
 * The result has no errors or warnings: anything the library would complain about is out of the subset.
 */
export function readBlockYaml(text: string): Document.Parsed | undefined {
  // Tabs, CRs, a BOM and document-level syntax (directives, `...`) are left to the library.
  if (
    text.includes('\t') ||
    text.includes('\r') ||
    text.includes('\uFEFF') ||
    text.includes('\n...') ||
    text.startsWith('%') ||
    text.includes('\n%') ||
    text.includes('\n---', 1)
  )
    return undefined;
  const doc = new Document(undefined, { prettyErrors: false, uniqueKeys: false }) as Document.Parsed;
  try {
    return new Reader(text, doc).read();
  } catch (e) {
    if (e === OUT_OF_SUBSET) return undefined;
    throw e;
  }
}
