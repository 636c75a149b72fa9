// The rendered-source manager (lsp/rendered.ts), in process: debounce, a newer edit aborting an
// older render, diagnostics layered per URI, fixes and hover only on the text they were placed on,
// reasons said once; and the Helm kind with real helm: --kube-version from kubeward.kubernetesVersion.
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { HelmCharts } from '../../server/src/lsp/helm-charts';
import {
  RenderedManager,
  SLOW_RENDER_MS,
  type RenderedKind,
  type RenderedRoot,
  type RenderStep,
} from '../../server/src/lsp/rendered';
import { engineConfig } from '../../server/src/engine/config';
import { fileResult, type FileResult } from '../../server/src/sources/mapped';
import { tempTree } from '../support/files';
import { pod } from '../support/manifests';
import { helmBinary } from '../support/tools';
import { WorkspaceScan, type Progress } from '../../server/src/lsp/workspace-scan';
import { PRIVILEGED_POD } from '../support/manifests';
import { state } from './support';

const ROOT = '/work/chart';
const FILE = `${ROOT}/values.yaml`;
const URI = pathToFileURL(FILE).href;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A root whose renders the test releases by hand; its "render" checks the file's text as a manifest. */
class FakeRoot implements RenderedRoot<string> {
  text = pod(true);
  renders: { signal: AbortSignal; release: () => void }[] = [];
  updates: (string | null | undefined)[] = [];
  disposed = false;

  constructor(private readonly s: ReturnType<typeof state>) {}

  update(_path: string, text: string | null | undefined): void {
    this.updates.push(text);
    if (typeof text === 'string') this.text = text;
  }

  render(signal: AbortSignal): Promise<RenderStep<string>> {
    const text = this.text;
    return new Promise((resolve) => {
      this.renders.push({ signal, release: () => resolve({ rendered: text }) });
    });
  }

  check(text: string): Promise<FileResult[]> {
    const r = fileResult(FILE, text);
    const result = this.s.service.engine.check(text, engineConfig({ profile: 'all' }), this.s.index, FILE);
    r.findings.push(...result.findings);
    return Promise.resolve([r]);
  }

  dispose(): void {
    this.disposed = true;
  }
}

function setup(allowed = true) {
  const s = state();
  const root = new FakeRoot(s);
  const kind: RenderedKind = {
    layer: 'helm',
    untrusted: 'not trusted: not rendered',
    describe: () => 'Helm chart chart',
    rootOf: (p) => (p.startsWith(`${ROOT}/`) ? ROOT : undefined),
    explain: () => ['**Fake:** rendered.'],
    create: () => root,
  };
  const manager = new RenderedManager(
    {
      documents: s.documents,
      published: s.published,
      service: s.service,
      log: s.log,
      allowed: () => allowed,
    },
    [kind],
  );
  s.published.rendering = () => manager.rendering();
  return { s, root, manager };
}

const codes = (d: readonly Diagnostic[] | undefined) => (d ?? []).map((x) => String(x.code)).sort();

