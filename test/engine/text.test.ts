// server/src/engine/text.ts: LineIndex (offsets ↔ 0-based line/character in UTF-16 code units, as
// LSP counts them, across LF, CRLF and lone-CR line breaks and across `---` chunks) and the line
// helpers (lineStartOf, lineEndOf, columnOf, eolOf).
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { splitChunks } from '../../server/src/engine/parse';
import { columnOf, eolOf, lineEndOf, lineStartOf, LineIndex } from '../../server/src/engine/text';

/** Every offset's position, as `line:character`. */
function positions(index: LineIndex): string[] {
  const out: string[] = [];
  for (let o = 0; o <= index.text.length; o++) {
    const p = index.position(o);
    out.push(`${String(p.line)}:${String(p.character)}`);
  }
  return out;
}

describe('LineIndex', () => {
  it('maps offsets to lines and characters in LF text, and back', () => {
    const text = 'ab\nc\n\nd';
    const index = new LineIndex(text);
    expect(index.lineCount).toBe(4);
    expect(positions(index)).toEqual(['0:0', '0:1', '0:2', '1:0', '1:1', '2:0', '3:0', '3:1']);
    expect([index.offset(0, 0), index.offset(1, 1), index.offset(2, 0), index.offset(3, 1)]).toEqual([
      0, 4, 5, 7,
    ]);
    expect([index.lineStart(0), index.lineStart(1), index.lineStart(3)]).toEqual([0, 3, 6]);
  });

  it('clamps offsets and lines outside the text', () => {
    const index = new LineIndex('ab\ncd');
    expect(index.position(-5)).toEqual({ line: 0, character: 0 });
    expect(index.position(99)).toEqual({ line: 1, character: 2 });
    expect(index.offset(-1, 4)).toBe(0);
    expect(index.offset(7, 0)).toBe(5);
    expect(index.offset(1, -3)).toBe(3);
    // Past the end of a line is its end (before the break), never the next line (LSP positions).
    expect(index.offset(0, 9)).toBe(2);
    expect(new LineIndex('ab\r\ncd').offset(0, 9)).toBe(2);
    expect(index.lineStart(-2)).toBe(0);
    expect(index.lineStart(9)).toBe(3);
  });

  it('counts characters in UTF-16 code units (an astral character is two)', () => {
    const text = 'a: "é😀x"\nb: 1\n';
    const index = new LineIndex(text);
    const x = text.indexOf('x');
    expect(x).toBe(7);
    expect(index.position(x)).toEqual({ line: 0, character: 7 });
    expect(index.position(text.indexOf('b'))).toEqual({ line: 1, character: 0 });
    expect(index.offset(0, 7)).toBe(x);
  });

  it('treats CRLF and a lone CR as one line break; between CR and LF is the end of the line', () => {
    const text = 'a: 1\r\nb\rc\n';
    const index = new LineIndex(text);
    expect(index.lineCount).toBe(4);
    expect(positions(index)).toEqual([
      '0:0',
      '0:1',
      '0:2',
      '0:3',
      '0:4',
      '0:4', // offset 5 sits between `\r` and `\n`
      '1:0',
      '1:1',
      '2:0',
      '2:1',
      '3:0',
    ]);
    expect([index.offset(1, 0), index.offset(2, 0), index.offset(3, 0)]).toEqual([6, 8, 10]);
  });

  it('agrees with vscode-languageserver-textdocument on every offset and in-line position', () => {
    for (const text of [
      '',
      'x',
      'a\n',
      'a: 1\r\nb: "é😀"\r\n\r\nc\rd\n',
      '\n\n---\n😀: 1\n',
      '\ufeffa: 1\r\n',
    ]) {
      const doc = TextDocument.create('file:///t.yaml', 'yaml', 1, text);
      const index = new LineIndex(text);
      for (let o = 0; o <= text.length; o++) {
        const p = doc.positionAt(o);
        expect(index.position(o), `${JSON.stringify(text)} @${String(o)}`).toEqual(p);
        expect(index.offset(p.line, p.character), `${JSON.stringify(text)} ${JSON.stringify(p)}`).toBe(
          doc.offsetAt(p),
        );
      }
      expect(index.lineCount).toBe(doc.lineCount);
    }
  });

  it('built from `---` chunks, it gives the same positions as from the whole text', () => {
    const text = 'a: 1\n---\nb: 2\r\nc: 3\n---\n---\nd: 😀\n---';
    const chunks = splitChunks(text);
    expect(chunks.map((c) => c.start)).toEqual([0, 5, 20, 24, 34]);
    const whole = new LineIndex(text);
    const chunked = new LineIndex(text, chunks);
    expect(chunked.lineCount).toBe(whole.lineCount);
    expect(positions(chunked)).toEqual(positions(whole));
    for (let line = 0; line < whole.lineCount; line++) {
      expect(chunked.lineStart(line), `line ${String(line)}`).toBe(whole.lineStart(line));
      expect(chunked.offset(line, 2)).toBe(whole.offset(line, 2));
    }
  });

  it('reusing an earlier version of the document gives the positions of the new text', () => {
    const before = 'a: 1\n---\nb: 2\n---\nc: 3\n';
    const after = 'a: 1\n---\nb: 2\nextra: line\n---\nc: 3\n';
    const old = new LineIndex(before, splitChunks(before));
    expect(old.position(before.indexOf('c'))).toEqual({ line: 4, character: 0 });
    const next = new LineIndex(after, splitChunks(after), old);
    expect(positions(next)).toEqual(positions(new LineIndex(after)));
    expect(next.position(after.indexOf('c'))).toEqual({ line: 5, character: 0 });
  });
});

describe('line helpers', () => {
  const text = 'ab\r\ncd\ref\n';

  it('lineStartOf / lineEndOf stop at any line break', () => {
    expect([lineStartOf(text, 0), lineStartOf(text, 5), lineStartOf(text, 8), lineStartOf(text, 7)]).toEqual([
      0, 4, 7, 7,
    ]);
    expect([lineEndOf(text, 0), lineEndOf(text, 4), lineEndOf(text, 7), lineEndOf(text, 10)]).toEqual([
      2, 6, 9, 10,
    ]);
  });

  it('columnOf counts UTF-16 units from the line start', () => {
    expect(columnOf('x\n😀y', 4)).toBe(2);
    expect(columnOf(text, 8)).toBe(1);
  });

  it('eolOf: CRLF when the first line break is CRLF, else LF', () => {
    expect(eolOf('a\r\nb\n')).toBe('\r\n');
    expect(eolOf('a\nb\r\n')).toBe('\n');
    expect(eolOf('a')).toBe('\n');
    expect(eolOf('\na')).toBe('\n');
  });
});
