import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { helmBinary } from '../../../../test/support/tools';
import {
  parseTemplate,
  walk,
  type ActionNode,
  type ControlNode,
  type Expr,
  type Node,
  type Template,
  type TextNode,
} from './go-template';

function ok(src: string): Template {
  const t = parseTemplate(src);
  expect(t.error).toBeUndefined();
  return t;
}

function texts(t: Template): string[] {
  const out: string[] = [];
  walk(t.nodes, (n) => {
    if (n.type === 'text') out.push(t.source.slice(n.valueStart, n.valueEnd));
  });
  return out;
}

function only<T extends Node['type']>(t: Template, type: T): Extract<Node, { type: T }>[] {
  const out: Node[] = [];
  walk(t.nodes, (n) => {
    if (n.type === type) out.push(n);
  });
  return out as Extract<Node, { type: T }>[];
}

function exprText(src: string, e: Expr): string {
  return src.slice(e.start, e.end);
}

describe('go-template lexer and parser', () => {
  it('splits text and actions, with source offsets', () => {
    const src = 'a: {{ .Values.x }}\nb: c\n';
    const t = ok(src);
    expect(t.nodes.map((n) => [n.type, src.slice(n.start, n.end)])).toEqual([
      ['text', 'a: '],
      ['action', '{{ .Values.x }}'],
      ['text', '\nb: c\n'],
    ]);
    const action = t.nodes[1] as ActionNode;
    const arg = action.pipe.cmds[0]?.args[0];
    expect(arg).toMatchObject({ kind: 'field', names: ['Values', 'x'] });
  });

  it('applies trim markers to the neighbouring text, as Go does', () => {
    const src = 'a:  \n  {{- .x -}}  \n  b\n{{- /* c */ -}}\n d';
    const t = ok(src);
    expect(texts(t)).toEqual(['a:', 'b', 'd']);
    const a = t.nodes[1] as ActionNode;
    expect(a.trimLeft && a.trimRight).toBe(true);
    expect(only(t, 'comment')).toHaveLength(1);
  });

  it('accepts a trailing pipe, as Go does', () => {
    expect(ok('{{ .x | }}').nodes).toHaveLength(1);
  });

  it('reads `{{-3}}` as the number -3, not a trim marker', () => {
    const t = ok('{{-3}}');
    expect((t.nodes[0] as ActionNode).trimLeft).toBe(false);
    expect((t.nodes[0] as ActionNode).pipe.cmds[0]?.args[0]).toMatchObject({ kind: 'number', text: '-3' });
  });

  it('parses strings with escapes, raw strings, chars and numbers', () => {
    const src = '{{ printf "a\\"b\\n%d" `raw\n"x"` \'c\' 0x1F 1.5e3 -2 }}';
    const t = ok(src);
    const args = (t.nodes[0] as ActionNode).pipe.cmds[0]?.args ?? [];
    expect(args.map((a) => a.kind)).toEqual([
      'identifier',
      'string',
      'string',
      'char',
      'number',
      'number',
      'number',
    ]);
    expect(args[1]).toMatchObject({ value: 'a"b\n%d', raw: false });
    expect(args[2]).toMatchObject({ value: 'raw\n"x"', raw: true });
  });

  it('parses fields on variables, $ and parenthesised pipelines', () => {
    const src = '{{ $.Values.a }}{{ $v.b.c }}{{ (index .Values "x").y }}{{ . }}';
    const t = ok(src);
    const args = t.nodes.map((n) => (n as ActionNode).pipe.cmds[0]?.args[0]);
    expect(args[0]).toMatchObject({ kind: 'variable', name: '$', fields: ['Values', 'a'] });
    expect(args[1]).toMatchObject({ kind: 'variable', name: '$v', fields: ['b', 'c'] });
    expect(args[2]).toMatchObject({ kind: 'pipe', fields: ['y'] });
    expect(args[3]).toMatchObject({ kind: 'dot' });
  });

  it('parses pipelines and declarations', () => {
    const src = '{{ $x := .Values.a | default "b" | quote }}{{ $x = 2 }}';
    const t = ok(src);
    const [decl, assign] = t.nodes as ActionNode[];
    expect(decl?.pipe.decl.map((v) => v.name)).toEqual(['$x']);
    expect(decl?.pipe.assign).toBe(false);
    expect(decl?.pipe.cmds.map((c) => src.slice(c.start, c.end))).toEqual([
      '.Values.a',
      'default "b"',
      'quote',
    ]);
    expect(assign?.pipe.assign).toBe(true);
  });

  it('parses if / else if / else, with, range with two variables, break and continue', () => {
    const src = [
      '{{- if .a }}A{{ else if .b }}B{{ else }}C{{ end }}',
      '{{ with .c }}W{{ else }}X{{ end }}',
      '{{ range $i, $v := .d }}{{ if $v }}{{ continue }}{{ end }}{{ break }}{{ else }}E{{ end }}',
    ].join('\n');
    const t = ok(src);
    const [ifNode, , withNode, , rangeNode] = t.nodes as ControlNode[];
    expect(ifNode?.type).toBe('if');
    const chained = ifNode?.elseBody?.[0] as ControlNode;
    expect(chained.type).toBe('if');
    expect(chained.chained).toBe(true);
    expect(exprText(src, chained.pipe.cmds[0]!.args[0]!)).toBe('.b');
    expect(src.slice(ifNode!.start, ifNode!.end)).toBe('{{- if .a }}A{{ else if .b }}B{{ else }}C{{ end }}');
    expect(withNode?.type).toBe('with');
    expect(withNode?.elseBody).toHaveLength(1);
    expect(rangeNode?.pipe.decl.map((v) => v.name)).toEqual(['$i', '$v']);
    expect(only(t, 'break')).toHaveLength(1);
    expect(only(t, 'continue')).toHaveLength(1);
  });

  it('parses define, template and block, and collects defines', () => {
    const src = '{{ define "a.b" }}x{{ end }}{{ template "a.b" . }}{{ block "c" .Values }}y{{ end }}';
    const t = ok(src);
    expect([...t.defines.keys()]).toEqual(['a.b', 'c']);
    const tpl = only(t, 'template')[0];
    expect(tpl?.name).toBe('a.b');
    expect(tpl?.pipe?.cmds).toHaveLength(1);
  });

  it('accepts newlines inside actions (Go 1.16+) and comments spanning lines', () => {
    const t = ok('{{ include "x"\n  . }}{{/* a\nb */}}');
    expect(t.nodes.map((n) => n.type)).toEqual(['action', 'comment']);
  });

  it.each([
    ['{{ .x ', 'unclosed action', 0],
    ['{{ if .x }}a', 'unexpected EOF', 12],
    ['a{{ end }}', 'unexpected {{end}}', 1],
    ['{{ break }}', '{{break}} outside {{range}}', 3],
    ['{{ "abc }}', 'unterminated quoted string', 3],
    ['{{/* x */ }}', 'comment ends before closing delimiter', 9],
    ['{{ (x }}', 'unclosed left paren', 6],
    ['{{ x) }}', 'unexpected right paren', 4],
    ['{{ | .x }}', 'empty command', 3],
    ['{{ $x := }}', 'missing value for command', 9],
    ['{{ 3x }}', 'bad number syntax', 3],
    ['{{ if 1 }}{{ define "x" }}{{ end }}{{ end }}', 'unexpected <define> in command', 13],
  ])('reports %j as an error at its offset', (src, message, offset) => {
    const t = parseTemplate(src);
    expect(t.error?.message).toContain(message);
    expect(t.error?.offset).toBe(offset);
  });

  it('keeps what it parsed before an error, with open blocks closed at the error', () => {
    const src = 'a: 1\n{{ if .x }}\nb: {{ .y }}\n{{ "oops }}\n';
    const t = parseTemplate(src);
    expect(t.error?.message).toBe('unterminated quoted string');
    const ifNode = t.nodes[1] as ControlNode;
    expect(ifNode.type).toBe('if');
    expect(ifNode.endTag).toBeUndefined();
    expect(ifNode.body.map((n) => n.type)).toEqual(['text', 'action', 'text']);
    expect(ifNode.end).toBe(t.error?.offset);
    expect((t.nodes[0] as TextNode).end).toBe(5);
  });

  it('parses the helm create scaffold without error', () => {
    const src = [
      'spec:',
      '  {{- if not .Values.autoscaling.enabled }}',
      '  replicas: {{ .Values.replicaCount }}',
      '  {{- end }}',
      '      {{- with .Values.podSecurityContext }}',
      '      securityContext:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
      '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
      '{{- define "hx.fullname" -}}',
      '{{- if .Values.fullnameOverride }}',
      '{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}',
      '{{- else }}',
      '{{- $name := default .Chart.Name .Values.nameOverride }}',
      '{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}',
      '{{- end }}',
      '{{- end }}',
    ].join('\n');
    const t = ok(src);
    expect(t.defines.has('hx.fullname')).toBe(true);
  });
});

