// server/src/engine/fix.ts: the Fixer's edits on the source text (set, remove, append, ensure), the
// quoting of new scalars (`quoteLike`), and the edit helpers (`applyEdits`, `editsOverlap`,
// `snippetDefaults`). Every edit is applied and the result must parse without YAML errors.
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import {
  applyEdits,
  editsOverlap,
  Fixer,
  quoteLike,
  snippetDefaults,
  type Edit,
} from '../../server/src/engine/fix';
import { getIn, mapGet, type Field } from '../../server/src/engine/node';
import { parseChunk } from '../../server/src/engine/parse';
import { yaml } from '../../server/src/engine/yaml-tag';

/** A Fixer on the first document of `text`, parsed as the engine parses it. */
function fixerFor(text: string): { fixer: Fixer; root: YAMLMap } {
  const parsed = parseChunk(text);
  expect(parsed.errors).toEqual([]);
  const root = parsed.docs[0]?.contents;
  if (!isMap(root)) throw new Error('the test text must be a map');
  return { fixer: new Fixer(text, root), root };
}

/** `text` with `edit` applied; the edit must exist and the result must parse cleanly. */
function applied(text: string, edit: Edit | undefined): string {
  expect(edit).toBeDefined();
  const out = applyEdits(text, [edit as Edit]);
  expect(parseChunk(out).errors).toEqual([]);
  return out;
}

function field(root: YAMLMap, ...path: string[]): Field {
  const f = getIn(root, path);
  if (!f) throw new Error(`no ${path.join('.')}`);
  return f;
}

function mapAt(root: YAMLMap, ...path: string[]): YAMLMap {
  const v = field(root, ...path).value;
  if (!isMap(v)) throw new Error(`${path.join('.')} is not a map`);
  return v;
}

function seqAt(root: YAMLMap, ...path: string[]): YAMLSeq {
  const v = field(root, ...path).value;
  if (!isSeq(v)) throw new Error(`${path.join('.')} is not a sequence`);
  return v;
}

describe('Fixer.setValue', () => {
  it('replaces a scalar and keeps the comment after it', () => {
    const text = 'a: 1  # why\nb: 2\n';
    const { fixer, root } = fixerFor(text);
    const edit = fixer.setValue(field(root, 'a'), '2');
    expect(edit).toEqual({ start: 3, end: 4, newText: '2' });
    expect(applied(text, edit)).toBe('a: 2  # why\nb: 2\n');
  });

  it('replaces a quoted scalar with its quotes', () => {
    const text = 'a: "x"\n';
    const { fixer, root } = fixerFor(text);
    expect(applied(text, fixer.setValue(field(root, 'a'), 'y'))).toBe('a: y\n');
  });

  it('fills an empty value after the colon, before a comment on the line', () => {
    const { fixer, root } = fixerFor('a:\nb: 1\n');
    expect(fixer.setValue(field(root, 'a'), 'x')).toEqual({ start: 2, end: 2, newText: ' x' });
    const commented = 'a: # note\nb: 1\n';
    const c = fixerFor(commented);
    expect(applied(commented, c.fixer.setValue(field(c.root, 'a'), 'x'))).toBe('a: x # note\nb: 1\n');
  });

  it('replaces an explicit null (`~`)', () => {
    const text = 'a: ~\n';
    const { fixer, root } = fixerFor(text);
    expect(fixer.setValue(field(root, 'a'), 'x')).toEqual({ start: 3, end: 4, newText: 'x' });
  });

  it('replaces a flow collection whole, and gives up on a block one', () => {
    const text = 'a: {x: 1}\nb:\n  y: 1\n';
    const { fixer, root } = fixerFor(text);
    expect(applied(text, fixer.setValue(field(root, 'a'), 'z'))).toBe('a: z\nb:\n  y: 1\n');
    expect(fixer.setValue(field(root, 'b'), 'z')).toBeUndefined();
  });

  it('replaces an alias, never the anchored node other keys share', () => {
    const text = 'base: &b 1\na: *b\n';
    const { fixer, root } = fixerFor(text);
    const edit = fixer.setValue(field(root, 'a'), '2');
    expect(edit).toEqual({ start: 14, end: 16, newText: '2' });
    expect(applied(text, edit)).toBe('base: &b 1\na: 2\n');
  });

  it('refuses a field reached through a merge key (it belongs to the anchored map)', () => {
    const { fixer, root } = fixerFor('base: &b {x: 1}\na:\n  <<: *b\n');
    const merged = field(root, 'a', 'x');
    expect(merged.merged).toBe(true);
    expect(fixer.setValue(merged, '2')).toBeUndefined();
  });
});

