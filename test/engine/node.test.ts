// server/src/engine/node.ts: reading YAML nodes as Kubernetes decodes them: map lookups (last
// duplicate wins, aliases followed, `<<` merge keys), paths, and scalars as strings, YAML 1.1
// booleans and integers.
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, parseAllDocuments, Scalar, type Document, type YAMLMap } from 'yaml';
import {
  asBool,
  asInt,
  deepestExisting,
  deref,
  getIn,
  linkAliases,
  mapGet,
  scalarString,
  seqStrings,
  type YValue,
} from '../../server/src/engine/node';
import { parseChunk } from '../../server/src/engine/parse';

/** The root map of `text`, parsed by the engine (which links aliases). */
function rootOf(text: string): YAMLMap {
  const parsed = parseChunk(text);
  expect(parsed.errors).toEqual([]);
  const root = parsed.docs[0]?.contents;
  if (!isMap(root)) throw new Error('not a map');
  return root;
}

const valueOf = (map: YValue, ...path: string[]): unknown =>
  (getIn(map, path)?.value as Scalar | undefined)?.value;

describe('mapGet', () => {
  it('finds a key by its string form; with duplicate keys the last one wins', () => {
    const root = rootOf('a: 1\n2: two\na: 3\n');
    expect(valueOf(root, 'a')).toBe(3);
    expect(mapGet(root, 'a')?.key.range?.[0]).toBe(12);
    expect(valueOf(root, '2')).toBe('two');
    expect(mapGet(root, 'b')).toBeUndefined();
    expect(mapGet(mapGet(root, 'a')?.value, 'x')).toBeUndefined();
  });

  it('follows an alias to its anchored node, keeping the pair that holds the alias', () => {
    const root = rootOf('base: &b {x: 1}\nuse: *b\n');
    const use = mapGet(root, 'use');
    expect(use?.pair.key).toBe(use?.key);
    expect(isMap(use?.value)).toBe(true);
    expect(valueOf(root, 'use', 'x')).toBe(1);
    expect(use?.merged).toBeUndefined();
  });

  it('looks a key up in `<<` merge keys: explicit keys win, then the first merged map that has it', () => {
    const root = rootOf(
      'one: &one {a: 1, b: 1}\ntwo: &two {b: 2, c: 2}\nm:\n  <<: [*one, *two]\n  a: 0\nsingle:\n  <<: *two\n',
    );
    expect(getIn(root, ['m', 'a'])?.merged).toBeUndefined();
    expect(valueOf(root, 'm', 'a')).toBe(0);
    const b = getIn(root, ['m', 'b']);
    expect(b?.merged).toBe(true);
    expect((b?.value as Scalar).value).toBe(1);
    expect(valueOf(root, 'm', 'c')).toBe(2);
    expect(valueOf(root, 'single', 'c')).toBe(2);
    expect(getIn(root, ['single', 'c'])?.merged).toBe(true);
    expect(getIn(root, ['m', 'z'])).toBeUndefined();
  });

  it('a quoted "<<" is an ordinary key, not a merge', () => {
    const root = rootOf('one: &one {a: 1}\nm:\n  "<<": *one\n');
    expect(getIn(root, ['m', 'a'])).toBeUndefined();
    expect(isMap(getIn(root, ['m', '<<'])?.value)).toBe(true);
  });

  it('ends on a map that merges itself (each map is searched once per lookup)', () => {
    const root = rootOf('m: &m\n  a: 1\n  <<: *m\n');
    expect(valueOf(root, 'm', 'a')).toBe(1);
    expect(getIn(root, ['m', 'zz'])).toBeUndefined();
  });
});

describe('linkAliases / deref', () => {
  it('links each alias to the closest preceding node with that anchor', () => {
    const doc = parseAllDocuments('a: &x 1\nb: *x\nc: &x 2\nd: *x\n')[0] as Document.Parsed;
    linkAliases(doc);
    const root = doc.contents as YAMLMap;
    expect(valueOf(root, 'b')).toBe(1);
    expect(valueOf(root, 'd')).toBe(2);
  });

  it('an alias without its anchor, or not linked, is undefined; other values pass through', () => {
    const doc = parseAllDocuments('a: &x 1\nb: *x\n')[0] as Document.Parsed;
    const alias = (doc.contents as YAMLMap).items[1]?.value;
    expect(deref(alias)).toBeUndefined();
    linkAliases(doc);
    expect((deref(alias) as Scalar).value).toBe(1);
    const plain = new Scalar(5);
    expect(deref(plain)).toBe(plain);
    expect(deref(null)).toBeNull();
  });
});

describe('getIn / deepestExisting', () => {
  const root = rootOf('a:\n  b:\n    c: 1\n  s: x\n');

  it('getIn follows a path of keys', () => {
    expect(valueOf(root, 'a', 'b', 'c')).toBe(1);
    expect(getIn(root, ['a', 'b', 'x'])).toBeUndefined();
    expect(getIn(root, ['a', 's', 'x'])).toBeUndefined();
    expect(getIn(root, [])).toBeUndefined();
  });

  it('deepestExisting gives the deepest pair on the path and how many keys it covers', () => {
    const hit = deepestExisting(root, ['a', 'b', 'x', 'y']);
    expect(hit?.depth).toBe(2);
    expect(hit?.field.key.value).toBe('b');
    expect(deepestExisting(root, ['a', 'b', 'c'])?.depth).toBe(3);
    expect(deepestExisting(root, ['z'])).toBeUndefined();
  });
});

describe('scalar readers', () => {
  const root = rootOf(
    [
      's: text',
      'n: 12',
      'f: 1.5',
      'b: true',
      'nul: null',
      'empty:',
      'yes11: yes',
      'On11: On',
      'off11: off',
      'quotedYes: "yes"',
      'neg: -3',
      'quotedInt: "7"',
      'map: {x: 1}',
      'list: [a, 2, {x: 1}, true]',
    ].join('\n'),
  );
  const v = (k: string): YValue => mapGet(root, k)?.value;

  it('scalarString: strings, numbers and booleans as text; nothing for null and collections', () => {
    expect(['s', 'n', 'f', 'b'].map((k) => scalarString(v(k)))).toEqual(['text', '12', '1.5', 'true']);
    expect(['nul', 'empty', 'map', 'list'].map((k) => scalarString(v(k)))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('asBool reads YAML 1.1 booleans in plain scalars, as the Kubernetes API machinery does', () => {
    expect(['b', 'yes11', 'On11', 'off11'].map((k) => asBool(v(k)))).toEqual([true, true, true, false]);
    expect(['quotedYes', 's', 'n', 'nul', 'map'].map((k) => asBool(v(k)))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('asInt: integers, and plain digit strings; not floats, quoted numbers or text', () => {
    expect(asInt(v('n'))).toBe(12);
    expect(asInt(v('neg'))).toBe(-3);
    expect(asInt(Object.assign(new Scalar('42'), { type: Scalar.PLAIN }))).toBe(42);
    expect(['f', 'quotedInt', 's', 'b', 'map'].map((k) => asInt(v(k)))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('seqStrings: scalar items as strings with their index; other items skipped', () => {
    const items = seqStrings(v('list'));
    expect(items.map((i) => [i.value, i.index])).toEqual([
      ['a', 0],
      ['2', 1],
      ['true', 3],
    ]);
    expect(isSeq(v('list'))).toBe(true);
    expect(seqStrings(v('map'))).toEqual([]);
  });
});
