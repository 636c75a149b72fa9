// server/src/engine/fast-yaml.ts, the fast block-YAML reader, against the `yaml` library: on every
// manifest of ../shared/corpus and ../shared/conformance (read at run time) and of this repository's
// test/, examples/ and docs/, and on seeded line-level mutations of them, it must either decline or
// build the library's tree exactly (classes, ranges, values, scalar types and sources).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, readBlockYaml } from '../../server/src/engine/fast-yaml';
import { splitChunks } from '../../server/src/engine/parse';
import { manifestFiles } from '../support/files';
import { compareWithLibrary } from '../support/yaml-equal';

const ROOT = resolve(__dirname, '../..');
const SHARED = resolve(ROOT, '../shared');

const corpusDirs = [join(SHARED, 'corpus'), join(SHARED, 'conformance')];
const ownDirs = [join(ROOT, 'test'), join(ROOT, 'examples'), join(ROOT, 'docs')];

function chunksOf(dirs: string[]): { where: string; text: string }[] {
  return dirs
    .flatMap((d) => manifestFiles(d))
    .flatMap((f) =>
      splitChunks(readFileSync(f, 'utf8')).map((c) => ({ where: `${f}@${String(c.start)}`, text: c.text })),
    );
}

describe.skipIf(!existsSync(SHARED))('fast YAML reader on real manifests', () => {
  it('builds the library tree for every chunk it accepts, and accepts most real chunks', () => {
    const corpus = chunksOf(corpusDirs);
    const own = chunksOf(ownDirs);
    const diffs: string[] = [];
    let accepted = 0;
    for (const c of [...corpus, ...own]) {
      const r = compareWithLibrary(c.text);
      if (r.accepted) accepted++;
      if (r.diff) diffs.push(`${c.where}: ${r.diff}`);
    }
    expect(diffs).toEqual([]);
    // The point of the reader: most real chunks take the fast path (1,149 of 1,208 when written).
    const corpusAccepted = corpus.filter((c) => readBlockYaml(c.text)).length;
    expect(corpusAccepted / corpus.length).toBeGreaterThan(0.9);
    expect(accepted).toBeGreaterThan(0);
  });

  it('declines or agrees on 4,000 seeded line-level mutations of real chunks', { timeout: 60_000 }, () => {
    const seeds = chunksOf([join(SHARED, 'conformance'), join(ROOT, 'examples')])
      .map((c) => c.text)
      .filter((t) => t.length < 20_000);
    const inserted = [
      '',
      ' ',
      '#x',
      '  # c',
      '    # d',
      ' # f',
      '- a',
      '  - b',
      'z: 1',
      '  y:',
      '  w: |',
      '    lit',
      '  q: "s"',
      "  r: 'it''s'",
      '  f: [a, "b" ]',
      '  e: {}',
      'k:',
      '  -',
      '  v: x # t',
      '  n: 0.10',
      '  m: -7',
      '  t: True',
      '    cont',
      '      more text',
      '      ',
      '   ',
    ];
    const values = [
      ':',
      ': |',
      ': |-',
      ': []',
      ': [x]',
      ': ""',
      ": ''",
      ': ~',
      ': 1.50',
      ': -',
      ': - x',
      ': a: b',
    ];
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...inserted) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.constantFrom(-1, 1, 2) }),
      fc.record({
        kind: fc.constant('append' as const),
        at: fc.nat(),
        text: fc.constantFrom('  ', ' # c', ':', ' x', '#'),
      }),
      fc.record({ kind: fc.constant('value' as const), at: fc.nat(), text: fc.constantFrom(...values) }),
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.array(op, { minLength: 1, maxLength: 4 }), (s, ops) => {
        const lines = (seeds[s] ?? '').split('\n');
        for (const o of ops) {
          const i = o.at % Math.max(1, lines.length);
          const line = lines[i] ?? '';
          if (o.kind === 'insert') lines.splice(i, 0, o.text);
          else if (o.kind === 'delete') lines.splice(i, 1);
          else if (o.kind === 'indent')
            lines[i] = o.by > 0 ? ' '.repeat(o.by) + line : line.replace(/^ /, '');
          else if (o.kind === 'append') lines[i] = line + o.text;
          else lines[i] = line.replace(/: .*/, o.text);
        }
        const r = compareWithLibrary(lines.join('\n'));
        if (r.accepted) accepted++;
        expect(r.diff).toBeUndefined();
      }),
      { seed: 20261127, numRuns: 4000 },
    );
    // The mutations must exercise the fast path, not only its refusals.
    expect(accepted).toBeGreaterThan(1000);
  });
});

describe('fast YAML reader: what it leaves to the library', () => {
  const base = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n';
  it.each([
    ['an anchor', 'a: &x 1\n'],
    ['an alias', 'a: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a folded scalar', 'a: >\n  b\n'],
    ['a keep-chomped literal', 'a: |+\n  b\n'],
    ['an indentation indicator', 'a: |2\n  b\n'],
    ['a tab', 'a:\tb\n'],
    ['a CR line end', 'a: b\r\n'],
    ['a flow map with content', 'a: {b: c}\n'],
    ['a multi-line plain scalar with a comment inside', 'a: b\n  c # x\n  d\n'],
    ['a double-quoted escape', 'a: "b\\n"\n'],
    ['a multi-line quoted scalar', 'a: "b\n  c"\n'],
    ['a comment after an empty value', 'a: # c\nb: 1\n'],
    ['a hex integer', 'a: 0x1F\n'],
    ['an exponent', 'a: 1e3\n'],
    ['.inf', 'a: .inf\n'],
    ['a nested compact mapping', 'a: b: c\n'],
    ['a second document', 'a: 1\n---\nb: 2\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['content after the marker', '--- a: 1\n'],
    ['a top-level sequence', '- a\n'],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n'],
    ['an explicit key', '? a\n: b\n'],
    ['a nested compact sequence', 'a:\n- - b\n'],
    ['indentation deeper than MAX_DEPTH', `a:\n${' '.repeat(MAX_DEPTH + 1)}b: 1\n`],
  ])('declines %s', (_what, text) => {
    expect(readBlockYaml(base + text)).toBeUndefined();
  });

  it('reads ranges the way the library does for comments, empty values and block scalars', () => {
    const text = [
      'a:',
      '  b: 1',
      '    # deeper: part of the value before it',
      '  c:',
      '  d: |-',
      '    l1',
      '',
      '    l2',
      '  e: [x, "y" ]  # c',
      '  # trailing, indented into the map: stays with it',
      'f: 0.50',
      'g:',
      '- folded',
      '  over lines',
      '',
      '',
      '  and a break',
      'h: 1',
      '',
    ].join('\n');
    expect(compareWithLibrary(text)).toEqual({ accepted: true });
    const doc = readBlockYaml(text);
    expect(doc?.toJS()).toEqual({
      a: { b: 1, c: null, d: 'l1\n\nl2', e: ['x', 'y'] },
      f: 0.5,
      g: ['folded over lines\n\nand a break'],
      h: 1,
    });
  });
});