describe('Fixer.replace / replaceQuoted', () => {
  it('replaces a node by its range, quoting as the node was quoted', () => {
    const text = 'a: \'x\'\nb: "y"\nc: z\n';
    const { fixer, root } = fixerFor(text);
    const a = field(root, 'a').value as Scalar;
    const b = field(root, 'b').value as Scalar;
    const c = field(root, 'c').value as Scalar;
    expect(fixer.replaceQuoted(a, "it's")).toEqual({ start: 3, end: 6, newText: "'it''s'" });
    expect(fixer.replaceQuoted(b, 'q"')).toEqual({ start: 10, end: 13, newText: '"q\\""' });
    expect(fixer.replaceQuoted(c, 'true')).toEqual({ start: 17, end: 18, newText: '"true"' });
    expect(fixer.replace(new Scalar('no range'), 'x')).toBeUndefined();
  });
});

describe('Fixer.removePair', () => {
  it('removes the whole line of a block pair, with its comment; comments of other lines stay', () => {
    const text = 'a: 1\n# about b\nb: 2 # why\nc: 3\n';
    const { fixer, root } = fixerFor(text);
    const edit = fixer.removePair(root, field(root, 'b'));
    expect(edit).toEqual({ start: 15, end: 26, newText: '' });
    expect(applied(text, edit)).toBe('a: 1\n# about b\nc: 3\n');
  });

  it('removes a pair whose value is a block map, down to its last content line', () => {
    const text = yaml`
      a:
        x: 1
        y: 2
      # top level
      b: 3
    `;
    const { fixer, root } = fixerFor(text);
    expect(applied(text, fixer.removePair(root, field(root, 'a')))).toBe('# top level\nb: 3\n');
  });

  it('keeps CRLF line ends, and removes the last pair of a text without a final line break', () => {
    const crlf = 'a: 1\r\nb: 2\r\nc: 3\r\n';
    const c = fixerFor(crlf);
    expect(applied(crlf, c.fixer.removePair(c.root, field(c.root, 'b')))).toBe('a: 1\r\nc: 3\r\n');
    const open = 'a: 1\nb: 2';
    const o = fixerFor(open);
    expect(applied(open, o.fixer.removePair(o.root, field(o.root, 'b')))).toBe('a: 1\n');
  });

  it('removes the first key of a sequence item up to the next key, or leaves `{}` when it was alone', () => {
    const text = 'l:\n  - name: a\n    image: b\n  - name: c\n';
    const { fixer, root } = fixerFor(text);
    const items = seqAt(root, 'l').items;
    const first = items[0] as YAMLMap;
    const second = items[1] as YAMLMap;
    const edit = fixer.removePair(first, mapGet(first, 'name') as Field);
    expect(edit).toEqual({ start: 7, end: 19, newText: '' });
    expect(applied(text, edit)).toBe('l:\n  - image: b\n  - name: c\n');
    expect(applied(text, fixer.removePair(second, mapGet(second, 'name') as Field))).toBe(
      'l:\n  - name: a\n    image: b\n  - {}\n',
    );
  });

  it('removes an item of a flow map with its comma', () => {
    const text = 'a: {x: 1, y: 2}\n';
    const { fixer, root } = fixerFor(text);
    const map = mapAt(root, 'a');
    expect(applied(text, fixer.removePair(map, field(root, 'a', 'x')))).toBe('a: {y: 2}\n');
    expect(applied(text, fixer.removePair(map, field(root, 'a', 'y')))).toBe('a: {x: 1}\n');
    const one = 'a: {x: 1}\n';
    const o = fixerFor(one);
    expect(applied(one, o.fixer.removePair(mapAt(o.root, 'a'), field(o.root, 'a', 'x')))).toBe('a: {}\n');
  });

  it('refuses to remove an anchored key (its aliases would dangle) or a pair of another map', () => {
    const { fixer, root } = fixerFor('&k a: 1\nb: *k\nc:\n  d: 1\n');
    expect(fixer.removePair(root, field(root, 'a'))).toBeUndefined();
    expect(fixer.removePair(root, field(root, 'c', 'd'))).toBeUndefined();
  });
});

