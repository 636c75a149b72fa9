// The open documents' chunked text model against the library model it replaces
// (vscode-languageserver-textdocument): after any sequence of LSP edits both hold the same text, lines
// and positions, and the chunks are exactly the ones `splitChunks` cuts from the whole text, whatever
// the edit does to `---` markers, directive lines and line breaks (CRLF, lone CR, U+2028).
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { splitChunksUncached } from '../../server/src/engine/parse';
import { ChunkedDocument, documentText } from '../../server/src/lsp/chunked-document';

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces that make and break chunk boundaries. */
const PIECES = [
  '---\n',
  '--- \n',
  '---',
  '--',
  '-',
  '\n',
  '\r\n',
  '\r',
  '\u2028',
  '%YAML 1.2\n',
  '%TAG ! tag:x,2000:\n',
  '%',
  'kind: Pod\n',
  'metadata:\n  name: a\n',
  '  image: nginx\r\n',
  'x',
  '...\n',
  '{{ .Values.x }}',
  '\t',
  ' ',
];

function text(rnd: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rnd() * PIECES.length)] ?? '';
  return s;
}

function chunksOfWhole(s: string): { start: number; end: number; text: string }[] {
  return splitChunksUncached(s).map((c) => ({ start: c.start, end: c.end, text: c.text }));
}

function expectSame(ours: ChunkedDocument, updated: TextDocument, rnd: () => number, what: string): void {
  const ref = fresh(updated);
  const whole = ref.getText();
  expect(ours.getText(), what).toBe(whole);
  expect(ours.lineCount, what).toBe(ref.lineCount);
  expect(
    ours.text.chunks.map((c) => ({ start: c.start, end: c.end, text: c.text })),
    what,
  ).toEqual(chunksOfWhole(whole));
  for (let k = 0; k < 12; k++) {
    const pos = { line: Math.floor(rnd() * (ref.lineCount + 2)) - 1, character: Math.floor(rnd() * 12) - 1 };
    expect(ours.offsetAt(pos), `${what} offsetAt ${JSON.stringify(pos)}`).toBe(ref.offsetAt(pos));
    const o = Math.floor(rnd() * (whole.length + 3)) - 1;
    expect(ours.positionAt(o), `${what} positionAt ${o}`).toEqual(ref.positionAt(o));
    const line = Math.floor(rnd() * (ref.lineCount + 2)) - 1;
    expect(ours.getLineRange(line), `${what} getLineRange ${line}`).toEqual(ref.getLineRange(line));
    expect(ours.getEOLCharacters(line), `${what} getEOLCharacters ${line}`).toBe(ref.getEOLCharacters(line));
    const end = { line: pos.line + Math.floor(rnd() * 3), character: Math.floor(rnd() * 12) };
    expect(ours.getText({ start: pos, end }), `${what} getText range`).toBe(ref.getText({ start: pos, end }));
  }
}

function fresh(doc: TextDocument): TextDocument {
  return TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText());
}

describe('ChunkedDocument', () => {
  it('matches the library document and splitChunks over random edits', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = random(seed);
      const initial = text(rnd, Math.floor(rnd() * 40));
      const ours = ChunkedDocument.create('file:///a.yaml', 'yaml', 1, initial);
      let ref = TextDocument.create('file:///a.yaml', 'yaml', 1, initial);
      expectSame(ours, ref, rnd, `seed ${seed} open`);
      for (let v = 2; v < 14; v++) {
        const lines = ref.lineCount;
        const p = (): { line: number; character: number } => ({
          line: Math.floor(rnd() * (lines + 1)),
          character: Math.floor(rnd() * 10),
        });
        // Sometimes several changes in one notification, sometimes a reversed range, rarely a full text.
        const changes =
          rnd() < 0.05
            ? [{ text: text(rnd, 10) }]
            : Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({
                range: { start: p(), end: p() },
                text: rnd() < 0.3 ? '' : text(rnd, 1 + Math.floor(rnd() * 3)),
              }));
        ChunkedDocument.update(ours, changes, v);
        // Each change on a fresh library document of the text so far: the library's own line offsets
        // go wrong after a change whose range lies past the document's last line (it splices them at
        // the range's line numbers unclamped), and these random ranges do that.
        for (const c of changes) ref = TextDocument.update(fresh(ref), [c], v);
        expect(ours.version).toBe(v);
        expectSame(ours, ref, rnd, `seed ${seed} version ${v}: ${JSON.stringify(changes)}`);
      }
    }
  });

  it('keeps the chunks an edit does not touch, and cuts only the one it does', () => {
    const docs = Array.from({ length: 50 }, (_, i) => `kind: Pod\nmetadata:\n  name: p${i}\n`);
    const doc = ChunkedDocument.create('file:///a.yaml', 'yaml', 1, docs.join('---\n'));
    const before = doc.text.chunks;
    expect(before).toHaveLength(50);
    // Type one character into the name of the 20th Pod.
    const at = doc.positionAt(doc.getText().indexOf('p19') + 3);
    ChunkedDocument.update(doc, [{ range: { start: at, end: at }, text: 'x' }], 2);
    const after = doc.text.chunks;
    expect(after).toHaveLength(50);
    // Chunks before the edit are the same objects; after it, the same strings one offset further on.
    for (let i = 0; i < 19; i++) expect(after[i]).toBe(before[i]);
    expect(after[19]?.text).toContain('name: p19x');
    for (let i = 20; i < 50; i++) {
      expect(after[i]?.text).toBe(before[i]?.text);
      expect(after[i]?.start).toBe((before[i]?.start ?? 0) + 1);
    }
    // Deleting the marker line joins two chunks; typing it again cuts them apart.
    const marker = doc.getText().indexOf('---\nkind: Pod\nmetadata:\n  name: p30');
    const start = doc.positionAt(marker);
    const end = doc.positionAt(marker + 4);
    ChunkedDocument.update(doc, [{ range: { start, end }, text: '' }], 3);
    expect(doc.text.chunks).toHaveLength(49);
    ChunkedDocument.update(doc, [{ range: { start, end: start }, text: '---\n' }], 4);
    expect(doc.text.chunks).toHaveLength(50);
    expect(doc.getText()).toBe(docs.join('---\n').replace('name: p19', 'name: p19x'));
  });

  it('refuses a change without text, as the library does, and keeps the text it had', () => {
    const doc = ChunkedDocument.create('file:///a.yaml', 'yaml', 1, 'a: 1\n');
    const bad = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }];
    expect(() => ChunkedDocument.update(doc, bad as never, 2)).toThrow('Unknown change event received');
    expect(() => TextDocument.update(TextDocument.create('u', 'yaml', 1, 'a: 1\n'), bad as never, 2)).toThrow(
      'Unknown change event received',
    );
    expect(doc.getText()).toBe('a: 1\n');
    expect(doc.version).toBe(1);
  });

  it('hands the checker its chunks, and a library document its string', () => {
    const doc = ChunkedDocument.create('file:///a.yaml', 'yaml', 1, 'a: 1\n---\nb: 2\n');
    const t = documentText(doc);
    expect(typeof t).toBe('object');
    expect(typeof t === 'string' ? [] : t.chunks.map((c) => c.text)).toEqual(['a: 1\n', '---\nb: 2\n']);
    expect(documentText(TextDocument.create('file:///b.yaml', 'yaml', 1, 'c: 3\n'))).toBe('c: 3\n');
  });
});
