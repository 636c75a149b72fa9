import { describe, expect, it } from 'vitest';
import { tempTree } from '../../../../test/support/files';
import { plainRender, renderAndMap } from '../../../../test/support/helm';
import { instrumentTemplate, twinPath, twinSource, twinToOriginal } from './instrument';
import { pairDocuments, projectTrace, readTrace, splitHelmOutput } from './trace';

describe('twin paths', () => {
  it.each([
    ['templates/deployment.yaml', 'templates/__kubeward_trace__/deployment.yaml'],
    ['templates/sub/dir/x.yml', 'templates/__kubeward_trace__/sub/dir/x.yml'],
    ['charts/db/templates/svc.yaml', 'charts/db/templates/__kubeward_trace__/svc.yaml'],
    ['charts/a/charts/b/templates/x.tpl', 'charts/a/charts/b/templates/__kubeward_trace__/x.tpl'],
    ['templates/_helpers.tpl', undefined],
    ['templates/NOTES.txt', undefined],
    ['values.yaml', undefined],
    ['templates/__kubeward_trace__/x.yaml', undefined],
  ])('%s → %s', (path, twin) => {
    expect(twinPath(path)).toBe(twin);
    if (twin) expect(twinSource(twin)).toBe(path);
  });
});

describe('instrumentTemplate', () => {
  it('marks lines that output text, keeps line count, leaves defines and control-only lines alone', () => {
    const src = [
      'a: 1',
      '{{- if .Values.x }}',
      'b: {{ .Values.b }}   ',
      '{{- end }}',
      '',
      '{{- define "d" }}',
      'inside: define',
      '{{- end }}',
      'c: {{ .Values.c -}}',
      '  {{/* comment */}}',
      'd: x # comment',
    ].join('\n');
    const ins = instrumentTemplate(src, 'n0nce')!;
    const lines = ins.twin.split('\n');
    expect(lines).toHaveLength(11);
    expect(ins.markedLines).toEqual([0, 2, 8, 10]);
    expect(lines[0]).toBe('a: 1{{ " #kwtrace:n0nce:1" }}');
    // Before trailing white space, so a `{{-` trimming it trims the same characters.
    expect(lines[2]).toBe('b: {{ .Values.b }}{{ " #kwtrace:n0nce:3" }}   ');
    expect(lines[6]).toBe('inside: define');
    // After `-}}` the marker carries the trim on, so the next line's white space still goes.
    expect(lines[8]).toBe('c: {{ .Values.c -}}{{ " #kwtrace:n0nce:9" -}}');
    expect(lines[10]).toBe('d: x # comment{{ " #kwtrace:n0nce:11" }}');
  });

  it('gives every range an index variable and prints the enclosing indices', () => {
    const src = [
      '{{- range .Values.a }}',
      '- {{ . }}',
      '{{- end }}',
      '{{- range $v := .Values.b }}',
      '{{- range $i, $w := $v }}',
      'x: {{ $w }}',
      '{{- end }}',
      '{{- else }}',
      'none: true',
      '{{- end }}',
    ].join('\n');
    const ins = instrumentTemplate(src, 'n')!;
    const lines = ins.twin.split('\n');
    expect(lines[0]).toBe('{{- range $__kw0, $__kwv0 := .Values.a }}');
    expect(lines[1]).toBe('- {{ . }}{{ print " #kwtrace:n:2@" (urlquery $__kw0) }}');
    expect(lines[3]).toBe('{{- range $__kw1, $v := .Values.b }}');
    expect(lines[4]).toBe('{{- range $i, $w := $v }}');
    expect(lines[5]).toBe('x: {{ $w }}{{ print " #kwtrace:n:6@" (urlquery $__kw1) "," (urlquery $i) }}');
    // The else branch of a range runs without its variables.
    expect(lines[8]).toBe('none: true{{ " #kwtrace:n:9" }}');
    expect(ins.ranges.map((r) => r.indexVar)).toEqual(['$__kw0', '$__kw1', '$i']);
  });

  it('maps twin offsets back to the template', () => {
    const src = 'a: {{ .x }}\nb: 2\n';
    const ins = instrumentTemplate(src, 'n')!;
    const bAt = ins.twin.indexOf('b: 2');
    expect(twinToOriginal(ins.insertions, bAt)).toBe(src.indexOf('b: 2'));
  });

  it('makes no twin of a template that does not parse', () => {
    expect(instrumentTemplate('a: {{ .x ', 'n')).toBeUndefined();
  });
});