describe('Fixer.removePairCascade', () => {
  it('removes the parent pair too when the pair was its only entry, up through several levels', () => {
    const text = yaml`
      spec:
        securityContext:
          privileged: true
        containers: []
    `;
    const { fixer, root } = fixerFor(text);
    const edit = fixer.removePairCascade(
      mapAt(root, 'spec', 'securityContext'),
      field(root, 'spec', 'securityContext', 'privileged'),
    );
    expect(applied(text, edit)).toBe('spec:\n  containers: []\n');
    const deep = 'a:\n  b:\n    c: 1\nd: 2\n';
    const d = fixerFor(deep);
    expect(
      applied(deep, d.fixer.removePairCascade(mapAt(d.root, 'a', 'b'), field(d.root, 'a', 'b', 'c'))),
    ).toBe('d: 2\n');
  });

  it('removes only the pair when its map has other entries, or when the map is a flow map', () => {
    const text = 'a:\n  b: 1\n  c: 2\n';
    const { fixer, root } = fixerFor(text);
    expect(applied(text, fixer.removePairCascade(mapAt(root, 'a'), field(root, 'a', 'b')))).toBe(
      'a:\n  c: 2\n',
    );
    const flow = 'a: {x: 1}\nb: 2\n';
    const f = fixerFor(flow);
    expect(applied(flow, f.fixer.removePairCascade(mapAt(f.root, 'a'), field(f.root, 'a', 'x')))).toBe(
      'a: {}\nb: 2\n',
    );
  });
});

describe('Fixer.removeSeqItem / removeSeqItemCascade', () => {
  it('removes the whole lines of a block item, a comment on its line included', () => {
    const text = 'l:\n  - a\n  - b # c\n  - c\n';
    const { fixer, root } = fixerFor(text);
    const edit = fixer.removeSeqItem(seqAt(root, 'l'), 1);
    expect(edit).toEqual({ start: 9, end: 19, newText: '' });
    expect(applied(text, edit)).toBe('l:\n  - a\n  - c\n');
  });

  it('removes a multi-line map item and keeps the flush sequence style', () => {
    const text = 'l:\n- name: a\n  image: x\n- name: b\n';
    const { fixer, root } = fixerFor(text);
    expect(applied(text, fixer.removeSeqItem(seqAt(root, 'l'), 0))).toBe('l:\n- name: b\n');
  });

  it('removes a flow item with its comma; the only item leaves `[]`', () => {
    const text = 'l: [a, b, c]\n';
    const { fixer, root } = fixerFor(text);
    const l = seqAt(root, 'l');
    expect(applied(text, fixer.removeSeqItem(l, 0))).toBe('l: [b, c]\n');
    expect(applied(text, fixer.removeSeqItem(l, 1))).toBe('l: [a, c]\n');
    expect(applied(text, fixer.removeSeqItem(l, 2))).toBe('l: [a, b]\n');
    const one = 'l: [a]\n';
    const o = fixerFor(one);
    expect(applied(one, o.fixer.removeSeqItem(seqAt(o.root, 'l'), 0))).toBe('l: []\n');
  });

  it('replaces the only item of a compact nested sequence (`- - a`) by `[]`', () => {
    const text = 'l:\n  - - a\n';
    const { fixer, root } = fixerFor(text);
    const inner = seqAt(root, 'l').items[0] as YAMLSeq;
    expect(applied(text, fixer.removeSeqItem(inner, 0))).toBe('l:\n  - []\n');
  });

  it('moves the next item up when the first of a longer compact nested sequence goes', () => {
    const text = 'l:\n  - - a\n    - c\n  - b\n';
    const { fixer, root } = fixerFor(text);
    const inner = seqAt(root, 'l').items[0] as YAMLSeq;
    expect(applied(text, fixer.removeSeqItem(inner, 0))).toBe('l:\n  - - c\n  - b\n');
  });

  it('cascade: the only item takes its key along (and an only key its parent); otherwise the item alone', () => {
    const text = 's:\n  drop:\n    - ALL\n  x: 1\n';
    const { fixer, root } = fixerFor(text);
    expect(applied(text, fixer.removeSeqItemCascade(seqAt(root, 's', 'drop'), 0))).toBe('s:\n  x: 1\n');
    const only = 'a: 1\ns:\n  drop:\n    - ALL\n';
    const o = fixerFor(only);
    expect(applied(only, o.fixer.removeSeqItemCascade(seqAt(o.root, 's', 'drop'), 0))).toBe('a: 1\n');
    const two = 's:\n  drop:\n    - ALL\n    - B\n';
    const t = fixerFor(two);
    expect(applied(two, t.fixer.removeSeqItemCascade(seqAt(t.root, 's', 'drop'), 0))).toBe(
      's:\n  drop:\n    - B\n',
    );
  });
});

