import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments, parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { packagedCopy, plainRender, renderAndMap, type Mapped } from '../../../../test/support/helm';
import { engineConfig } from '../../engine/config';
import { applyEdits, type Edit } from '../../engine/fix';
import { Engine } from '../../engine/run';
import { rules } from '../../rules/index';
import { translateFix, type FileEdit } from './fix-translate';
import { parseTemplate } from './go-template';
import { parsePath, scalarPaths, type MappedDoc } from './map';
import { splitHelmOutput } from './trace';

const CHARTS = resolve(__dirname, '../../../../test/fixtures/charts');
const engine = new Engine(rules, { cache: false });
const config = engineConfig({ profile: 'all' });

const copies: string[] = [];
afterAll(() => {
  for (const c of copies) rmSync(c, { recursive: true, force: true });
});

/** A writable copy of a fixture chart (fixes are applied to it). */
function copyChart(name: string, extra: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'kw-fix-'));
  copies.push(root);
  const dir = join(root, name);
  cpSync(join(CHARTS, name), dir, { recursive: true });
  for (const [p, t] of Object.entries(extra)) writeFileSync(join(dir, p), t);
  return dir;
}

/** The engine's fix for a rule's finding on a rendered document (the first one, or the one at `near`). */
function engineFix(doc: MappedDoc, ruleId: string, near?: string): Edit[] {
  const r = engine.check(doc.text, config);
  const found = r.findings.filter(
    (f) => f.ruleId === ruleId && (!near || doc.text.slice(f.start, f.end).includes(near)),
  );
  const fix = found[0]?.fixes[0];
  if (!fix) throw new Error(`no fix from ${ruleId}: ${r.findings.map((f) => f.ruleId).join(', ')}`);
  return fix.edits;
}

/** Applies translated edits to the chart copy (values files by absolute path or chart-relative). */
function applyToChart(dir: string, edits: readonly FileEdit[]): void {
  const byFile = new Map<string, FileEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, list] of byFile) {
    const path = file.startsWith('/') ? file : join(dir, file);
    writeFileSync(path, applyEdits(readFileSync(path, 'utf8'), list));
  }
}

/** The value at a path of the rendered document from a template, after rendering the chart again. */
function renderedValue(dir: string, template: string, path: string, args: string[] = []): unknown {
  const d = splitHelmOutput(plainRender(dir, args)).find((x) => x.source.endsWith(`/${template}`));
  const js: unknown = parseAllDocuments(d?.text ?? '')[0]?.toJS();
  let cur = js;
  for (const k of parsePath(path)) cur = (cur as Record<string | number, unknown> | undefined)?.[k];
  return cur;
}

function doc(m: Mapped, template: string): MappedDoc {
  const d = m.map.docs.find((x) => x.template === template);
  if (!d) throw new Error(`no document from ${template}`);
  return d;
}

function translate(m: Mapped, d: MappedDoc, edits: readonly Edit[]): FileEdit[] | undefined {
  return translateFix({ doc: d, files: m.shadow.chartFiles().files }, edits);
}

