// server/src/engine/parse.ts: splitting a YAML stream into `---` chunks, the cheap kind read without
// parsing, and parseChunk: objects (List items too), syntax problems, and the chunks it does not
// check: skipped kinds, templated text, binary text, and nesting too deep for the parser.
import { describe, expect, it } from 'vitest';
import { mapGet } from '../../server/src/engine/node';
import { cheapKind, MAX_DEPTH, parseChunk, splitChunks } from '../../server/src/engine/parse';
import { yaml } from '../../server/src/engine/yaml-tag';

describe('splitChunks', () => {
  it('cuts at `---` at column 0 followed by a space, a tab or the line end', () => {
    const text = 'a: 1\n---\nb: 2\n--- # c\nc: 3\n---x\nd: |\n  ---\n';
    expect(splitChunks(text)).toEqual([
      { start: 0, end: 5, text: 'a: 1\n' },
      { start: 5, end: 14, text: '---\nb: 2\n' },
      { start: 14, end: 43, text: '--- # c\nc: 3\n---x\nd: |\n  ---\n' },
    ]);
  });

  it('keeps a leading marker in the first chunk and moves directive lines to the chunk they open', () => {
    expect(splitChunks('---\na: 1\n%YAML 1.2\n---\nb: 2\n')).toEqual([
      { start: 0, end: 9, text: '---\na: 1\n' },
      { start: 9, end: 28, text: '%YAML 1.2\n---\nb: 2\n' },
    ]);
  });

  it('cuts CRLF text the same way, and gives one empty chunk for empty text', () => {
    expect(splitChunks('a: 1\r\n---\r\nb: 2\r\n').map((c) => c.text)).toEqual([
      'a: 1\r\n',
      '---\r\nb: 2\r\n',
    ]);
    expect(splitChunks('')).toEqual([{ start: 0, end: 0, text: '' }]);
  });

  it('shares the result of the last large text between calls (not of small ones)', () => {
    const large = `${'a: 1\n'.repeat(20_000)}---\nb: 2\n`;
    expect(splitChunks(large)).toBe(splitChunks(large));
    expect(splitChunks('a: 1\n')).not.toBe(splitChunks('a: 1\n'));
    expect(splitChunks('a: 1\n')).toEqual(splitChunks('a: 1\n'));
  });
});

describe('cheapKind', () => {
  it('reads a top-level block `kind:` line, quoted or commented', () => {
    expect(cheapKind('apiVersion: v1\nkind: Pod\n')).toBe('Pod');
    expect(cheapKind('kind: "Deployment" # c\n')).toBe('Deployment');
    expect(cheapKind("kind: 'Job'\r\n")).toBe('Job');
  });

  it('gives up on anything else', () => {
    expect(cheapKind('  kind: Pod\n')).toBeUndefined();
    expect(cheapKind('kind: {{ .Values.kind }}\n')).toBeUndefined();
    expect(cheapKind('{kind: Pod}\n')).toBeUndefined();
    expect(cheapKind('kind: Pod trailing\n')).toBeUndefined();
  });
});

