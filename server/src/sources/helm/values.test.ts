import { describe, expect, it } from 'vitest';
import { parseTemplate, type ActionNode, type Template } from './go-template';
import { Evaluator, ValuesStack, parseSet, type DefineRef, type Resolved, type ValuesSource } from './values';

const file = (name: string, text: string): ValuesSource => ({ kind: 'file', file: name, text });

function at(src: ValuesSource, hit: { start: number; end: number } | undefined): string | undefined {
  if (!hit || src.kind !== 'file') return undefined;
  const before = src.text.slice(0, hit.start);
  return `${before.split('\n').length}:${src.text.slice(hit.start, hit.end)}`;
}

describe('parseSet', () => {
  it('reads keys, indices, escapes, several assignments and typed values', () => {
    const expression = 'a.b=1,c[0].d=true,e\\.f=x\\,y,g={1,2},h=null';
    const got = parseSet({ expression, file: 's', start: 10, end: 10 + expression.length });
    expect(got.map((a) => [a.path, a.value, a.start - 10])).toEqual([
      [['a', 'b'], 1, 0],
      [['c', 0, 'd'], true, 6],
      [['e.f'], 'x,y', 18],
      [['g'], [1, 2], 28],
      [['h'], null, 36],
    ]);
  });

  it('keeps every value a string for --set-string', () => {
    expect(parseSet({ expression: 'a=1', file: 's', start: 0, end: 3, string: true })[0]?.value).toBe('1');
  });
});

describe('ValuesStack', () => {
  const base = file('values.yaml', 'sc:\n  runAsUser: 0\n  fsGroup: 1\nlist:\n  - a\n  - b\nempty: {}\n');
  const prod = file('prod.yaml', 'sc:\n  runAsUser: 1000\nlist:\n  - c\nempty: null\n');

  it('answers with the source that sets a path last; maps merge across sources', () => {
    const s = new ValuesStack([{ source: base }, { source: prod }]);
    expect(at(prod, s.lookup(['sc', 'runAsUser']))).toBe('2:runAsUser');
    expect(at(base, s.lookup(['sc', 'fsGroup']))).toBe('3:fsGroup');
    expect(s.valueAt(['sc'])).toEqual({ runAsUser: 1000, fsGroup: 1 });
  });

  it('lets a later list replace an earlier one entirely, and a null delete', () => {
    const s = new ValuesStack([{ source: base }, { source: prod }]);
    expect(s.valueAt(['list'])).toEqual(['c']);
    expect(s.lookup(['list', 1])).toMatchObject({ file: 'prod.yaml', exact: false, depth: 1 });
    expect(s.valueAt(['empty'])).toBeUndefined();
  });

  it('gives the nearest existing key for a missing path', () => {
    const s = new ValuesStack([{ source: base }]);
    expect(s.lookup(['empty', 'runAsNonRoot'])).toMatchObject({
      file: 'values.yaml',
      exact: false,
      depth: 1,
    });
    expect(s.lookup(['nothing', 'here'])).toBeUndefined();
  });

  it('reads a subchart scope through its key in the parent values, over the subchart defaults', () => {
    const sub = file('charts/db/values.yaml', 'sc:\n  runAsUser: 999\n  privileged: false\n');
    const parent = file('values.yaml', 'db:\n  sc:\n    privileged: true\n');
    const s = new ValuesStack([{ source: sub }, { source: parent, prefix: ['db'] }]);
    expect(s.lookup(['sc', 'privileged'])).toMatchObject({
      file: 'values.yaml',
      exact: true,
      sourcePath: ['db', 'sc', 'privileged'],
    });
    expect(s.lookup(['sc', 'runAsUser'])).toMatchObject({ file: 'charts/db/values.yaml', exact: true });
  });

  it('puts --set after files', () => {
    const s = new ValuesStack([
      { source: base },
      {
        source: {
          kind: 'set',
          entries: [{ expression: 'sc.runAsUser=5', file: 'settings.json', start: 3, end: 17 }],
        },
      },
    ]);
    expect(s.lookup(['sc', 'runAsUser'])).toMatchObject({
      via: 'set',
      file: 'settings.json',
      start: 3,
      end: 17,
      exact: true,
    });
    expect(s.valueAt(['sc', 'runAsUser'])).toBe(5);
    expect(s.lookup(['sc', 'fsGroup'])).toMatchObject({ via: 'values', file: 'values.yaml' });
  });
});

