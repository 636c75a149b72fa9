// The open documents' text model: each document is kept as its `---` chunks (engine/parse.ts cuts
// them), and an edit re-cuts only the chunk it touches. The library model
// (vscode-languageserver-textdocument) keeps one string: every keystroke in a 2 MB file made a new
// 2 MB string, and the first read of it copied all of it (6–8 ms on the bench machine, most of an
// edit's time). Here the unchanged chunks stay the same strings, so the engine's and the index's
// per-chunk caches find them without hashing or comparing megabytes, and the whole string is built
// only when something asks for it (`getText()`: fix-all, a Helm or Kustomize root's file).
import type {
  Position,
  Range,
  TextDocument,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-textdocument';
import {
  markerOffsets,
  splitChunksUncached,
  type Chunk,
  type ChunkedText,
  type SourceText,
} from '../engine/parse';
import { chunkAt, LineIndex } from '../engine/text';

/** One version of a document's text: immutable, so a check of an older version stays consistent. */
export class TextSnapshot implements ChunkedText {
  private flat: string | undefined;
  private index: LineIndex | undefined;

  constructor(
    readonly chunks: readonly Chunk[],
    readonly length: number,
    /** The version before (its line starts are reused); dropped once this one's index is built. */
    private previous?: TextSnapshot,
  ) {}

  static of(text: string): TextSnapshot {
    const s = new TextSnapshot(splitChunksUncached(text), text.length);
    s.flat = text;
    return s;
  }

  whole(): string {
    if (this.flat === undefined) {
      const c = this.chunks;
      this.flat = c.length === 1 ? (c[0]?.text ?? '') : c.map((x) => x.text).join('');
    }
    return this.flat;
  }

  /** Offsets ↔ positions; line starts of the chunks the previous version shares are reused. */
  get lines(): LineIndex {
    if (!this.index) {
      this.index = new LineIndex(this, this.chunks, this.previous?.index);
      this.previous = undefined;
    }
    return this.index;
  }

  /** Index of the chunk holding offset `o` (the last chunk starting at or before it). */
  chunkAt(o: number): number {
    return chunkAt(this.chunks, o);
  }

  /** The UTF-16 code unit at offset `o` (NaN outside the text). */
  codeAt(o: number): number {
    if (this.flat !== undefined) return this.flat.charCodeAt(o);
    const c = this.chunks[this.chunkAt(o)];
    return c ? c.text.charCodeAt(o - c.start) : Number.NaN;
  }

  /** The text between two offsets, read from the chunks it spans. */
  slice(start: number, end: number): string {
    if (this.flat !== undefined) return this.flat.slice(start, end);
    if (end <= start) return '';
    const first = this.chunkAt(start);
    const last = this.chunkAt(Math.max(start, end - 1));
    const parts: string[] = [];
    for (let i = first; i <= last; i++) {
      const c = this.chunks[i];
      if (c) parts.push(c.text.slice(Math.max(0, start - c.start), Math.max(0, end - c.start)));
    }
    return parts.join('');
  }

  /**
   * The next version: `[start, end)` replaced by `text`. Only the chunks the edit touches are cut
   * again; chunks before them are kept as they are, chunks after them keep their strings at shifted
   * offsets. The cut is exactly splitChunks' on the whole text (test/lsp/chunked-document.test.ts).
   */
  replace(start: number, end: number, text: string): TextSnapshot {
    const chunks = this.chunks;
    let lo = this.chunkAt(start);
    // An edit in a chunk's marker (or the directive lines before it) may remove or move the marker.
    if (lo > 0 && start <= markerEnd(chunks[lo] as Chunk)) lo--;
    // The cut starts at a marker that stays one (or the text's start): a chunk opening with directive
    // lines got them by a walk back from its marker that the cut must see whole.
    while (lo > 0 && chunks[lo]?.text.charCodeAt(0) === 37 /* % */) lo--;
    // An edit ending where a chunk starts may remove the line break before its marker: cut it too.
    let hi = this.chunkAt(end);
    const from = chunks[lo] as Chunk;
    const delta = text.length - (end - start);
    for (;;) {
      const to = chunks[hi] as Chunk;
      const region = this.slice(from.start, start) + text + this.slice(end, to.end);
      // A directive line now ending the cut would go with the next chunk's marker: cut that one too.
      if (hi + 1 < chunks.length && endsWithDirective(region)) {
        hi++;
        continue;
      }
      const next: Chunk[] = chunks.slice(0, lo);
      for (const c of splitChunksUncached(region))
        next.push({ start: c.start + from.start, end: c.end + from.start, text: c.text });
      for (let i = hi + 1; i < chunks.length; i++) {
        const c = chunks[i] as Chunk;
        next.push(delta === 0 ? c : { start: c.start + delta, end: c.end + delta, text: c.text });
      }
      return new TextSnapshot(next, this.length + delta, this);
    }
  }
}

/**
 * Offset (in the whole text) of the last character that decides a chunk's marker: the one after its
 * `---` (splitChunks cuts a chunk only at a marker, or at directive lines before one).
 */
function markerEnd(chunk: Chunk): number {
  const first = markerOffsets(chunk.text)[0];
  return first === undefined ? chunk.end : chunk.start + first + 3;
}

/**
 * The text's last line starts with `%`: splitChunks' walk back from the next chunk's marker reads
 * that line (lines as it reads them, after `\n`) and would take it into that chunk.
 */
function endsWithDirective(t: string): boolean {
  const ls = t.lastIndexOf('\n', t.length - 2) + 1;
  return ls > 0 && t.charCodeAt(ls) === 37;
}

/** An open document as `TextDocuments` holds it (the `TextDocument` interface), kept in chunks. */
export class ChunkedDocument implements TextDocument {
  private snap: TextSnapshot;

  private constructor(
    readonly uri: string,
    readonly languageId: string,
    private ver: number,
    text: string,
  ) {
    this.snap = TextSnapshot.of(text);
  }

  static create(uri: string, languageId: string, version: number, content: string): ChunkedDocument {
    return new ChunkedDocument(uri, languageId, version, content);
  }

  /** Applies LSP content changes in order, as `TextDocument.update` does. */
  static update(
    doc: ChunkedDocument,
    changes: readonly TextDocumentContentChangeEvent[],
    version: number,
  ): ChunkedDocument {
    for (const change of changes) {
      // A change that is neither kind is refused, as the library refuses it.
      if (typeof change.text !== 'string') throw new Error('Unknown change event received');
      if ('range' in change && change.range !== undefined) {
        const r = wellFormed(change.range);
        doc.snap = doc.snap.replace(doc.offsetAt(r.start), doc.offsetAt(r.end), change.text);
      } else {
        doc.snap = TextSnapshot.of(change.text);
      }
    }
    doc.ver = version;
    return doc;
  }

  get version(): number {
    return this.ver;
  }

  /** The current text, in chunks (what the checker hands the engine). */
  get text(): TextSnapshot {
    return this.snap;
  }

  getText(range?: Range): string {
    if (!range) return this.snap.whole();
    const a = this.offsetAt(range.start);
    const b = this.offsetAt(range.end);
    // As the library's `substring`: a reversed range reads the same text.
    return this.snap.slice(Math.min(a, b), Math.max(a, b));
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.snap.length));
    return this.snap.lines.position(o);
  }

  offsetAt(position: Position): number {
    return this.snap.lines.offset(position.line, position.character);
  }

  get lineCount(): number {
    return this.snap.lines.lineCount;
  }

  getLineRange(line: number): Range {
    const lines = this.snap.lines;
    const count = lines.lineCount;
    if (line >= count) {
      const last = count - 1;
      return {
        start: { line: last, character: 0 },
        end: { line: last, character: this.snap.length - lines.lineStart(last) },
      };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = lines.lineStart(line);
    const end = this.beforeBreak(this.nextLineStart(line), start);
    return { start: { line, character: 0 }, end: { line, character: end - start } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.snap.lines.lineCount) return '';
    const next = this.nextLineStart(line);
    return this.snap.slice(this.beforeBreak(next, this.snap.lines.lineStart(line)), next);
  }

  private nextLineStart(line: number): number {
    const lines = this.snap.lines;
    return line + 1 < lines.lineCount ? lines.lineStart(line + 1) : this.snap.length;
  }

  /** `offset` moved back over the line break characters (`\r`, `\n`) before it, down to `lineStart`. */
  private beforeBreak(offset: number, lineStart: number): number {
    let o = offset;
    while (o > lineStart) {
      const c = this.snap.codeAt(o - 1);
      if (c !== 10 && c !== 13) break;
      o--;
    }
    return o;
  }
}

/** The text of an open document: in chunks when the document keeps them, else its string. */
export function documentText(doc: TextDocument): SourceText {
  return doc instanceof ChunkedDocument ? doc.text : doc.getText();
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  if (start.line > end.line || (start.line === end.line && start.character > end.character))
    return { start: end, end: start };
  return range;
}
