// server/src/engine/alias-guard.ts: the spans of a document that other places share (anchored nodes
// an alias uses, maps with a `<<` merge key), and whether a fix's edits touch one of them.
import { describe, expect, it } from 'vitest';
import type { Document } from 'yaml';
import { sharedSpans, touchesShared } from '../../server/src/engine/alias-guard';
import type { Span } from '../../server/src/engine/locate';
import { parseChunk } from '../../server/src/engine/parse';

function docOf(text: string): Document.Parsed {
  const parsed = parseChunk(text);
  expect(parsed.errors).toEqual([]);
  const doc = parsed.docs[0];
  if (!doc) throw new Error('no document');
  return doc;
}

const texts = (text: string): string[] =>
  sharedSpans(docOf(text), text).map((s) => text.slice(s.start, s.end));

describe('sharedSpans', () => {
  it('is empty for a document without aliases or merge keys', () => {
    expect(texts('a: &unused {x: 1}\nb: 2\n')).toEqual([]);
    expect(texts('a: 1\n')).toEqual([]);
  });

  it('holds every anchored node an alias refers to (scalar, map or sequence), not the unused ones', () => {
    const text = 'a: &s v\nb: &m {x: 1}\nc: &l [1]\nd: &u 2\ne: [*s, *m, *l]\n';
    expect(texts(text)).toEqual(['v', '{x: 1}', '[1]']);
  });

  it('holds each map that has a `<<` merge key', () => {
    const text = 'base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n';
    // The merging map (from its first key to its end) and the anchored map it merges.
    expect(texts(text)).toEqual(['<<: *b\n  y: 2\n', '{x: 1}']);
    // A merge of an inline map, no alias anywhere.
    expect(texts('m:\n  <<: {x: 1}\n  y: 2\n')).toEqual(['<<: {x: 1}\n  y: 2\n']);
  });

  it('is computed once per document', () => {
    const text = 'a: &s v\nb: *s\n';
    const doc = docOf(text);
    expect(sharedSpans(doc, text)).toBe(sharedSpans(doc, text));
  });
});

describe('touchesShared', () => {
  const shared: Span[] = [{ start: 10, end: 20 }];
  const edit = (start: number, end: number) => [{ start, end, newText: 'x' }];

  it('is true for an edit inside, across or touching a shared span', () => {
    expect(touchesShared(edit(12, 14), shared)).toBe(true);
    expect(touchesShared(edit(5, 11), shared)).toBe(true);
    expect(touchesShared(edit(20, 20), shared)).toBe(true);
    expect(touchesShared(edit(5, 10), shared)).toBe(true);
  });

  it('is false for edits clear of every shared span, or when nothing is shared', () => {
    expect(touchesShared(edit(0, 9), shared)).toBe(false);
    expect(touchesShared(edit(21, 30), shared)).toBe(false);
    expect(touchesShared(edit(12, 14), [])).toBe(false);
    expect(touchesShared([], shared)).toBe(false);
  });
});