/** Template-ish strings: mostly fragments of real syntax, sometimes broken. */
const fragment = fc.constantFrom(
  '{{',
  '}}',
  '{{- ',
  ' -}}',
  '{{ ',
  ' }}',
  'if ',
  'else ',
  'end',
  'range ',
  'with ',
  'define "x"',
  'template "x" .',
  'block "y" .',
  'break',
  'continue',
  '.Values.a',
  '$x := ',
  '$i, $v := ',
  '$',
  '.',
  '| ',
  'quote',
  '(',
  ')',
  '"s\\"',
  '"',
  '`',
  "'c'",
  '12',
  '-3',
  '/*',
  '*/',
  '\n',
  ' ',
  'text: ',
  ',',
  '=',
  ':',
  '\\',
  '\u00e9',
);
const templateish = fc.oneof(
  fc.array(fragment, { maxLength: 60 }).map((a) => a.join('')),
  fc.string({ maxLength: 200 }),
);

function checkTree(t: Template): void {
  const n = t.source.length;
  let last = 0;
  const visit = (list: readonly Node[]): void => {
    for (const node of list) {
      expect(node.start).toBeGreaterThanOrEqual(0);
      expect(node.end).toBeLessThanOrEqual(n);
      expect(node.start).toBeLessThanOrEqual(node.end);
      expect(node.start).toBeGreaterThanOrEqual(last);
      last = node.start;
      if (node.type === 'text') {
        expect(node.valueStart).toBeGreaterThanOrEqual(node.start);
        expect(node.valueEnd).toBeLessThanOrEqual(node.end);
      }
    }
  };
  const all: Node[] = [];
  walk(t.nodes, (node) => all.push(node));
  visit(all);
  if (t.error) {
    expect(t.error.offset).toBeGreaterThanOrEqual(0);
    expect(t.error.offset).toBeLessThanOrEqual(n);
  }
}

