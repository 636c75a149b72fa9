// server/src/engine/locate.ts: where a finding points. A wrong value: the whole `key: value` pair
// (never a trailing comment); a block collection: the key that owns it; a missing field: the key of
// the deepest part of its path that exists, else the given fallback, marked `missing`.
import { describe, expect, it } from 'vitest';
import { isMap, type YAMLMap } from 'yaml';
import { keySpan, missingSpan, pairSpan, type Span } from '../../server/src/engine/locate';
import { mapGet, type Field } from '../../server/src/engine/node';
import { parseChunk } from '../../server/src/engine/parse';
import { yaml } from '../../server/src/engine/yaml-tag';

const TEXT = yaml`
  scalar: 1   # comment
  empty:
  flowMap: {x: 1}  # comment
  flowSeq: [1, 2]
  block:
    inner: 1
  anchored: &a v
  alias: *a
  quoted: "q"
  literal: |
    text
  last: x
`;

const root = ((): YAMLMap => {
  const parsed = parseChunk(TEXT);
  expect(parsed.errors).toEqual([]);
  const r = parsed.docs[0]?.contents;
  if (!isMap(r)) throw new Error('not a map');
  return r;
})();

const f = (key: string): Field => {
  const hit = mapGet(root, key);
  if (!hit) throw new Error(`no ${key}`);
  return hit;
};
const text = (s: Span): string => TEXT.slice(s.start, s.end);

describe('pairSpan', () => {
  it('covers key to value end for scalars, quoted or not, without the comment after them', () => {
    expect(pairSpan(f('scalar'))).toEqual({ start: 0, end: 9 });
    expect(text(pairSpan(f('scalar')))).toBe('scalar: 1');
    expect(text(pairSpan(f('quoted')))).toBe('quoted: "q"');
  });

  it('covers flow collections to their closing bracket', () => {
    expect(text(pairSpan(f('flowMap')))).toBe('flowMap: {x: 1}');
    expect(text(pairSpan(f('flowSeq')))).toBe('flowSeq: [1, 2]');
  });

  it('is the key alone for an empty value and for a block collection', () => {
    expect(text(pairSpan(f('empty')))).toBe('empty');
    expect(text(pairSpan(f('block')))).toBe('block');
  });

  it('covers the anchor and the alias as written', () => {
    expect(text(pairSpan(f('anchored')))).toBe('anchored: &a v');
    expect(text(pairSpan(f('alias')))).toBe('alias: *a');
  });

  it('ends a block scalar after its last line break, as the parser ranges it', () => {
    expect(text(pairSpan(f('literal')))).toBe('literal: |\n  text\n');
  });

  it('takes a Field or the Pair itself', () => {
    expect(pairSpan(f('scalar').pair)).toEqual(pairSpan(f('scalar')));
  });
});

describe('keySpan', () => {
  it('is the key alone, whatever the value', () => {
    expect(text(keySpan(f('scalar')))).toBe('scalar');
    expect(text(keySpan(f('block').pair))).toBe('block');
  });
});

describe('missingSpan', () => {
  const fallback: Span = { start: 100, end: 104 };

  it('points at the key of the deepest existing part of the path, marked missing', () => {
    const span = missingSpan(root, ['block', 'inner', 'deeper'], fallback);
    expect(text(span)).toBe('inner');
    expect(span.missing).toBe(true);
    expect(text(missingSpan(root, ['block', 'absent'], fallback))).toBe('block');
  });

  it('falls back when no part of the path exists', () => {
    expect(missingSpan(root, ['absent', 'block'], fallback)).toEqual({
      start: 100,
      end: 104,
      missing: true,
      absent: { base: root, path: ['absent', 'block'] },
    });
    expect(missingSpan(root, [], fallback)).toMatchObject({ start: 100, end: 104, missing: true });
  });

  it('records which field is absent, below which node (the object path of a missing field)', () => {
    expect(missingSpan(root, ['block', 'inner', 'deeper'], fallback).absent).toEqual({
      base: root,
      path: ['block', 'inner', 'deeper'],
    });
  });
});