describe('RenderedManager', () => {
  it('debounces edits: three quick changes render once, with the last text', async () => {
    const { s, root, manager } = setup();
    expect(manager.changed(URI, pod(true), 40)).toBe(true);
    expect(manager.changed(pathToFileURL('/elsewhere/x.yaml').href, 'x', 0)).toBe(false);
    await sleep(10);
    manager.changed(URI, pod(false), 40);
    await sleep(10);
    s.documents.open(URI, pod(false));
    manager.changed(URI, pod(false), 40);
    await sleep(80);
    expect(root.renders).toHaveLength(1);
    // The root is created on its first render, with the open documents' texts.
    expect(root.updates).toEqual([pod(false)]);
    expect(root.text).toBe(pod(false));
  });

  it('a newer edit aborts the older render; only the newer result is published', async () => {
    const { s, root, manager } = setup();
    manager.changed(URI, pod(true), 0);
    await sleep(5);
    expect(root.renders).toHaveLength(1);
    manager.changed(URI, pod(false), 0);
    await sleep(5);
    expect(root.renders).toHaveLength(2);
    expect(root.renders[0]?.signal.aborted).toBe(true);
    expect(root.renders[1]?.signal.aborted).toBe(false);
    root.renders[1]?.release();
    await sleep(5);
    root.renders[0]?.release();
    await sleep(5);
    // pod(false) is not privileged: only the newer render's findings went out.
    const sent = s.sent.filter((p) => p.uri === URI);
    expect(sent).toHaveLength(1);
    expect(codes(sent[0]?.diagnostics)).not.toContain('privileged-container');
    expect(codes(sent[0]?.diagnostics).length).toBeGreaterThan(0);
    expect(manager.renders).toBe(1);
  });

  it('the same text again while its render is scheduled or runs starts no other render (an open is also a change)', async () => {
    const { root, manager } = setup();
    // Opened: the open renders at once, and the first change (the same text) comes after the debounce.
    manager.changed(URI, pod(true), 0);
    await sleep(5);
    expect(root.renders).toHaveLength(1);
    expect(manager.changed(URI, pod(true), 20)).toBe(true);
    await sleep(40);
    expect(root.renders).toHaveLength(1);
    expect(root.renders[0]?.signal.aborted).toBe(false);
    root.renders[0]?.release();
    await sleep(5);
    expect(manager.renders).toBe(1);
    // Done: the same text (a save) renders again, and a new text while that runs stops it.
    manager.changed(URI, pod(true), 0);
    await sleep(5);
    expect(root.renders).toHaveLength(2);
    manager.changed(URI, pod(false), 0);
    await sleep(5);
    expect(root.renders).toHaveLength(3);
    expect(root.renders[1]?.signal.aborted).toBe(true);
    expect(root.updates.at(-1)).toBe(pod(false));
  });

  it("layers a root's diagnostics with the file's own check, and clears only its own layer", async () => {
    const { s, root, manager } = setup();
    const own: Diagnostic = {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      severity: DiagnosticSeverity.Error,
      source: 'kubeward',
      code: 'config',
      message: 'own',
    };
    s.published.publish(URI, [own], 1);
    manager.changed(URI, pod(true), 0);
    await sleep(5);
    root.renders[0]?.release();
    await sleep(5);
    expect(codes(s.last(URI)?.diagnostics)).toContain('config');
    expect(codes(s.last(URI)?.diagnostics)).toContain('privileged-container');
    // The file's own check changes: the chart's layer stays.
    s.published.publish(URI, [], 2);
    expect(codes(s.last(URI)?.diagnostics)).toContain('privileged-container');
    expect(codes(s.last(URI)?.diagnostics)).not.toContain('config');
    // The chart's findings go: the URI is cleared.
    root.check = (text) => Promise.resolve([fileResult(FILE, text)]);
    manager.changed(URI, pod(false), 0);
    await sleep(5);
    root.renders[1]?.release();
    await sleep(5);
    expect(s.last(URI)?.diagnostics).toEqual([]);
    expect(s.published.has(URI)).toBe(false);
  });

  it('offers fixes and hover only while the document has the text the findings were placed on', async () => {
    const { s, root, manager } = setup();
    s.documents.open(URI, pod(true));
    manager.changed(URI, pod(true), 0);
    await sleep(5);
    root.renders[0]?.release();
    await sleep(5);
    const d = s.last(URI)?.diagnostics.find((x) => x.code === 'privileged-container') as Diagnostic;
    const ask = () => manager.codeActions(URI, { range: d.range, context: { diagnostics: [d] } });
    const fixes = ask().filter((a) => a.edit);
    expect(fixes.length).toBeGreaterThan(0);
    expect(fixes[0]?.edit?.changes?.[URI]?.[0]?.newText).toBe('false');
    expect(manager.hover(URI, d.range.start)).not.toBeNull();
    // Typed into, not rendered yet: the offsets would be wrong.
    s.documents.open(URI, `# new line\n${pod(true)}`, 2);
    expect(ask()).toEqual([]);
    expect(manager.hover(URI, d.range.start)).toBeNull();
  });

  it('says once why nothing renders (log and status notice), and shows a slow render in the status', async () => {
    const untrusted = setup(false);
    untrusted.manager.changed(URI, pod(true), 0);
    untrusted.manager.changed(URI, pod(false), 0);
    await sleep(10);
    untrusted.manager.renderAll();
    await sleep(10);
    expect(untrusted.s.logs.filter((l) => l === 'not trusted: not rendered')).toHaveLength(1);
    expect(untrusted.s.statuses.at(-1)?.notice).toBe('not trusted: not rendered');
    expect(untrusted.root.renders).toHaveLength(0);

    const { s, root, manager } = setup();
    manager.changed(URI, pod(true), 0);
    await sleep(SLOW_RENDER_MS + 100);
    expect(s.statuses.at(-1)?.rendering).toBe('rendering Helm chart chart…');
    root.renders[0]?.release();
    await sleep(150);
    expect(s.statuses.at(-1)?.rendering).toBeUndefined();
    manager.dispose();
    expect(root.disposed).toBe(true);
  });
});