describe('Fixer.appendSeqItem', () => {
  it('appends at the column of the last dash, after its content and before blank lines', () => {
    const indented = 'l:\n  - a\n\nm: 1\n';
    const i = fixerFor(indented);
    expect(i.fixer.appendSeqItem(seqAt(i.root, 'l'), 'b')).toEqual({ start: 8, end: 8, newText: '\n  - b' });
    expect(applied(indented, i.fixer.appendSeqItem(seqAt(i.root, 'l'), 'b'))).toBe(
      'l:\n  - a\n  - b\n\nm: 1\n',
    );
    const flush = 'l:\n- a # c\n';
    const f = fixerFor(flush);
    expect(applied(flush, f.fixer.appendSeqItem(seqAt(f.root, 'l'), 'b'))).toBe('l:\n- a # c\n- b\n');
  });

  it('appends after the last line of a multi-line item', () => {
    const text = 'l:\n  - name: a\n    image: x\nz: 1\n';
    const { fixer, root } = fixerFor(text);
    expect(applied(text, fixer.appendSeqItem(seqAt(root, 'l'), 'name: b'))).toBe(
      'l:\n  - name: a\n    image: x\n  - name: b\nz: 1\n',
    );
  });

  it('appends to flow sequences, empty ones included', () => {
    const text = 'l: [a, b]\nm: []\n';
    const { fixer, root } = fixerFor(text);
    expect(applied(text, fixer.appendSeqItem(seqAt(root, 'l'), 'c'))).toBe('l: [a, b, c]\nm: []\n');
    expect(applied(text, fixer.appendSeqItem(seqAt(root, 'm'), 'c'))).toBe('l: [a, b]\nm: [c]\n');
  });

  it('writes the line break the text uses (CRLF)', () => {
    const text = 'l:\r\n  - a\r\n';
    const { fixer, root } = fixerFor(text);
    expect(fixer.eol).toBe('\r\n');
    expect(applied(text, fixer.appendSeqItem(seqAt(root, 'l'), 'b'))).toBe('l:\r\n  - a\r\n  - b\r\n');
  });
});

