import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../../../../test/support/files';
import { shadowOf } from '../../../../test/support/helm';
import { helmBinary } from '../../../../test/support/tools';
import { mapRender } from './map';
import { renderChart } from './render';
import { ChartShadow, renderTraced } from './shadow';

const CHARTS = resolve(__dirname, '../../../../test/fixtures/charts');

describe('ChartShadow', () => {
  it('copies the chart to a temporary folder with twins, leaving the chart itself untouched', () => {
    const s = shadowOf(join(CHARTS, 'sidecars'));
    expect(s.dir).not.toContain(CHARTS);
    expect(existsSync(join(s.dir, 'templates/__kubeward_trace__/deployment.yaml'))).toBe(true);
    expect(existsSync(join(s.dir, 'templates/__kubeward_trace__/_helpers.tpl'))).toBe(false);
    expect(existsSync(join(CHARTS, 'sidecars/templates/__kubeward_trace__'))).toBe(false);
    expect(s.chartFiles().root).toBe(join(CHARTS, 'sidecars'));
  });

  it('renders editor text: one file updated, nothing else rewritten', async () => {
    const s = shadowOf(join(CHARTS, 'sidecars'));
    const helpers = join(s.dir, 'templates/_helpers.tpl');
    const before = statSync(helpers).mtimeMs;
    const values = readFileSync(join(CHARTS, 'sidecars/values.yaml'), 'utf8').replace(
      'hostNetwork: false',
      'hostNetwork: true',
    );
    s.update('values.yaml', values);
    s.update(
      'templates/deployment.yaml',
      readFileSync(join(CHARTS, 'sidecars/templates/deployment.yaml'), 'utf8').replace(
        'hostPID: true',
        'hostPID: false',
      ),
    );
    expect(statSync(helpers).mtimeMs).toBe(before);
    const { result } = await renderTraced(s, { helm: helmBinary() });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const map = mapRender({ chart: s.chartFiles(), stdout: result.stdout, nonce: s.nonce });
    const d = map.docs[0];
    expect(d?.text).toContain('hostNetwork: true');
    expect(d?.text).toContain('hostPID: false');
    // The twin followed the edited template: the trace is still exact.
    expect(d?.trace).toBe('exact');
    s.update('values.yaml', undefined);
    expect(s.chartFiles().files.get('values.yaml')).toContain('hostNetwork: false');
    s.update('templates/extra.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    expect(existsSync(join(s.dir, 'templates/__kubeward_trace__/extra.yaml'))).toBe(true);
    s.update('templates/extra.yaml', null);
    expect(existsSync(join(s.dir, 'templates/extra.yaml'))).toBe(false);
    expect(existsSync(join(s.dir, 'templates/__kubeward_trace__/extra.yaml'))).toBe(false);
  });

  it('drops a twin whose markers break its YAML and renders again, untraced for that template only', async () => {
    const dir = tempTree('kw-multiline-', {
      'Chart.yaml': 'apiVersion: v2\nname: ml\nversion: 0.1.0\n',
      'templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ml\ndata:\n  note: first part\n    second part\n',
      'templates/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ml\n',
    });
    const s = shadowOf(dir);
    const { result, untraced } = await renderTraced(s, { helm: helmBinary() });
    expect(untraced).toEqual(['templates/cm.yaml']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const map = mapRender({ chart: s.chartFiles(), stdout: result.stdout, nonce: s.nonce });
    expect(map.docs.map((d) => [d.template, d.trace])).toEqual([
      ['templates/sa.yaml', 'exact'],
      ['templates/cm.yaml', 'none'],
    ]);
    // Without a trace, a literal key whose path is written once is still found statically.
    expect(map.docs[1]?.locate('metadata.name')).toMatchObject({
      file: 'templates/cm.yaml',
      via: 'template',
    });
  });

  it('reports a template error on the template, at the column helm gives for it, and keeps its twin', async () => {
    const template = 'kind: ConfigMap\nitems:\n{{- range .Values.list }} {{ .x.y }}{{ end }}\n';
    // The twin rewrites this range on the same line, before the failing action: its columns differ.
    const dir = tempTree('kw-twin-col-', {
      'Chart.yaml': 'apiVersion: v2\nname: tc\nversion: 0.1.0\n',
      'templates/a.yaml': template,
      'values.yaml': 'list: [1]\n',
    });
    const s = shadowOf(dir);
    const { result, untraced } = await renderTraced(s, { helm: helmBinary() });
    expect(untraced).toEqual([]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // What helm says for the template itself, without any twin.
    const plain = await renderChart({ helm: helmBinary(), chartDir: dir });
    expect(plain.ok ? [] : plain.errors).toEqual([
      {
        file: 'templates/a.yaml',
        line: 3,
        column: 31,
        message: "can't evaluate field x in type interface {}",
      },
    ]);
    expect(result.errors).toEqual(plain.ok ? [] : plain.errors);
    expect(s.hasTwin('templates/a.yaml')).toBe(true);
    s.update('values.yaml', 'list: [{x: {y: 1}}]\n');
    const again = await renderTraced(s, { helm: helmBinary() });
    expect(again.result.ok).toBe(true);
    if (!again.result.ok) return;
    expect(
      mapRender({ chart: s.chartFiles(), stdout: again.result.stdout, nonce: s.nonce }).docs[0]?.trace,
    ).toBe('exact');
  });

  it('removes its copy on dispose', () => {
    const dir = tempTree('kw-dispose-', { 'Chart.yaml': 'apiVersion: v2\nname: d\nversion: 0.1.0\n' });
    const s = ChartShadow.create(dir);
    writeFileSync(join(s.dir, 'stray'), 'x');
    s.dispose();
    expect(existsSync(s.dir)).toBe(false);
    s.update('values.yaml', 'a: 1\n');
    expect(existsSync(s.dir)).toBe(false);
  });
});