describe('HelmCharts in the manager (real helm)', () => {
  it('passes --kube-version from kubeward.kubernetesVersion', async () => {
    const folder = tempTree('kw-rendered-', {
      'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'c/values.yaml': 'x: 1\n',
      'c/templates/cm.yaml': '{{ fail (printf "kube %s" .Capabilities.KubeVersion.Version) }}\n',
    });
    const s = state(() => ({
      kubernetesVersion: '1.27',
      helm: { enabled: true, path: helmBinary(), timeoutMs: 20_000 },
    }));
    s.project.roots = [folder];
    const helm = new HelmCharts({
      project: s.project,
      service: s.service,
      index: s.index,
      settingsFor: (uri) => s.settings.for(uri),
      readFile: () => undefined,
      cwd: () => folder,
    });
    const manager = new RenderedManager(
      { documents: s.documents, published: s.published, service: s.service, log: s.log, allowed: () => true },
      [helm],
    );
    const uri = pathToFileURL(join(folder, 'c/templates/cm.yaml')).href;
    manager.changed(uri, undefined, 0);
    for (let i = 0; i < 200 && manager.renders === 0; i++) await sleep(50);
    const d = s.last(uri)?.diagnostics ?? [];
    expect(codes(d)).toEqual(['helm-render']);
    expect(d[0]?.message).toContain('kube v1.27.0');
    manager.dispose();
  });
});

describe('the workspace scan renders the charts it finds (real helm)', () => {
  it('publishes the chart layer on values.yaml, and counts its findings', async () => {
    const folder = tempTree('kw-rendered-scan-', { 'a.yaml': PRIVILEGED_POD });
    cpSync(resolve(__dirname, '../fixtures/charts/webapp'), join(folder, 'webapp'), { recursive: true });
    const s = state(() => ({ helm: { enabled: true, path: helmBinary(), timeoutMs: 20_000 } }));
    s.project.roots = [folder];
    const helm = new HelmCharts({
      project: s.project,
      service: s.service,
      index: s.index,
      settingsFor: (uri) => s.settings.for(uri),
      readFile: () => undefined,
      cwd: () => folder,
    });
    const rendered = new RenderedManager(
      { documents: s.documents, published: s.published, service: s.service, log: s.log, allowed: () => true },
      [helm],
    );
    const scan = new WorkspaceScan({
      ...s,
      rendered,
      startProgress: (): Promise<Progress> =>
        Promise.resolve({ report: () => undefined, done: () => undefined }),
    });
    scan.folders = [folder];
    const summary = await scan.run();
    const values = s.last(pathToFileURL(join(folder, 'webapp/values.yaml')).href)?.diagnostics ?? [];
    const at = (d: Diagnostic) => `${String(d.code)}@${String(d.range.start.line + 1)}`;
    expect(values.map(at)).toContain('run-as-non-root@41');
    expect(values.map(at)).toContain('capabilities-not-dropped@44');
    expect(codes(s.last(pathToFileURL(join(folder, 'a.yaml')).href)?.diagnostics)).toContain(
      'privileged-container',
    );
    // The template itself has no finding of its own (it is skipped as text); the chart's are counted.
    expect(
      s.last(pathToFileURL(join(folder, 'webapp/templates/deployment.yaml')).href)?.diagnostics ?? [],
    ).toEqual([]);
    expect(summary.findings).toBeGreaterThanOrEqual(values.length + 1);
    rendered.dispose();
  });
});