describe('Fixer.ensure', () => {
  it('adds the missing keys to a block map at the indentation the document uses (4 here)', () => {
    const text = 'a:\n    b: 1\n';
    const { fixer, root } = fixerFor(text);
    expect(fixer.indentUnit).toBe(4);
    const edit = fixer.ensure(root, ['a', 'securityContext', 'runAsNonRoot'], { scalar: 'true' });
    expect(edit).toEqual({
      start: 11,
      end: 11,
      newText: '\n    securityContext:\n        runAsNonRoot: true',
    });
    expect(applied(text, edit)).toBe('a:\n    b: 1\n    securityContext:\n        runAsNonRoot: true\n');
  });

  it('inserts after a comment on the last line and before blank lines; comments stay', () => {
    const text = 'a:\n  b: 1 # keep\n\n\nz: 2\n';
    const { fixer, root } = fixerFor(text);
    expect(applied(text, fixer.ensure(root, ['a', 'c'], { scalar: 'x' }))).toBe(
      'a:\n  b: 1 # keep\n  c: x\n\n\nz: 2\n',
    );
  });

  it('adds to a flow map in flow style, empty or not', () => {
    const text = 'a: {b: 1}\ne: {}\n';
    const { fixer, root } = fixerFor(text);
    expect(applied(text, fixer.ensure(root, ['a', 'c', 'd'], { scalar: '1' }))).toBe(
      'a: {b: 1, c: {d: 1}}\ne: {}\n',
    );
    expect(applied(text, fixer.ensure(root, ['e', 'c', 'd'], { scalar: '1' }))).toBe(
      'a: {b: 1}\ne: {c: {d: 1}}\n',
    );
  });

  it('fills an empty value with a block map one level deeper, and replaces `~` by a flow map', () => {
    const empty = 'a:\nb: 2\n';
    const e = fixerFor(empty);
    expect(applied(empty, e.fixer.ensure(e.root, ['a', 'c', 'd'], { scalar: '1' }))).toBe(
      'a:\n  c:\n    d: 1\nb: 2\n',
    );
    const wide = 'a:\n    b: 1\nc:\n';
    const w = fixerFor(wide);
    expect(applied(wide, w.fixer.ensure(w.root, ['c', 'd'], { scalar: '1' }))).toBe(
      'a:\n    b: 1\nc:\n    d: 1\n',
    );
    const tilde = 'a: ~\n';
    const t = fixerFor(tilde);
    expect(applied(tilde, t.fixer.ensure(t.root, ['a', 'c', 'd'], { scalar: '1' }))).toBe('a: {c: {d: 1}}\n');
  });

  it('writes a list in the sequence style the document uses: flush or indented', () => {
    const flush = 'a:\n  l:\n  - x\n';
    const f = fixerFor(flush);
    expect([f.fixer.indentUnit, f.fixer.seqIndent]).toEqual([2, 0]);
    expect(applied(flush, f.fixer.ensure(f.root, ['a', 'drop'], { seq: ['ALL'] }))).toBe(
      'a:\n  l:\n  - x\n  drop:\n  - ALL\n',
    );
    const indented = 'a:\n  l:\n    - x\n';
    const i = fixerFor(indented);
    expect([i.fixer.indentUnit, i.fixer.seqIndent]).toEqual([2, 2]);
    expect(applied(indented, i.fixer.ensure(i.root, ['a', 'drop'], { seq: ['ALL'] }))).toBe(
      'a:\n  l:\n    - x\n  drop:\n    - ALL\n',
    );
  });

  it('replaces an existing scalar or flow list; leaves an existing block list alone', () => {
    const text = 'a:\n  b:\n    c: 1\n  drop: [NET_RAW]\n  add:\n    - X\n';
    const { fixer, root } = fixerFor(text);
    expect(applied(text, fixer.ensure(root, ['a', 'b', 'c'], { scalar: '2' }))).toBe(
      'a:\n  b:\n    c: 2\n  drop: [NET_RAW]\n  add:\n    - X\n',
    );
    expect(applied(text, fixer.ensure(root, ['a', 'drop'], { seq: ['ALL', 'B'] }))).toBe(
      'a:\n  b:\n    c: 1\n  drop: [ALL, B]\n  add:\n    - X\n',
    );
    expect(fixer.ensure(root, ['a', 'add'], { seq: ['Y'] })).toBeUndefined();
  });

  it('keeps CRLF, and does not count a byte order mark as indentation', () => {
    const crlf = 'a:\r\n  b: 1\r\n';
    const c = fixerFor(crlf);
    expect(applied(crlf, c.fixer.ensure(c.root, ['a', 'c'], { scalar: 'x' }))).toBe(
      'a:\r\n  b: 1\r\n  c: x\r\n',
    );
    const bom = '\ufeffa: 1\n';
    const b = fixerFor(bom);
    expect(applied(bom, b.fixer.ensure(b.root, ['b', 'c'], { scalar: 'x' }))).toBe(
      '\ufeffa: 1\nb:\n  c: x\n',
    );
  });

  it('does not edit through a merge key or an alias, or next to a complex key', () => {
    const merged = fixerFor('x: &m {b: 1}\na:\n  <<: *m\n  c: 2\n');
    expect(merged.fixer.ensure(merged.root, ['a', 'b'], { scalar: '9' })).toBeUndefined();
    const aliased = 'x: &m\n  b: 1\na: *m\n';
    const al = fixerFor(aliased);
    expect(al.fixer.ensure(al.root, ['a', 'z'], { scalar: '9' })).toBeUndefined();
    // Setting the aliased key itself replaces the alias only.
    expect(applied(aliased, al.fixer.ensure(al.root, ['a'], { scalar: '9' }))).toBe('x: &m\n  b: 1\na: 9\n');
    const complex = fixerFor('a:\n  ? [k]\n  : v\n');
    expect(complex.fixer.ensure(complex.root, ['a', 'z'], { scalar: '9' })).toBeUndefined();
  });
});

