import { describe, expect, it } from 'vitest';
import { diffDocuments, leaves } from './object-diff';

describe('diffDocuments', () => {
  it.each([
    ['a: 1\nb: {c: 2}\n', 'a: 1\nb: {c: 3}\n', [{ op: 'set', path: ['b', 'c'], text: '3', value: 3 }]],
    ['a: 1\n', 'a: 1\nb:\n  c: true\n', [{ op: 'add', path: ['b'], text: 'c: true\n' }]],
    ['a: 1\nb: 2\n', 'a: 1\n', [{ op: 'remove', path: ['b'] }]],
    ['l: [x, y, z]\n', 'l: [x, z]\n', [{ op: 'removeItem', path: ['l'], index: 1 }]],
    ['l: [x]\n', 'l: [x, ALL]\n', [{ op: 'appendItem', path: ['l'], text: 'ALL', value: 'ALL' }]],
    // `key:` (null) filled with a block: each entry is an addition below it.
    ['s:\n', 's:\n  r: true\n', [{ op: 'add', path: ['s', 'r'], text: 'true' }]],
    // A rendered document's leading `---` line does not stop the parse.
    ['---\na: 1\n', '---\na: 2\n', [{ op: 'set', path: ['a'], text: '2', value: 2 }]],
  ])('%j → %j', (before, after, ops) => {
    const got = diffDocuments(before, after)?.map((o) =>
      'node' in o ? { op: o.op, path: o.path, text: o.text } : o,
    );
    expect(got).toEqual(ops);
  });

  it('refuses shapes it does not know (a reordered list, a map replaced by a list, a broken text)', () => {
    expect(diffDocuments('l: [a, b]\n', 'l: [b, a, c]\n')).toBeUndefined();
    expect(diffDocuments('s:\n', 's: [a]\n')).toBeUndefined();
    expect(diffDocuments('a: [\n', 'a: 1\n')).toBeUndefined();
  });
});

describe('leaves', () => {
  it('lists the scalar leaves of a subtree, and refuses a list of maps', () => {
    const text = 'a:\n  b: "x"\n  c: [1, 2]\n';
    expect(leaves(diffNode(text), text)).toEqual([
      { path: ['b'], leaf: { scalar: '"x"' } },
      { path: ['c'], leaf: { seq: ['1', '2'] } },
    ]);
    const maps = 'a:\n  - {x: 1}\n';
    expect(leaves(diffNode(maps), maps)).toBeUndefined();
  });
});

/** The node an `add` of key `a` carries, from an empty document to `text`. */
function diffNode(text: string): unknown {
  const op = diffDocuments('{}\n', text)?.[0];
  return op && 'node' in op ? op.node : undefined;
}
