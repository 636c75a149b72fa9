// Helm charts in the editor, over real JSON-RPC against the built server (dist/server.js --stdio)
// with real helm: findings of a chart published on the template and values lines a person edits,
// following unsaved buffers, fixed in values.yaml, and the reasons charts are not rendered, said once.
import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, TextEdit } from 'vscode-languageserver-types';
import { afterEach, describe, expect, it } from 'vitest';
import { TrustNotification, type StatusParams } from '../server/src/protocol';
import { tempTree } from './support/files';
import { LspClient, type PublishParams } from './support/lsp-client';
import { helmBinary } from './support/tools';

const CHARTS = resolve(__dirname, 'fixtures/charts');
const clients: LspClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.shutdown();
});

/** A copy of a fixture chart in a temporary workspace folder. */
function chart(name: string): {
  folder: string;
  root: string;
  uri: (rel: string) => string;
  text: (rel: string) => string;
} {
  const folder = tempTree('kw-helm-editor-', {});
  const root = join(folder, name);
  cpSync(join(CHARTS, name), root, { recursive: true });
  return {
    folder,
    root,
    uri: (rel) => pathToFileURL(join(root, ...rel.split('/'))).href,
    text: (rel) => readFileSync(join(root, ...rel.split('/')), 'utf8'),
  };
}

async function start(folder: string, opts: { helmPath?: string; init?: unknown } = {}): Promise<LspClient> {
  const c = new LspClient({
    settings: {
      profile: 'recommended',
      debounceMs: 50,
      helm: { enabled: true, path: opts.helmPath ?? helmBinary(), timeoutMs: 20_000 },
    },
  });
  clients.push(c);
  await c.initialize({}, [pathToFileURL(folder).href], opts.init);
  return c;
}

/** The next diagnostics published for `uri` that `test` accepts. */
async function next(
  c: LspClient,
  uri: string,
  test: (d: Diagnostic[]) => boolean,
  what: string,
): Promise<Diagnostic[]> {
  let found: PublishParams | undefined;
  await c.waitFor(
    () => {
      const p = c.latest(uri);
      if (p && test(p.diagnostics)) found = p;
      return found !== undefined;
    },
    30_000,
    what,
  );
  return found?.diagnostics ?? [];
}

const at = (d: Diagnostic) => `${String(d.code)}@${d.range.start.line + 1}:${d.range.start.character + 1}`;

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), edits);
}