describe('trace reading', () => {
  it('splits helm output by `# Source:` headers, also when a document starts with ---', () => {
    const out =
      '---\n# Source: c/templates/a.yaml\nkind: A\n---\n# Source: c/templates/b.yaml\n---\nkind: B\n';
    expect(splitHelmOutput(out).map((d) => [d.source, d.text])).toEqual([
      ['c/templates/a.yaml', 'kind: A'],
      ['c/templates/b.yaml', '---\nkind: B'],
    ]);
  });

  it('gives each stretch the next marker, several markers per line, and decodes iterations', () => {
    const twin =
      ' #kwtrace:n:1\nkind: A #kwtrace:n:2\n  x: 1\n  y: 2 #kwtrace:n:4@0,my+key%2C #kwtrace:n:5\nz: 3';
    const t = readTrace(twin, 'n');
    expect(t.text).toBe('kind: A\n  x: 1\n  y: 2\nz: 3');
    expect(t.segments.map((s) => [t.text.slice(s.start, s.end), s.line, s.iteration])).toEqual([
      ['kind: A', 1, undefined],
      ['\n  x: 1\n  y: 2', 3, ['0', 'my key,']],
    ]);
  });

  it('carries a trace over equal lines only when the twin rendered differently', () => {
    const t = readTrace('a: 1 #kwtrace:n:1\nb: 2 #kwtrace:n:2\nc: 3 #kwtrace:n:3', 'n');
    const exact = projectTrace(t, 'a: 1\nb: 2\nc: 3');
    expect(exact.exact).toBe(true);
    const partial = projectTrace(t, 'a: 1\nb: 9\nc: 3');
    expect(partial.exact).toBe(false);
    expect(partial.segments.map((s) => s.line)).toEqual([0, 2]);
    expect(partial.mappedLines).toBe(2);
  });

  it('pairs documents by template and kind, skipping twin documents with only markers', () => {
    const out = [
      '---\n# Source: c/templates/x.yaml\nkind: Service\n',
      '---\n# Source: c/templates/__kubeward_trace__/x.yaml\n #kwtrace:n:1\n',
      '---\n# Source: c/templates/__kubeward_trace__/x.yaml\nkind: Service #kwtrace:n:9\n',
      '---\n# Source: c/templates/x.yaml\nkind: Deployment\n',
      '---\n# Source: c/templates/__kubeward_trace__/x.yaml\nkind: Deployment #kwtrace:n:2\n',
    ].join('');
    const paired = pairDocuments(splitHelmOutput(out), 'n');
    expect(paired.map((p) => [p.doc.text, p.trace?.segments[0]?.line])).toEqual([
      ['kind: Service', 8],
      ['kind: Deployment', 1],
    ]);
  });
});

const CHART = {
  'Chart.yaml': 'apiVersion: v2\nname: tricky\nversion: 0.1.0\nappVersion: "1.0"\n',
  'values.yaml': [
    'labels: {team: a, tier: web}',
    'containers:',
    '  - name: one',
    '    env: {A: "1"}',
    '  - name: two',
    '    env: {B: "2", C: "3"}',
    'script: |',
    '  echo hi',
    '  echo there',
    'empty: []',
    '',
  ].join('\n'),
  'templates/_helpers.tpl': '{{- define "tricky.name" -}}{{ .Chart.Name }}{{- end }}\n',
  'templates/cm.yaml': [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: {{ include "tricky.name" . }}',
    '  labels:',
    '    {{- toYaml .Values.labels | nindent 4 }}',
    'data:',
    '  script: |',
    '    {{- .Values.script | nindent 4 }}',
    '  inline: {{ if true }}yes{{ end }} {{- /* trimmed */}}',
    '  {{- range $i, $c := .Values.containers }}',
    '  {{- range $k, $v := $c.env }}',
    '  {{ $c.name }}-{{ $k }}: {{ $v | quote }}',
    '  {{- end }}',
    '  {{- end }}',
    '  {{- range .Values.empty }}',
    '  never: {{ . }}',
    '  {{- else }}',
    '  emptyList: "true"',
    '  {{- end }}',
    '  last: end',
    '',
  ].join('\n'),
};

describe('twins through real helm', () => {
  it('leave the clean render byte-identical, and the trace names each rendered line', async () => {
    const dir = tempTree('kw-twin-', CHART);
    const { stdout, map, untraced, shadow } = await renderAndMap(dir);
    expect(untraced).toEqual([]);
    const clean = splitHelmOutput(plainRender(dir));
    const cleanInTraced = splitHelmOutput(stdout).filter((d) => !d.source.includes('__kubeward_trace__'));
    expect(cleanInTraced.map((d) => [d.source, d.text])).toEqual(clean.map((d) => [d.source, d.text]));

    const doc = map.docs.find((d) => d.template === 'templates/cm.yaml')!;
    expect(doc.trace).toBe('exact');
    const paired = pairDocuments(splitHelmOutput(stdout), shadow.nonce);
    const trace = paired.find((p) => p.doc.source === 'tricky/templates/cm.yaml')!.trace!;
    const lineOf = (needle: string): { line: number; iteration: readonly string[] | undefined } => {
      const at = doc.text.indexOf(needle);
      const s = trace.segments.find((x) => x.start <= at && at < x.end)!;
      return { line: s.line + 1, iteration: s.iteration };
    };
    expect(lineOf('name: tricky')).toEqual({ line: 4, iteration: undefined });
    expect(lineOf('team: a')).toEqual({ line: 6, iteration: undefined });
    expect(lineOf('echo there')).toEqual({ line: 9, iteration: undefined });
    expect(lineOf('inline: yes')).toEqual({ line: 10, iteration: undefined });
    expect(lineOf('one-A')).toEqual({ line: 13, iteration: ['0', 'A'] });
    expect(lineOf('two-C')).toEqual({ line: 13, iteration: ['1', 'C'] });
    expect(lineOf('emptyList')).toEqual({ line: 19, iteration: undefined });
    expect(lineOf('last: end')).toEqual({ line: 21, iteration: undefined });
  });
});
