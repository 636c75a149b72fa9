import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSkeleton, entryAt, kindEntry, type SkelEntry, type Skeleton } from './skeleton';

const CHARTS = resolve(__dirname, '../../../../test/fixtures/charts');

function byPath(sk: Skeleton, path: string): SkelEntry[] {
  return sk.byPath.get(path.split('.').join('\u0000')) ?? [];
}

function text(sk: Skeleton, s: { start: number; end: number } | undefined): string | undefined {
  return s ? sk.source.slice(s.start, s.end) : undefined;
}

describe('buildSkeleton on the helm create scaffold', () => {
  const sk = buildSkeleton(readFileSync(join(CHARTS, 'webapp/templates/deployment.yaml'), 'utf8'));

  it('knows where the pod securityContext is written, its with-block and what feeds it', () => {
    const [sc] = byPath(sk, 'spec.template.spec.securityContext');
    expect(sc?.line).toBe(31);
    expect(sc?.valueKind).toBe('none');
    expect(
      sc?.blocks.map((b) => [
        b.node.type,
        b.branch,
        text(sk, (b.node as { pipe?: { start: number; end: number } }).pipe),
      ]),
    ).toEqual([['with', 'body', '.Values.podSecurityContext']]);
    const feed = sc?.children[0];
    expect(feed?.kind).toBe('output');
    expect(text(sk, feed?.action)).toBe('{{- toYaml . | nindent 8 }}');
    expect(feed?.col).toBe(8);
  });

  it('reads keys after sequence dashes, values written as actions or mixed, and literal values', () => {
    const [name] = byPath(sk, 'spec.template.spec.containers.[].name');
    expect(name?.parent?.kind).toBe('item');
    expect([name?.valueKind, text(sk, name?.valueSpan)]).toEqual(['action', '{{ .Chart.Name }}']);
    const [image] = byPath(sk, 'spec.template.spec.containers.[].image');
    expect(image?.valueKind).toBe('mixed');
    const [protocol] = byPath(sk, 'spec.template.spec.containers.[].ports.[].protocol');
    expect([protocol?.valueKind, text(sk, protocol?.valueSpan), text(sk, protocol?.keySpan)]).toEqual([
      'literal',
      'TCP',
      'protocol',
    ]);
    expect(kindEntry(sk)?.line).toBe(1);
  });

  it('finds the entry under an offset of a line', () => {
    const line = 35;
    expect(sk.lines[line]?.entries.map((e) => e.kind)).toEqual(['item', 'key']);
    const nameAt = sk.source.indexOf('name: {{ .Chart.Name }}');
    expect(entryAt(sk, line, nameAt)?.key).toBe('name');
  });
});

describe('buildSkeleton edge cases', () => {
  it('treats block scalar content as text, not keys', () => {
    const sk = buildSkeleton('data:\n  script: |\n    key: not a key\n    {{ .Values.x }}\n  other: 1\n');
    expect([...sk.byPath.keys()].map((k) => k.split('\u0000').join('.'))).toEqual([
      'data',
      'data.script',
      'data.other',
    ]);
    expect(sk.lines[2]?.scalarContent).toBe(true);
  });

  it('puts flush sequences under their key and nindent output under the key it indents to', () => {
    const sk = buildSkeleton(
      [
        'spec:',
        '  volumes:',
        '  - name: a',
        '  {{- toYaml .Values.extra | nindent 2 }}',
        '  other: x',
        '',
      ].join('\n'),
    );
    expect(byPath(sk, 'spec.volumes.[].name')).toHaveLength(1);
    expect(byPath(sk, 'spec.volumes.*')).toHaveLength(1);
    expect(byPath(sk, 'spec.other')).toHaveLength(1);
  });

  it('leaves define bodies out of the manifest structure, and keeps both branches of an if', () => {
    const sk = buildSkeleton(
      [
        '{{- define "x" }}',
        'inner: 1',
        '{{- end }}',
        'a:',
        '  {{- if .Values.b }}',
        '  b: 1',
        '  {{- else }}',
        '  b: 2',
        '  {{- end }}',
        '',
      ].join('\n'),
    );
    expect(byPath(sk, 'inner')).toEqual([]);
    expect(byPath(sk, 'a.b').map((e) => e.blocks.map((b) => b.branch))).toEqual([['body'], ['else']]);
  });

  it('reads quoted keys and keeps comments out of values', () => {
    const sk = buildSkeleton('"app.kubernetes.io/name": web # the name\n\'it\'\'s\': "a # b"\n');
    const [a] = sk.byPath.get('app.kubernetes.io/name') ?? [];
    expect(text(sk, a?.valueSpan)).toBe('web');
    const [b] = sk.byPath.get("it's") ?? [];
    expect(text(sk, b?.valueSpan)).toBe('"a # b"');
  });
});