describe('Helm charts in the editor', () => {
  it('publishes a values-fed finding on values.yaml (not open) when a template is opened, with the template as related information and in hover', async () => {
    const w = chart('webapp');
    const c = await start(w.folder);
    c.open(w.uri('templates/deployment.yaml'), w.text('templates/deployment.yaml'));
    const values = await next(c, w.uri('values.yaml'), (d) => d.length > 0, 'values.yaml diagnostics');
    // podSecurityContext: {} (line 41) feeds the pod's securityContext; securityContext: {} (44) the container's.
    expect(values.map(at)).toEqual(
      expect.arrayContaining([
        'run-as-non-root@41:1',
        'seccomp-profile-missing@41:1',
        'capabilities-not-dropped@44:1',
        'privilege-escalation-allowed@44:1',
      ]),
    );
    const rann = values.find((d) => d.code === 'run-as-non-root');
    expect(rann?.range.end).toEqual({ line: 40, character: 'podSecurityContext'.length });
    const rel = rann?.relatedInformation?.[0];
    expect(rel?.message).toBe('templates/deployment.yaml uses this value here');
    expect(rel?.location.uri).toBe(w.uri('templates/deployment.yaml'));
    // `{{- with .Values.podSecurityContext }}` (line 31) writes it under `securityContext:` (line 32).
    expect(rel?.location.range.start).toEqual({ line: 31, character: 6 });
    // Every file of the chart with findings is published, literal template lines included. Files are
    // published one after another, so this one may arrive after values.yaml: wait for it.
    const literal = await next(
      c,
      w.uri('templates/tests/test-connection.yaml'),
      (d) => d.length > 0,
      'test-connection.yaml diagnostics',
    );
    expect(literal.map(at)).toContain('image-tag-latest@12:7');

    // Hover needs the document open, on the text the findings were placed on.
    c.open(w.uri('values.yaml'), w.text('values.yaml'));
    const hover = await c.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: w.uri('values.yaml') },
      position: { line: 40, character: 3 },
    });
    const md = JSON.stringify(hover?.contents);
    expect(md).toContain('`templates/deployment.yaml` uses this value');
    expect(md).toContain('run-as-non-root');
  });

  it('follows the unsaved values.yaml buffer, and its quick fix applied to the buffer makes the finding go', async () => {
    const w = chart('webapp');
    const c = await start(w.folder);
    const uri = w.uri('values.yaml');
    const disk = w.text('values.yaml');
    c.open(uri, disk);
    await next(c, uri, (d) => d.some((x) => at(x) === 'run-as-non-root@41:1'), 'first render');

    // Two comment lines on top, not saved: the findings move with the buffer.
    let text = `# one\n# two\n${disk}`;
    c.change(uri, 2, text);
    let diags = await next(c, uri, (d) => d.some((x) => at(x) === 'run-as-non-root@43:1'), 'moved findings');
    expect(diags.some((x) => at(x) === 'run-as-non-root@41:1')).toBe(false);
    expect(w.text('values.yaml')).toBe(disk);

    const d = diags.find((x) => x.code === 'run-as-non-root') as Diagnostic;
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d], only: ['quickfix'] },
    });
    const fix = actions.find((a) => a.edit?.changes?.[uri]);
    expect(fix?.title).toBeTruthy();
    text = apply(text, fix?.edit?.changes?.[uri] ?? []);
    // The minimal edit, in the values file: `{}` becomes a block, the comment under it stays.
    expect(fix?.title).toBe('Add `runAsNonRoot: true` to the pod');
    expect(text).toBe(
      `# one\n# two\n${disk}`.replace(
        'podSecurityContext: {}\n  # fsGroup',
        'podSecurityContext:\n  runAsNonRoot: true\n  # fsGroup',
      ),
    );
    c.change(uri, 3, text);
    diags = await next(
      c,
      uri,
      (x) => !x.some((y) => y.code === 'run-as-non-root'),
      're-render without the finding',
    );
    expect(diags.some((x) => x.code === 'seccomp-profile-missing')).toBe(true);

    // A fix is offered only on the text it was made for: after another edit not yet rendered, none.
    c.change(uri, 4, `${text}\n# three\n`);
    const stale = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: diags.filter((x) => x.code === 'seccomp-profile-missing'), only: ['quickfix'] },
    });
    expect(stale.filter((a) => a.edit)).toEqual([]);
  });

  it('reports a failing render at the place helm names, and a missing dependency on Chart.yaml', async () => {
    const b = chart('broken');
    const c = await start(b.folder);
    c.open(b.uri('templates/pod.yaml'), b.text('templates/pod.yaml'));
    const diags = await next(c, b.uri('templates/pod.yaml'), (d) => d.length > 0, 'render error');
    expect(diags.map(at)).toEqual(['helm-render@8:54']);
    expect(diags[0]?.message).toContain('nil pointer evaluating interface {}.major');

    const n = chart('needs-redis');
    const c2 = await start(n.folder);
    c2.open(n.uri('templates/cm.yaml'), n.text('templates/cm.yaml'));
    const deps = await next(c2, n.uri('Chart.yaml'), (d) => d.length > 0, 'dependency diagnostics');
    expect(deps.map(at)).toEqual(['helm-dependency@7:5', 'helm-dependency@10:5']);
  });

  it('renders nothing in an untrusted workspace, says why once, and renders when it becomes trusted', async () => {
    const w = chart('webapp');
    const c = await start(w.folder, { init: { kubeward: { render: false } } });
    c.open(w.uri('templates/deployment.yaml'), w.text('templates/deployment.yaml'));
    c.open(w.uri('templates/service.yaml'), w.text('templates/service.yaml'));
    await c.waitFor(() => c.logs.some((l) => l.includes('Restricted Mode')), 10_000, 'the notice');
    await new Promise((r) => setTimeout(r, 500));
    expect(c.logs.filter((l) => l.includes('Restricted Mode'))).toHaveLength(1);
    expect(c.latest(w.uri('values.yaml'))).toBeUndefined();
    const statuses = c.notifications
      .filter((n) => n.method === 'kubeward/status')
      .map((n) => n.params as StatusParams);
    expect(statuses.at(-1)?.notice).toContain('Restricted Mode');

    c.notify(TrustNotification, {});
    await next(
      c,
      w.uri('values.yaml'),
      (d) => d.some((x) => x.code === 'run-as-non-root'),
      'render once trusted',
    );
  });

  it('says once that helm was not found, and renders nothing', async () => {
    const w = chart('webapp');
    const c = await start(w.folder, { helmPath: join(w.folder, 'no-such-helm') });
    c.open(w.uri('templates/deployment.yaml'), w.text('templates/deployment.yaml'));
    c.open(w.uri('values.yaml'), w.text('values.yaml'));
    await c.waitFor(() => c.logs.some((l) => l.includes('helm was not found')), 10_000, 'the notice');
    c.change(w.uri('values.yaml'), 2, `${w.text('values.yaml')}\n# edited\n`);
    await new Promise((r) => setTimeout(r, 500));
    expect(c.logs.filter((l) => l.includes('helm was not found'))).toHaveLength(1);
    expect(
      (c.latest(w.uri('values.yaml'))?.diagnostics ?? []).filter((d) => d.code === 'run-as-non-root'),
    ).toEqual([]);
  });
});