describe('fixes carried to the chart and rendered again with real helm', () => {
  it('scaffold: runAsNonRoot for the pod turns `podSecurityContext: {}` into a block', async () => {
    const dir = copyChart('webapp');
    const m = await renderAndMap(dir);
    const d = doc(m, 'templates/deployment.yaml');
    const edits = translate(m, d, engineFix(d, 'run-as-non-root'));
    expect(edits?.map((e) => e.file)).toEqual(['values.yaml']);
    applyToChart(dir, edits!);
    const values = readFileSync(join(dir, 'values.yaml'), 'utf8');
    expect(values).toContain('podSecurityContext:\n  runAsNonRoot: true\n  # fsGroup: 2000\n');
    expect(
      renderedValue(dir, 'templates/deployment.yaml', 'spec.template.spec.securityContext.runAsNonRoot'),
    ).toBe(true);
  });

  it('extra container from values: privileged is set to false in its values entry', async () => {
    const dir = copyChart('sidecars');
    const m = await renderAndMap(dir);
    const d = doc(m, 'templates/deployment.yaml');
    const edits = translate(m, d, engineFix(d, 'privileged-container'));
    expect(edits).toEqual([
      { file: 'values.yaml', start: expect.any(Number), end: expect.any(Number), newText: 'false' },
    ]);
    applyToChart(dir, edits!);
    expect(
      renderedValue(
        dir,
        'templates/deployment.yaml',
        'spec.template.spec.containers[1].securityContext.privileged',
      ),
    ).toBe(false);
  });

  it('a literal `hostPID: true` is edited on its template line', async () => {
    const dir = copyChart('sidecars');
    const m = await renderAndMap(dir);
    const d = doc(m, 'templates/deployment.yaml');
    const edits = translate(m, d, engineFix(d, 'host-pid'));
    expect(edits?.map((e) => e.file)).toEqual(['templates/deployment.yaml']);
    applyToChart(dir, edits!);
    expect(readFileSync(join(dir, 'templates/deployment.yaml'), 'utf8')).not.toContain('hostPID: true');
    expect(renderedValue(dir, 'templates/deployment.yaml', 'spec.template.spec.hostPID') ?? false).toBe(
      false,
    );
  });

  it('a value that comes through an include helper is set in values', async () => {
    const dir = copyChart('sidecars');
    const m = await renderAndMap(dir);
    const d = doc(m, 'templates/deployment.yaml');
    const edits = translate(m, d, engineFix(d, 'privilege-escalation-allowed', 'allowPrivilegeEscalation'));
    expect(edits?.map((e) => [e.file, e.newText])).toEqual([['values.yaml', 'false']]);
    applyToChart(dir, edits!);
    expect(
      renderedValue(
        dir,
        'templates/deployment.yaml',
        'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      ),
    ).toBe(false);
  });

  it('subchart: the parent values override is what gets edited', async () => {
    const dir = copyChart('platform');
    const m = await renderAndMap(dir);
    const d = doc(m, 'charts/db/templates/statefulset.yaml');
    const edits = translate(m, d, engineFix(d, 'privileged-container'));
    expect(edits?.map((e) => [e.file, e.newText])).toEqual([['values.yaml', 'false']]);
    applyToChart(dir, edits!);
    expect(
      renderedValue(
        dir,
        'charts/db/templates/statefulset.yaml',
        'spec.template.spec.containers[0].securityContext.privileged',
      ),
    ).toBe(false);
  });

  it('a key missing under a literal template block is added on the template line below it', async () => {
    const dir = copyChart('sidecars', {
      'templates/job.yaml': [
        'apiVersion: batch/v1',
        'kind: Job',
        'metadata:',
        '  name: migrate',
        'spec:',
        '  template:',
        '    spec:',
        '      restartPolicy: Never',
        '      containers:',
        '        - name: migrate',
        '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
        '          securityContext:',
        '            readOnlyRootFilesystem: true',
        '',
      ].join('\n'),
    });
    const m = await renderAndMap(dir);
    const d = doc(m, 'templates/job.yaml');
    const edits = translate(m, d, engineFix(d, 'privilege-escalation-allowed'));
    expect(edits?.map((e) => [e.file, e.newText])).toEqual([
      ['templates/job.yaml', '\n            allowPrivilegeEscalation: false'],
    ]);
    applyToChart(dir, edits!);
    expect(
      renderedValue(
        dir,
        'templates/job.yaml',
        'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      ),
    ).toBe(false);
  });

  it('a default of a packaged subchart is overridden in the parent values', async () => {
    const dir = packagedCopy(join(CHARTS, 'platform'), 'db');
    const m = await renderAndMap(dir);
    const d = doc(m, 'charts/db/templates/statefulset.yaml');
    const at = d.text.indexOf('runAsUser: 999') + 'runAsUser: '.length;
    const hostPath = d.text.indexOf('path: /var/lib/db') + 'path: '.length;
    const edits = translate(m, d, [
      { start: at, end: at + 3, newText: '1000' },
      { start: hostPath, end: hostPath + '/var/lib/db'.length, newText: '/srv/db' },
    ]);
    expect(edits?.map((e) => e.file)).toEqual(['values.yaml']);
    applyToChart(dir, edits!);
    expect(readFileSync(join(dir, 'values.yaml'), 'utf8')).toContain(
      'db:\n  securityContext:\n    privileged: true\n    runAsUser: 1000\n  persistence:\n    hostPath: /srv/db\n',
    );
    const sts = 'charts/db/templates/statefulset.yaml';
    expect(renderedValue(dir, sts, 'spec.template.spec.containers[0].securityContext.runAsUser')).toBe(1000);
    expect(renderedValue(dir, sts, 'spec.template.spec.volumes[0].hostPath.path')).toBe('/srv/db');
    // A line written in the package itself cannot be edited there.
    const name = d.text.indexOf('serviceName: db') + 'serviceName: '.length;
    expect(translate(m, d, [{ start: name, end: name + 2, newText: 'other' }])).toBeUndefined();
  });

  it('keeps CRLF line endings of a template it edits', async () => {
    const crlf = (lines: string[]): string => lines.join('\r\n') + '\r\n';
    const dir = copyChart('sidecars', {
      'templates/pod.yaml': crlf([
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: crlf',
        'spec:',
        '  hostIPC: true',
        '  containers:',
        '    - name: app',
        '      image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
        '      securityContext:',
        '        readOnlyRootFilesystem: true',
      ]),
    });
    const m = await renderAndMap(dir);
    const d = doc(m, 'templates/pod.yaml');
    expect(d.locate('spec.hostIPC')).toMatchObject({ via: 'template', file: 'templates/pod.yaml' });
    const edits = translate(m, d, [
      ...engineFix(d, 'host-ipc'),
      ...engineFix(d, 'privilege-escalation-allowed'),
    ]);
    expect(edits?.map((e) => e.newText)).toEqual(['false', '\r\n        allowPrivilegeEscalation: false']);
    applyToChart(dir, edits!);
    const text = readFileSync(join(dir, 'templates/pod.yaml'), 'utf8');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(renderedValue(dir, 'templates/pod.yaml', 'spec.hostIPC')).toBe(false);
    expect(
      renderedValue(dir, 'templates/pod.yaml', 'spec.containers[0].securityContext.allowPrivilegeEscalation'),
    ).toBe(false);
  });

  it('offers no fix for a computed value, nor for one iteration of a shared template line', async () => {
    const dir = copyChart('sidecars', {
      'templates/workers.yaml': [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: workers',
        'spec:',
        '  containers:',
        '    {{- range .Values.extraContainers }}',
        '    - name: {{ .name }}',
        '      image: {{ .image }}',
        '      securityContext:',
        '        readOnlyRootFilesystem: false',
        '    {{- end }}',
        '',
      ].join('\n'),
    });
    const m = await renderAndMap(dir);
    const d = doc(m, 'templates/workers.yaml');
    const image = d.text.indexOf('busybox:1.36');
    expect(
      translate(m, d, [{ start: image, end: image + 'busybox:1.36'.length, newText: 'busybox:1.37' }]),
    ).toEqual([
      { file: 'values.yaml', start: expect.any(Number), end: expect.any(Number), newText: 'busybox:1.37' },
    ]);
    const deployment = doc(m, 'templates/deployment.yaml');
    const mixed = deployment.text.indexOf('"registry.example.com/app:1.2.3"');
    expect(
      translate(m, deployment, [{ start: mixed, end: mixed + 32, newText: '"other:1"' }]),
    ).toBeUndefined();
    // Both containers render the same literal line: changing one of them cannot be done there.
    const first = d.text.indexOf('readOnlyRootFilesystem: false') + 'readOnlyRootFilesystem: '.length;
    const one: Edit = { start: first, end: first + 5, newText: 'true' };
    expect(translate(m, d, [one])).toBeUndefined();
    // Changing it in every iteration is one edit of the template line.
    const second = d.text.indexOf('readOnlyRootFilesystem: false', first) + 'readOnlyRootFilesystem: '.length;
    const both = translate(m, d, [one, { start: second, end: second + 5, newText: 'true' }]);
    expect(both?.map((e) => [e.file, e.newText])).toEqual([['templates/workers.yaml', 'true']]);
    applyToChart(dir, both!);
    expect(
      renderedValue(
        dir,
        'templates/workers.yaml',
        'spec.containers[1].securityContext.readOnlyRootFilesystem',
      ),
    ).toBe(true);
  });
});

describe('translateFix on random changes', () => {
  it('returns nothing or edits inside the files that leave them parseable, never throwing', async () => {
    const m = await renderAndMap(join(CHARTS, 'sidecars'));
    const d = doc(m, 'templates/deployment.yaml');
    const files = m.shadow.chartFiles().files;
    const scalars = scalarPaths(parseAllDocuments(d.text)[0]?.contents).map((p) => {
      let node: unknown = parseAllDocuments(d.text)[0]?.contents;
      for (const k of p) node = (node as { get?: (k: unknown, keep: boolean) => unknown }).get?.(k, true);
      return (node as { range?: number[] }).range as number[];
    });
    let translated = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: scalars.length - 1 }),
        fc.constantFrom('false', 'true', '0', '1000', 'RuntimeDefault', '"quoted"', '[a, b]', '{x: 1}', ''),
        (i, text) => {
          const r = scalars[i]!;
          const edits = translate(m, d, [{ start: r[0]!, end: r[1]!, newText: text }]);
          if (!edits) return;
          translated++;
          const byFile = new Map<string, FileEdit[]>();
          for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
          for (const [file, list] of byFile) {
            const before = files.get(file)!;
            for (const e of list) expect(e.end).toBeLessThanOrEqual(before.length);
            const fixed = applyEdits(before, list);
            if (file.startsWith('templates/')) expect(parseTemplate(fixed).error).toBeUndefined();
            else expect(parseDocument(fixed).errors).toEqual([]);
          }
        },
      ),
      { seed: 5, numRuns: 300 },
    );
    expect(translated).toBeGreaterThan(20);
  });
});