describe('parseChunk', () => {
  it('finds the object with its identity and `kind:` pair', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: p
        namespace: ns
      spec: {}
    `;
    const parsed = parseChunk(text);
    expect(parsed).toMatchObject({
      errors: [],
      skipped: false,
      looksLikeK8s: true,
      templated: false,
      tooDeep: false,
    });
    expect(parsed.docs).toHaveLength(1);
    expect(parsed.objects.map((o) => [o.apiVersion, o.kind, o.name, o.namespace, o.listItem])).toEqual([
      ['v1', 'Pod', 'p', 'ns', false],
    ]);
    const kindPair = parsed.objects[0]?.kindPair;
    expect((kindPair?.key as { range?: number[] }).range?.[0]).toBe(text.indexOf('kind'));
    expect(parsed.objects[0]?.root).toBe(parsed.docs[0]?.contents);
  });

  it('needs apiVersion and kind for an object; name and namespace may be missing', () => {
    const noApi = parseChunk('kind: Pod\nmetadata: {name: p}\n');
    expect([noApi.objects, noApi.looksLikeK8s]).toEqual([[], false]);
    const bare = parseChunk('apiVersion: v1\nkind: Pod\n').objects[0];
    expect([bare?.name, bare?.namespace]).toEqual(['', undefined]);
    const unnamespaced = parseChunk('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n').objects[0];
    expect([unnamespaced?.name, unnamespaced?.namespace]).toEqual(['p', undefined]);
    expect(parseChunk('- a\n- b\n').objects).toEqual([]);
  });

  it('returns the items of a `kind: List` as objects, never the List', () => {
    const text = yaml`
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: Pod
          metadata: {name: a}
        - apiVersion: v1
          kind: Secret
          metadata: {name: s}
        - not an object
    `;
    // A List is parsed even when its kind is not among the relevant ones.
    const parsed = parseChunk(text, { relevantKinds: new Set(['Pod']) });
    expect(parsed.skipped).toBe(false);
    expect(parsed.objects.map((o) => [o.kind, o.name, o.listItem])).toEqual([
      ['Pod', 'a', true],
      ['Secret', 's', true],
    ]);
  });

  it('skips, unparsed, a chunk whose cheap kind no rule looks at', () => {
    const parsed = parseChunk('apiVersion: v1\nkind: ConfigMap\ndata: {a: "{{ x }}"}\n', {
      relevantKinds: new Set(['Pod']),
    });
    expect(parsed).toMatchObject({
      skipped: true,
      docs: [],
      objects: [],
      errors: [],
      looksLikeK8s: true,
      templated: false,
    });
    expect(parseChunk('apiVersion: v1\nkind: Pod\n', { relevantKinds: new Set(['Pod']) }).skipped).toBe(
      false,
    );
  });

  it('reports YAML syntax problems with chunk-relative offsets and the library code', () => {
    const parsed = parseChunk('ok: 1\na: b: c\n');
    expect(parsed.errors.map((e) => [e.code, e.start])).toEqual([['BLOCK_AS_IMPLICIT_KEY', 9]]);
  });

  it('marks Helm/Go template text as templated', () => {
    const parsed = parseChunk('apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n');
    expect([parsed.templated, parsed.looksLikeK8s]).toEqual([true, true]);
    expect(parseChunk('a: "{{ only an opening"\n').templated).toBe(false);
  });

  it('refuses binary text with one BINARY problem at the first control character', () => {
    expect(parseChunk('kind: Pod\nx: "\u0000"\n')).toMatchObject({
      docs: [],
      objects: [],
      errors: [{ start: 14, end: 15, code: 'BINARY', message: 'Not a text YAML file (control characters).' }],
    });
  });

  it('refuses flow nesting deeper than MAX_DEPTH, at the bracket that goes too deep', () => {
    expect(MAX_DEPTH).toBe(1000);
    const text = '['.repeat(1001) + ']'.repeat(1001);
    expect(parseChunk(text)).toMatchObject({
      tooDeep: true,
      docs: [],
      errors: [
        {
          start: 1000,
          end: 1001,
          code: 'TOO_DEEP',
          message: 'Nesting deeper than 1000 levels; this document was not checked.',
        },
      ],
    });
    expect(parseChunk('['.repeat(1000) + ']'.repeat(1000)).tooDeep).toBe(false);
  });

  it('refuses block text whose content starts beyond column MAX_DEPTH, by indentation or `- - -`', () => {
    const indented = Array.from({ length: 1002 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    const one = parseChunk(indented);
    expect(one.tooDeep).toBe(true);
    expect(one.errors.map((e) => [e.code, e.start])).toEqual([
      ['TOO_DEEP', indented.indexOf(' '.repeat(1001)) + 1000],
    ]);
    // Each `- ` moves the content two columns right: 501 of them start it at column 1002.
    const dashes = parseChunk(`${'- '.repeat(501)}x\n`);
    expect(dashes.errors.map((e) => [e.code, e.start])).toEqual([['TOO_DEEP', 1000]]);
    expect(parseChunk(`${'- '.repeat(500)}x\n`).tooDeep).toBe(false);
  });

  it('reads a lone CR as a line break, offsets unchanged', () => {
    const text = 'apiVersion: v1\rkind: Pod\rmetadata: {name: x}\r';
    const parsed = parseChunk(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects.map((o) => [o.kind, o.name])).toEqual([['Pod', 'x']]);
    expect((parsed.objects[0]?.kindPair.key as { range?: number[] }).range?.[0]).toBe(15);
  });

  it('links aliases, so lookups follow them', () => {
    const parsed = parseChunk('apiVersion: v1\nkind: Pod\nmetadata: &m {name: x}\nspec:\n  copy: *m\n');
    const spec = mapGet(parsed.objects[0]?.root, 'spec')?.value;
    expect(mapGet(mapGet(spec, 'copy')?.value, 'name')?.value).toMatchObject({ value: 'x' });
  });
});
