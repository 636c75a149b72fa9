import { chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../../../../test/support/files';
import { helmBinary } from '../../../../test/support/tools';
import { helmArgs, parseHelmErrors, renderChart } from './render';

const CHARTS = resolve(__dirname, '../../../../test/fixtures/charts');

/** A stand-in for helm: a shell script (the render itself never uses a shell). */
function fakeHelm(body: string): string {
  const dir = tempTree('kw-fake-helm-', { helm: `#!/bin/sh\n${body}\n` });
  const path = join(dir, 'helm');
  chmodSync(path, 0o755);
  return path;
}

describe('helmArgs', () => {
  it('builds `helm template` with values, sets and the Kubernetes version, and no network flag', () => {
    const args = helmArgs({
      chartDir: '/c',
      release: 'r',
      namespace: 'ns',
      kubeVersion: '1.31',
      valuesFiles: ['a.yaml', 'b.yaml'],
      set: ['x=1'],
      setString: ['y=2'],
    });
    expect(args).toEqual([
      'template',
      'r',
      '/c',
      '--namespace',
      'ns',
      '--kube-version',
      '1.31',
      '--values',
      'a.yaml',
      '--values',
      'b.yaml',
      '--set',
      'x=1',
      '--set-string',
      'y=2',
    ]);
    expect(args.join(' ')).not.toMatch(/--repo|dependency|--dependency-update|oci:|https?:/);
  });
});

describe('renderChart with real helm', () => {
  it('renders a chart', async () => {
    const r = await renderChart({
      helm: helmBinary(),
      chartDir: join(CHARTS, 'webapp'),
      kubeVersion: '1.31',
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.stdout).toContain('# Source: webapp/templates/deployment.yaml');
  });

  it('places a template execution error at its file, line and column', async () => {
    const r = await renderChart({ helm: helmBinary(), chartDir: join(CHARTS, 'broken') });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('error');
    expect(r.errors).toEqual([
      {
        file: 'templates/pod.yaml',
        line: 8,
        column: 54,
        message: 'nil pointer evaluating interface {}.major',
      },
    ]);
    expect(r.stderr.length).toBeLessThan(5000);
  });

  it('places a parse error and a `required` failure', async () => {
    const parse = tempTree('kw-parse-err-', {
      'Chart.yaml': 'apiVersion: v2\nname: p\nversion: 0.1.0\n',
      'templates/x.yaml': 'a: 1\nb: {{ .Values.x "a }}\n',
    });
    const r1 = await renderChart({ helm: helmBinary(), chartDir: parse });
    expect(r1.ok ? [] : r1.errors).toEqual([
      { file: 'templates/x.yaml', line: 2, message: 'unterminated quoted string' },
    ]);
    const req = tempTree('kw-req-err-', {
      'Chart.yaml': 'apiVersion: v2\nname: q\nversion: 0.1.0\n',
      'templates/y.yaml': 'a: 1\nb: {{ required "b is required" .Values.b }}\n',
    });
    const r2 = await renderChart({ helm: helmBinary(), chartDir: req });
    expect(r2.ok ? [] : r2.errors).toEqual([
      { file: 'templates/y.yaml', line: 2, column: 6, message: 'b is required' },
    ]);
  });

  it('reports a dependency missing from charts/ on Chart.yaml', async () => {
    const r = await renderChart({ helm: helmBinary(), chartDir: join(CHARTS, 'needs-redis') });
    expect(r.ok ? [] : r.errors).toEqual([
      { file: 'Chart.yaml', message: 'found in Chart.yaml, but missing in charts/ directory: common, redis' },
    ]);
  });
});

describe('renderChart limits', () => {
  it('kills helm after the time limit', async () => {
    const started = Date.now();
    const r = await renderChart({ helm: fakeHelm('sleep 20'), chartDir: '/tmp', timeoutMs: 300 });
    expect(r.ok ? 'ok' : r.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('kills helm when its output passes the size limit', async () => {
    const r = await renderChart({
      helm: fakeHelm('while true; do echo "kind: ConfigMap"; done'),
      chartDir: '/tmp',
      maxOutputBytes: 100_000,
    });
    expect(r.ok ? 'ok' : r.reason).toBe('too-large');
  });

  it('kills helm when the signal aborts (a newer edit)', async () => {
    const ac = new AbortController();
    const p = renderChart({ helm: fakeHelm('sleep 20'), chartDir: '/tmp', signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    const r = await p;
    expect(r.ok ? 'ok' : r.reason).toBe('aborted');
  });

  it('says so when helm cannot be started', async () => {
    const r = await renderChart({ helm: '/nonexistent/helm', chartDir: '/tmp' });
    expect(r.ok ? 'ok' : r.reason).toBe('spawn');
  });

  it('passes arguments without a shell and turns helm plugins off', async () => {
    const r = await renderChart({
      helm: fakeHelm('printf "%s|" "$@"; echo "plugins=$HELM_NO_PLUGINS"'),
      chartDir: '/tmp/a dir; rm -rf x',
      set: ['a=$(id)'],
    });
    expect(r.ok ? r.stdout : r.message).toBe(
      'template|release|/tmp/a dir; rm -rf x|--set|a=$(id)|plugins=1\n',
    );
  });
});

describe('parseHelmErrors', () => {
  it('names the template behind a twin path', () => {
    const stderr =
      "Error: YAML parse error on web/templates/__kubeward_trace__/cm.yaml: error converting YAML to JSON: yaml: line 7: could not find expected ':'\n\nUse --debug flag to render out invalid YAML\n";
    expect(parseHelmErrors(stderr)).toEqual([
      {
        file: 'templates/cm.yaml',
        twin: true,
        message: "error converting YAML to JSON: yaml: line 7: could not find expected ':'",
      },
    ]);
  });

  it('maps subchart paths and keeps unknown errors as messages', () => {
    expect(
      parseHelmErrors(
        'Error: template: p/charts/db/templates/s.yaml:3:5: executing "p/charts/db/templates/s.yaml" at <.x>: boom\nError: something else\n',
      ),
    ).toEqual([
      { file: 'charts/db/templates/s.yaml', line: 3, column: 5, message: 'boom' },
      { message: 'something else' },
    ]);
  });
});
