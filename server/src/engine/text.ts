import type { SourceText } from './parse';

/** Offsets ↔ 1-based or 0-based line/column positions. Columns count UTF-16 code units, as LSP does. */
export class LineIndex {
  /**
   * Per chunk: its offset, the global number of its first line start, how many lines start inside
   * it, and its line starts once a position in it was asked for.
   */
  private segs: Segments | undefined;
  /** Per chunk text: its line count, and its line starts once computed (kept for the next version). */
  private chunkLines: Map<string, ChunkLines> | undefined;
  private readonly chunks: readonly { start: number; text: string }[];
  /**
   * Built on first use, not in the constructor: a check that finds nothing never pays for it.
   * Only each chunk's line count is taken then; a chunk's line starts are computed when a position in
   * it is asked for (the 1.8 MB of CRDs in a 2 MB install.yaml hold no finding: storing their 30,000
   * line starts was ~15 ms of a fresh server's first check, counting them ~2 ms).
   *
   * `chunks`: the text's `---` chunks (each starting at a line start, as `splitChunks` cuts them);
   * with `previous` (the index of an earlier version of the same document) what is known of the
   * chunks whose text is unchanged is reused, so an edit scans only the chunk it touched, and line
   * starts are kept per chunk (never one array of every line of the text). A text already in chunks
   * (an open document's) is read through them: its whole string is never built here.
   */
  constructor(
    readonly text: SourceText,
    chunks?: readonly { start: number; text: string }[],
    previous?: LineIndex,
  ) {
    this.chunks = chunks ?? (typeof text === 'string' ? [{ start: 0, text }] : text.chunks);
    // Only the per-chunk map is kept, never `previous` itself: no chain of old versions.
    if (chunks && previous) this.chunkLines = previous.chunkLines;
  }

  private get index(): Segments {
    if (this.segs) return this.segs;
    const before = this.chunkLines;
    const now = new Map<string, ChunkLines>();
    const segs: Segments = { start: [], base: [], lines: [], count: 1 };
    for (const chunk of this.chunks) {
      let lines = now.get(chunk.text) ?? before?.get(chunk.text);
      if (!lines) lines = { count: countBreaks(chunk.text), starts: undefined };
      now.set(chunk.text, lines);
      segs.start.push(chunk.start);
      segs.base.push(segs.count);
      segs.lines.push(lines);
      segs.count += lines.count;
    }
    this.chunkLines = now;
    this.segs = segs;
    return segs;
  }

  /** Line starts (relative to the chunk) after each line break of chunk `k`, computed once. */
  private startsIn(k: number): number[] {
    const lines = this.index.lines[k];
    if (!lines) return [];
    return (lines.starts ??= relativeStarts(this.chunks[k]?.text ?? ''));
  }

  /** The UTF-16 code unit at offset `o` (NaN outside the text). */
  private codeAt(o: number): number {
    if (typeof this.text === 'string') return this.text.charCodeAt(o);
    const c = this.chunks[chunkAt(this.chunks, o)];
    return c ? c.text.charCodeAt(o - c.start) : Number.NaN;
  }

  /** Offset where line `line` (0 ≤ line < lineCount) starts. */
  private startOf(line: number): number {
    if (line <= 0) return 0;
    const { start, base, lines } = this.index;
    let lo = 0;
    let hi = base.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((base[mid] ?? 0) <= line) lo = mid;
      else hi = mid - 1;
    }
    // Chunks without line breaks share a base: the last one at or below `line` that has it.
    while (lo > 0 && line - (base[lo] ?? 0) >= (lines[lo]?.count ?? 0)) lo--;
    return (start[lo] ?? 0) + (this.startsIn(lo)[line - (base[lo] ?? 0)] ?? 0);
  }

  /** Line holding offset `o` (already clamped). */
  private lineOf(o: number): number {
    const { start, base } = this.index;
    let lo = 0;
    let hi = start.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((start[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    const r = this.startsIn(lo);
    const at = o - (start[lo] ?? 0);
    // How many of this chunk's line starts are at or before `o`.
    let a = 0;
    let b = r.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if ((r[mid] ?? 0) <= at) a = mid + 1;
      else b = mid;
    }
    return (base[lo] ?? 1) + a - 1;
  }

  get lineCount(): number {
    return this.index.count;
  }

  /** 0-based line and character of an offset (clamped into the text). */
  position(offset: number): { line: number; character: number } {
    let o = Math.max(0, Math.min(offset, this.text.length));
    // Between the `\r` and `\n` of a CRLF is not a position on any line: use the end of the line.
    if (o > 0 && this.codeAt(o) === 10 && this.codeAt(o - 1) === 13) o--;
    const line = this.lineOf(o);
    return { line, character: o - this.startOf(line) };
  }

  offset(line: number, character: number): number {
    if (line < 0) return 0;
    const count = this.lineCount;
    if (line >= count) return this.text.length;
    const start = this.startOf(line);
    let end = line + 1 < count ? this.startOf(line + 1) : this.text.length;
    // A character past the end of the line means the line's end (before its line break), as LSP
    // positions are read: never the next line.
    if (end > start && this.codeAt(end - 1) === 10) end--;
    if (end > start && this.codeAt(end - 1) === 13) end--;
    return Math.min(start + Math.max(0, character), end);
  }

  lineStart(line: number): number {
    return this.startOf(Math.max(0, Math.min(line, this.lineCount - 1)));
  }
}

/** What a line index knows of one chunk text: how many lines start in it, and where (once asked). */
interface ChunkLines {
  count: number;
  starts: number[] | undefined;
}

interface Segments {
  start: number[];
  base: number[];
  lines: ChunkLines[];
  count: number;
}

/** How many line starts follow a line break in a chunk (the length {@link relativeStarts} gives). */
function countBreaks(text: string): number {
  let n = 0;
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    return n;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Index of the chunk holding offset `o`: the last one starting at or before it (chunks in text order). */
export function chunkAt(chunks: readonly { start: number }[], o: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((chunks[mid]?.start ?? 0) <= o) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Offsets of the line starts after each line break of a chunk (a chunk never starts with `\n`). */
function relativeStarts(text: string): number[] {
  const out: number[] = [];
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
    return out;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) out.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) out.push(i + 1);
  }
  return out;
}

/** Start offset of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

/** Offset of the line break ending the line holding `offset` (or the text's end). */
export function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}

/** Column (UTF-16 units from the line start) of an offset. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** The line break this text uses: CRLF when its first break is CRLF, else LF. */
export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}