describe('Fixer style detection and positions', () => {
  it('defaults to 2 columns, and to the indentation step for sequences', () => {
    const { fixer } = fixerFor('a: 1\n');
    expect([fixer.indentUnit, fixer.seqIndent]).toEqual([2, 2]);
    expect(fixer.blockText(['x', 'y'], { scalar: '1' }, 4)).toBe('    x:\n      y: 1');
    expect(fixer.blockText(['l'], { seq: ['a', 'b'] }, 0)).toBe('l:\n  - a\n  - b');
    expect(fixer.flowText(['x', 'y'], { seq: ['a'] })).toBe('x: {y: [a]}');
    expect(fixer.flowText(['x'], { scalar: '1' }, true)).toBe('{x: 1}');
  });

  it('propStart includes an anchor or tag before a key; dashOf finds the dash of an item', () => {
    const text = 'a:\n  !!str b: 1\nl:\n  -   x\n';
    const { fixer, root } = fixerFor(text);
    expect(fixer.propStart(field(root, 'a', 'b').key.range?.[0] ?? -1)).toBe(5);
    expect(fixer.dashOf(seqAt(root, 'l'), 0)).toBe(21);
    expect(fixer.dashOf(seqAt(root, 'l'), 1)).toBeUndefined();
  });

  it('spanOf is the node range, undefined without one (never offset 0 by default)', () => {
    const { fixer, root } = fixerFor('a: value\n');
    expect(fixer.spanOf(field(root, 'a').value)).toEqual({ start: 3, end: 8 });
    expect(fixer.spanOf(new Scalar('x'))).toBeUndefined();
    expect(fixer.spanOf(null)).toBeUndefined();
  });

  it('parentOf finds the map and pair that hold a value, through sequences', () => {
    const { fixer, root } = fixerFor('a:\n  - b:\n      c: 1\n');
    const item = seqAt(root, 'a').items[0] as YAMLMap;
    const b = mapGet(item, 'b') as Field;
    expect(fixer.parentOf(b.value)).toEqual({ map: item, pair: b.pair });
    expect(fixer.parentOf(root)).toBeUndefined();
  });
});

describe('Fixer.fix / snippetFix', () => {
  const { fixer } = fixerFor('a: 1\n');
  const e: Edit = { start: 3, end: 4, newText: '2' };

  it('builds a fix from edits, or nothing when any edit could not be built', () => {
    expect(fixer.fix('Set `a: 2`', 'safe', e)).toEqual({ title: 'Set `a: 2`', safety: 'safe', edits: [e] });
    expect(fixer.fix('Set `a: 2`', 'safe', e, undefined)).toBeUndefined();
    expect(fixer.fix('Nothing', 'unsafe')).toBeUndefined();
  });

  it('marks snippet fixes', () => {
    expect(fixer.snippetFix('Set a', 'unsafe', e)).toEqual({
      title: 'Set a',
      safety: 'unsafe',
      edits: [e],
      snippet: true,
    });
    expect(fixer.snippetFix('Set a', 'unsafe', undefined)).toBeUndefined();
  });
});