describe('go-template on random input', () => {
  it('never throws, always ends, and keeps every offset inside the source in order', () => {
    fc.assert(
      fc.property(templateish, (src) => {
        checkTree(parseTemplate(src));
      }),
      { seed: 42, numRuns: 3000 },
    );
  });

  it('an error-free parse covers the whole source with its top-level nodes', () => {
    fc.assert(
      fc.property(templateish, (src) => {
        const t = parseTemplate(src);
        if (t.error) return;
        let at = 0;
        for (const node of t.nodes) {
          expect(node.start).toBe(at);
          at = node.end;
        }
        expect(at).toBe(src.length);
      }),
      { seed: 7, numRuns: 3000 },
    );
  });
});

/** Fragments whose only parse errors are syntax errors (no unknown functions or variables). */
const syntaxFragment = fc.constantFrom(
  '{{',
  '}}',
  '{{- ',
  ' -}}',
  '{{ if ',
  '{{ else }}',
  '{{ else if ',
  '{{ end }}',
  '{{ range ',
  '{{ with ',
  '{{ break }}',
  '{{ template "kwfuzz-none" . }}',
  '.Values.a',
  '$x',
  '$',
  '.',
  ' | ',
  'quote',
  'print',
  '(',
  ')',
  '"s"',
  '"',
  '`r`',
  '12',
  '{{/* c */}}',
  '{{- /* c */ -}}',
  '*/',
  '\n',
  ' ',
  'a: ',
);

describe('go-template against Go itself (helm parses the same text)', () => {
  it('agrees with helm on which random templates are syntax errors, and on the line', async () => {
    const helm = helmBinary();
    const cases = fc.sample(
      fc.array(syntaxFragment, { minLength: 1, maxLength: 14 }).map((a) => a.join('')),
      { seed: 11, numRuns: 80 },
    );
    const root = mkdtempSync(join(tmpdir(), 'kw-gotpl-'));
    try {
      const results = await Promise.all(
        cases.map(
          (body, i) =>
            new Promise<{ body: string; helmError: string | undefined }>((resolve) => {
              const dir = join(root, `c${i}`);
              mkdirSync(join(dir, 'templates'), { recursive: true });
              writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
              writeFileSync(join(dir, 'templates', '_x.tpl'), `{{ $x := 1 }}${body}`);
              execFile(helm, ['template', 'r', dir], (err, _out, stderr) => {
                resolve({ body, helmError: err ? stderr : undefined });
              });
            }),
        ),
      );
      let agreedErrors = 0;
      for (const { body, helmError } of results) {
        const src = `{{ $x := 1 }}${body}`;
        const mine = parseTemplate(src);
        const goSyntax = helmError?.includes('parse error') === true;
        expect({ src, error: mine.error !== undefined }).toEqual({ src, error: goSyntax });
        if (goSyntax && mine.error) {
          const line = /_x\.tpl:(\d+)/.exec(helmError)?.[1];
          const myLine = src.slice(0, mine.error.offset).split('\n').length;
          expect({ src, line: myLine, helmError }).toMatchObject({ src, line: Number(line) });
          agreedErrors++;
        }
      }
      expect(agreedErrors).toBeGreaterThan(10);
      expect(results.length - agreedErrors).toBeGreaterThan(10);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