/** Evaluates the first output action of `src` (after `{{/*here*\/}}` if present) in that template. */
function evalHere(src: string, values: string, helpers = '', iteration?: string[]): Resolved {
  const t = parseTemplate(src);
  const h = parseTemplate(helpers);
  const defines = new Map<string, DefineRef>();
  for (const [name, node] of h.defines) defines.set(name, { node, file: '_helpers.tpl', template: h });
  const stack = new ValuesStack([{ source: file('values.yaml', values) }]);
  const ev = new Evaluator({ defines, valueAt: (p) => stack.valueAt(p) });
  const mark = src.indexOf('{{/*here*/}}');
  const action = findAction(t, mark < 0 ? 0 : mark);
  const env = ev.envAt(t, 'x.yaml', action.start, iteration);
  return ev.output(action, env, 'x.yaml');
}

function findAction(t: Template, from: number): ActionNode {
  let found: ActionNode | undefined;
  const visit = (list: Template['nodes']): void => {
    for (const n of list) {
      if (found) return;
      if (n.type === 'action' && n.start >= from && n.pipe.decl.length === 0) found = n;
      if (n.type === 'if' || n.type === 'with' || n.type === 'range') {
        visit(n.body);
        if (n.elseBody) visit(n.elseBody);
      }
    }
  };
  visit(t.nodes);
  if (!found) throw new Error('no action');
  return found;
}

describe('Evaluator', () => {
  it.each([
    ['{{ .Values.a.b }}', 'a: {b: 1}', ['a', 'b'], []],
    ['{{ $.Values.a | quote }}', 'a: 1', ['a'], ['quote']],
    ['{{ toYaml .Values.sc | nindent 8 }}', 'sc: {}', ['sc'], ['toYaml', 'nindent']],
    ['{{ index .Values "my-key" "x" }}', 'my-key: {x: 1}', ['my-key', 'x'], []],
    ['{{ .Values.tag | default .Values.fallback }}', 'tag: ""\nfallback: v1', ['fallback'], []],
    ['{{ .Values.tag | default "latest" }}', 'tag: "1.0"', ['tag'], []],
    ['{{ .Values.secret | b64enc }}', 'secret: s', ['secret'], ['b64enc']],
    ['{{ $x := .Values.a }}{{/*here*/}}{{ $x.b }}', 'a: {b: 1}', ['a', 'b'], []],
    ['{{ with .Values.sc }}{{/*here*/}}{{ toYaml . }}{{ end }}', 'sc: {a: 1}', ['sc'], ['toYaml']],
    ['{{ printf "%s-x" .Values.n }}', 'n: a', ['n'], ['printf']],
  ])('%s → values %j', (src, values, path, transforms) => {
    expect(evalHere(src, values)).toEqual({ sym: { kind: 'values', path }, transforms });
  });

  it('binds range elements and keys from the iteration the trace names', () => {
    const src = '{{ range $i, $c := .Values.cs }}{{/*here*/}}{{ $c.sc.privileged }}{{ end }}';
    expect(evalHere(src, 'cs: [{sc: {}}, {sc: {privileged: true}}]', '', ['1']).sym).toEqual({
      kind: 'values',
      path: ['cs', 1, 'sc', 'privileged'],
    });
    const byKey = '{{ range $k, $v := .Values.env }}{{/*here*/}}{{ $v }}{{ end }}';
    expect(evalHere(byKey, 'env: {A: 1, B: 2}', '', ['B']).sym).toEqual({
      kind: 'values',
      path: ['env', 'B'],
    });
  });

  it('follows include into a define whose output is one values source, and no further', () => {
    const helpers = [
      '{{- define "sc" -}}{{- with .Values.sc }}{{- toYaml . }}{{- end }}{{- end }}',
      '{{- define "labels" -}}app: x\n{{ .Values.extra }}{{- end }}',
      '{{- define "ctx" -}}{{ toYaml .cfg.sc }}{{- end }}',
    ].join('\n');
    expect(evalHere('{{ include "sc" . | nindent 4 }}', 'sc: {a: 1}', helpers).sym).toEqual({
      kind: 'values',
      path: ['sc'],
    });
    expect(evalHere('{{ include "labels" . }}', 'extra: y', helpers).sym.kind).toBe('expr');
    expect(evalHere('{{ include "ctx" (dict "cfg" .Values.app) }}', 'app: {sc: {}}', helpers).sym).toEqual({
      kind: 'values',
      path: ['app', 'sc'],
    });
  });

  it('says expression for what it cannot follow', () => {
    expect(evalHere('{{ .Release.Name }}', '').sym.kind).toBe('expr');
    expect(evalHere('{{ ternary "a" "b" .Values.x }}', 'x: true').sym.kind).toBe('expr');
    expect(evalHere('{{ printf "%s:%s" .Values.a .Values.b }}', 'a: 1\nb: 2').sym.kind).toBe('expr');
  });
});