describe('quoteLike', () => {
  const plain = (v: unknown): Scalar => Object.assign(new Scalar(v), { type: Scalar.PLAIN });

  it('keeps the quoting of the scalar it replaces', () => {
    expect(quoteLike(Object.assign(new Scalar('x'), { type: Scalar.QUOTE_DOUBLE }), 'a"b')).toBe('"a\\"b"');
    expect(quoteLike(Object.assign(new Scalar('x'), { type: Scalar.QUOTE_SINGLE }), "it's")).toBe("'it''s'");
  });

  it('writes plain what plain YAML reads back as the same string', () => {
    for (const s of ['nginx:1.27', '-x', 'a:b', 'a#b', 'a,b', 'RuntimeDefault', '/var/run']) {
      expect(quoteLike(undefined, s), s).toBe(s);
      expect(quoteLike(plain('old'), s), s).toBe(s);
    }
  });

  it('double-quotes what plain YAML would read otherwise, or not at all', () => {
    const cases: [string, string][] = [
      ['', '""'],
      ['true', '"true"'],
      ['False', '"False"'],
      ['null', '"null"'],
      ['~', '"~"'],
      ['123', '"123"'],
      ['1.0', '"1.0"'],
      ['.5', '".5"'],
      ['0x1F', '"0x1F"'],
      ['1e3', '"1e3"'],
      ['.inf', '".inf"'],
      [' x', '" x"'],
      ['x ', '"x "'],
      ['a\nb', '"a\\nb"'],
      ['#x', '"#x"'],
      ['&a', '"&a"'],
      ['*a', '"*a"'],
      ['!t', '"!t"'],
      ['@x', '"@x"'],
      ['- x', '"- x"'],
      ['-', '"-"'],
      ['x:', '"x:"'],
      ['a: b', '"a: b"'],
      ['a #b', '"a #b"'],
      ['[x]', '"[x]"'],
      // YAML 1.1, as Kubernetes reads manifests: booleans and numbers a 1.2 reader takes as strings.
      ['yes', '"yes"'],
      ['On', '"On"'],
      ['n', '"n"'],
      ['0777', '"0777"'],
      ['1_000', '"1_000"'],
      ['0b101', '"0b101"'],
      ['1:30', '"1:30"'],
    ];
    for (const [s, want] of cases) expect(quoteLike(undefined, s), s).toBe(want);
  });

  it('quotes `,[]{}` inside flow collections only', () => {
    expect(quoteLike(undefined, 'a,b', true)).toBe('"a,b"');
    expect(quoteLike(undefined, 'a]b', true)).toBe('"a]b"');
    expect(quoteLike(undefined, 'a]b')).toBe('a]b');
  });

  it('keeps a plain non-string scalar plain when the new text is of its type', () => {
    expect(quoteLike(plain(100), '200')).toBe('200');
    expect(quoteLike(plain(true), 'false')).toBe('false');
    expect(quoteLike(plain(100), 'true')).toBe('"true"');
    expect(quoteLike(plain('100m'), '200')).toBe('"200"');
  });

  it('reads snippet placeholders as their default text', () => {
    expect(quoteLike(plain(1000), '${1:10001}')).toBe('${1:10001}');
    expect(quoteLike(undefined, '${1:tag}')).toBe('${1:tag}');
    expect(quoteLike(undefined, '${1:true}')).toBe('"${1:true}"');
  });
});

describe('applyEdits / editsOverlap / snippetDefaults', () => {
  it('applies edits given in any order, adjacent ones included', () => {
    const edits: Edit[] = [
      { start: 0, end: 1, newText: 'A' },
      { start: 4, end: 5, newText: 'E' },
      { start: 1, end: 2, newText: 'B' },
    ];
    expect(applyEdits('abcde', edits)).toBe('ABcdE');
  });

  it('throws on overlapping edits', () => {
    expect(() =>
      applyEdits('abcde', [
        { start: 0, end: 3, newText: '' },
        { start: 2, end: 5, newText: '' },
      ]),
    ).toThrow('overlapping edits at 0..3');
  });

  it('editsOverlap: shared characters or insertions at the same point overlap; touching edits do not', () => {
    const at = (start: number, end: number): Edit[] => [{ start, end, newText: 'x' }];
    expect(editsOverlap(at(0, 3), at(2, 5))).toBe(true);
    expect(editsOverlap(at(4, 4), at(4, 4))).toBe(true);
    expect(editsOverlap(at(0, 2), at(2, 4))).toBe(false);
    expect(editsOverlap(at(2, 2), at(0, 2))).toBe(false);
  });

  it('snippetDefaults replaces placeholders by their defaults and drops tab stops', () => {
    expect(snippetDefaults('runAsUser: ${1:10001}$0')).toBe('runAsUser: 10001');
    expect(snippetDefaults('x: ${2:a\\}b}')).toBe('x: a}b');
  });
});
