// Kustomize overlays in the editor, over real JSON-RPC against the built server with the real
// `kubectl kustomize`: opening a patch builds the overlays that read it and puts the finding on the
// patch's key; the quick fix applied to the unsaved buffer is rebuilt and the finding goes; a file a
// build reads is not also checked on its own (the built result decides); trust gates the build.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, TextEdit } from 'vscode-languageserver-types';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerCommands } from '../server/src/protocol';
import { tempTree } from './support/files';
import { countingKubectl, KUSTOMIZE_FIXTURES } from './support/kustomize';
import { LspClient, type PublishParams } from './support/lsp-client';
import { PRIVILEGED_POD } from './support/manifests';
import { kubectlBinary } from './support/tools';

const clients: LspClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.shutdown();
});

/** A copy of a fixture tree (`shop`) as a workspace folder. */
function shop(fixture = 'shop'): {
  folder: string;
  uri: (rel: string) => string;
  text: (rel: string) => string;
} {
  const folder = tempTree('kw-kustomize-editor-', {});
  cpSync(join(KUSTOMIZE_FIXTURES, fixture), folder, { recursive: true });
  return {
    folder,
    uri: (rel) => pathToFileURL(join(folder, ...rel.split('/'))).href,
    text: (rel) => readFileSync(join(folder, ...rel.split('/')), 'utf8'),
  };
}

async function start(
  folder: string,
  init?: unknown,
  settings: { kustomize?: string; scanOnStartup?: boolean; profile?: string } = {},
): Promise<LspClient> {
  const c = new LspClient({
    settings: {
      profile: settings.profile ?? 'recommended',
      debounceMs: 50,
      kustomize: { enabled: true, path: settings.kustomize ?? kubectlBinary(), timeoutMs: 20_000 },
      ...(settings.scanOnStartup === undefined ? {} : { scanOnStartup: settings.scanOnStartup }),
    },
  });
  clients.push(c);
  await c.initialize({}, [pathToFileURL(folder).href], init);
  return c;
}

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

const msg = (d: Diagnostic | undefined): string =>
  d === undefined ? '' : typeof d.message === 'string' ? d.message : d.message.value;

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), edits);
}

describe('Kustomize overlays in the editor', () => {
  it('puts a patch finding on the patch key, once; its quick fix on the buffer is rebuilt and the finding goes', async () => {
    const w = shop();
    const c = await start(w.folder);
    const uri = w.uri('overlays/prod/privileged.yaml');
    const disk = w.text('overlays/prod/privileged.yaml');
    c.open(uri, disk);
    const diags = await next(
      c,
      uri,
      (d) => d.some((x) => at(x) === 'privileged-container@11:13'),
      'the patch finding',
    );
    // Exactly on `privileged: true` (line 11, column 13), once: the raw check of the patch adds nothing.
    const priv = diags.filter((x) => x.code === 'privileged-container');
    expect(priv).toHaveLength(1);
    expect(priv[0]?.range).toEqual({
      start: { line: 10, character: 12 },
      end: { line: 10, character: 12 + 'privileged: true'.length },
    });
    expect(msg(priv[0])).toContain('(in overlays/prod)');
    // The patch alone lacks everything a raw check would report (run-as-non-root, limits…): none of it.
    expect(diags.every((x) => msg(x).includes('(in overlays/'))).toBe(true);

    const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: priv[0]?.range,
      context: { diagnostics: priv, only: ['quickfix'] },
    });
    const fix = actions.find((a) => a.edit?.changes?.[uri]);
    expect(fix?.title).toBeTruthy();
    const fixed = apply(disk, fix?.edit?.changes?.[uri] ?? []);
    expect(fixed).toBe(disk.replace('privileged: true', 'privileged: false'));
    c.change(uri, 2, fixed);
    await next(
      c,
      uri,
      (d) => !d.some((x) => x.code === 'privileged-container'),
      'rebuilt without the finding',
    );
    // The buffer was built, not the disk: the file is unchanged.
    expect(w.text('overlays/prod/privileged.yaml')).toBe(disk);
  });

  it('a base file read by both overlays: the built finding names them, and the raw check does not repeat it', async () => {
    const w = shop();
    const c = await start(w.folder);
    const uri = w.uri('base/deployment.yaml');
    c.open(uri, w.text('base/deployment.yaml'));
    const diags = await next(
      c,
      uri,
      (d) => d.some((x) => at(x) === 'memory-limits-missing@17:11' && msg(x).includes('(in ')),
      'the base finding',
    );
    const mem = diags.filter(
      (x) => at(x) === 'memory-limits-missing@17:11' && msg(x).includes('has no memory limit'),
    );
    expect(mem).toHaveLength(1);
    expect(msg(mem[0])).toContain('(in overlays/prod and overlays/staging)');
    // Every published diagnostic comes from the builds: no raw duplicates.
    const keys = diags.map((x) => `${at(x)} ${msg(x)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(diags.every((x) => msg(x).includes('(in overlays/'))).toBe(true);
  });

  it('an edit rebuilds only the overlays that read the edited file; the others keep their last build', async () => {
    const w = shop();
    const kubectl = countingKubectl();
    // No scan on startup: its build of the tree would run beside the open file's and be counted too.
    const c = await start(w.folder, undefined, { kustomize: kubectl.path, scanOnStartup: false });
    const built = () => kubectl.builds().map((b) => b.root);
    const uri = w.uri('overlays/prod/privileged.yaml');
    const disk = w.text('overlays/prod/privileged.yaml');
    c.open(uri, disk);
    await next(c, uri, (d) => d.some((x) => at(x) === 'privileged-container@11:13'), 'the patch finding');
    expect([...built()].sort()).toEqual(['overlays/prod', 'overlays/staging', 'standalone']);
    // Typing in a patch only overlays/prod reads: prod is built again, and nothing else.
    c.change(uri, 2, disk.replace('privileged: true', 'privileged: false'));
    await next(
      c,
      uri,
      (d) => !d.some((x) => x.code === 'privileged-container'),
      'rebuilt without the finding',
    );
    expect(built().slice(3)).toEqual(['overlays/prod']);
    // The reused staging build still places its findings, and the base's shared one names both overlays.
    const staging = w.uri('overlays/staging/host-network.yaml');
    c.open(staging, w.text('overlays/staging/host-network.yaml'));
    const hn = await next(
      c,
      staging,
      (d) => d.some((x) => at(x) === 'host-network@3:3'),
      'the staging finding',
    );
    expect(msg(hn.find((x) => at(x) === 'host-network@3:3'))).toContain('(in overlays/staging)');
    const base = w.uri('base/deployment.yaml');
    c.open(base, w.text('base/deployment.yaml'));
    const mem = await next(
      c,
      base,
      (d) => d.some((x) => at(x) === 'memory-limits-missing@17:11'),
      'the shared base finding',
    );
    expect(msg(mem.find((x) => msg(x).includes('has no memory limit')))).toContain(
      '(in overlays/prod and overlays/staging)',
    );
    // Opening files whose text is what was built builds nothing.
    expect(built()).toHaveLength(4);
  });

  it('hover says which overlays build the object and what in this file sets the value, in Kustomize words', async () => {
    const w = shop();
    const c = await start(w.folder);
    const hover = async (rel: string, d: Diagnostic | undefined): Promise<string> => {
      const h = await c.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: w.uri(rel) },
        position: d?.range.start,
      });
      const contents = h?.contents;
      return typeof contents === 'object' && contents !== null && 'value' in contents ? contents.value : '';
    };
    const opened = async (rel: string, code: string, line: number): Promise<Diagnostic | undefined> => {
      c.open(w.uri(rel), w.text(rel));
      const d = await next(
        c,
        w.uri(rel),
        (x) => x.some((y) => y.code === code && y.range.start.line === line - 1),
        `${code} on ${rel}:${String(line)}`,
      );
      return d.find((y) => y.code === code && y.range.start.line === line - 1);
    };

    const patch = await hover(
      'overlays/prod/privileged.yaml',
      await opened('overlays/prod/privileged.yaml', 'privileged-container', 11),
    );
    expect(patch).toContain(
      `**Kustomize:** this patch sets \`spec.template.spec.containers[0].securityContext.privileged\` in what \`overlays/prod\` builds. [overlays/prod/kustomization.yaml line 12](${w.uri('overlays/prod/kustomization.yaml')}#L12) applies it.`,
    );
    const entry = await hover(
      'overlays/prod/kustomization.yaml',
      await opened('overlays/prod/kustomization.yaml', 'image-tag-latest', 10),
    );
    expect(entry).toContain(
      '**Kustomize:** this kustomization entry sets `spec.template.spec.containers[0].image` in what `overlays/prod` builds.',
    );
    const base = await hover(
      'base/deployment.yaml',
      await opened('base/deployment.yaml', 'memory-limits-missing', 17),
    );
    expect(base).toContain(
      '**Kustomize:** `spec.template.spec.containers[0].resources.limits.memory` is missing from what `overlays/prod` and `overlays/staging` build; the finding is on the nearest key the resource file writes.',
    );
    const resource = await hover(
      'standalone/jobs.yaml',
      await opened('standalone/jobs.yaml', 'host-pid', 21),
    );
    expect(resource).toContain(
      '**Kustomize:** this line of the resource file is `spec.template.spec.hostPID` in what `standalone` builds, unchanged.',
    );
    // Nothing of Helm's wording (a template that uses a value, rendered at…) on a Kustomize finding.
    for (const md of [patch, entry, base, resource]) {
      expect(md).not.toContain('**Helm:**');
      expect(md).not.toContain('uses this value');
      expect(md).not.toContain('rendered');
    }
  });

  it('what namespace:, commonLabels and images: set is on their entries; fixes there are rebuilt and the findings go', async () => {
    const w = shop('transformers');
    const c = await start(w.folder, undefined, { profile: 'all' });
    const rel = 'overlays/system/kustomization.yaml';
    const uri = w.uri(rel);
    const disk = w.text(rel);
    c.open(uri, disk);
    const diags = await next(
      c,
      uri,
      (d) => d.some((x) => at(x) === 'image-tag-latest@9:5'),
      'the transformer findings',
    );
    // No rule reads spec.replicas: nothing is on the replicas: entry (lines 10-12).
    expect(diags.map(at).sort()).toEqual([
      'image-not-pinned@9:5',
      'image-tag-latest@9:5',
      'kube-system-workload@4:1',
      'namespace-pod-security-enforce@6:3',
    ]);
    const fixOf = async (code: string): Promise<TextEdit[]> => {
      const d = diags.filter((x) => x.code === code);
      const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: d[0]?.range,
        context: { diagnostics: d, only: ['quickfix'] },
      });
      return actions.find((a) => a.edit?.changes?.[uri])?.edit?.changes?.[uri] ?? [];
    };
    // Each fix edits the entry's value in the kustomization, keeping the rest of the file.
    const ns = apply(disk, await fixOf('kube-system-workload'));
    expect(ns).toBe(disk.replace('namespace: kube-system', 'namespace: web'));
    const label = apply(disk, await fixOf('namespace-pod-security-enforce'));
    expect(label).toBe(disk.replace('enforce: privileged', 'enforce: baseline'));
    const fixed = ns.replace('enforce: privileged', 'enforce: baseline');
    c.change(uri, 2, fixed);
    const after = await next(
      c,
      uri,
      (d) => !d.some((x) => x.code === 'kube-system-workload' || x.code === 'namespace-pod-security-enforce'),
      'rebuilt without the namespace and label findings',
    );
    expect(after.map(at).sort()).toEqual(['image-not-pinned@9:5', 'image-tag-latest@9:5']);
  });

  it('a workspace scan builds the tree: closed files get the built findings, not the raw ones', async () => {
    const w = shop();
    writeFileSync(join(w.folder, 'loose.yaml'), PRIVILEGED_POD);
    const c = await start(w.folder);
    const summary = await c.request('workspace/executeCommand', {
      command: ServerCommands.scanWorkspace,
      arguments: [],
    });
    expect(summary).toMatchObject({ cancelled: false });
    const patch = w.uri('overlays/prod/privileged.yaml');
    const diags = await next(
      c,
      patch,
      (d) => d.some((x) => at(x) === 'privileged-container@11:13'),
      'the scan-built patch finding',
    );
    expect(diags.filter((x) => x.code === 'privileged-container')).toHaveLength(1);
    expect(diags.every((x) => msg(x).includes('(in overlays/'))).toBe(true);
    // The base's last publish holds the built findings only, each once.
    const base = await next(
      c,
      w.uri('base/deployment.yaml'),
      (d) => d.some((x) => at(x) === 'memory-limits-missing@17:11'),
      'the base built findings',
    );
    expect(base.every((x) => msg(x).includes('(in overlays/'))).toBe(true);
    // A file no kustomization reads is still checked on its own.
    const loose = await next(
      c,
      w.uri('loose.yaml'),
      (d) => d.some((x) => x.code === 'privileged-container'),
      'the loose file checked on its own',
    );
    expect(loose.some((x) => msg(x).includes('(in overlays/'))).toBe(false);
  });

  it('in Restricted Mode nothing is built and the patch is checked on its own, as before', async () => {
    const w = shop();
    const c = await start(w.folder, { kubeward: { render: false } });
    const uri = w.uri('overlays/prod/privileged.yaml');
    c.open(uri, w.text('overlays/prod/privileged.yaml'));
    const diags = await next(
      c,
      uri,
      (d) => d.some((x) => at(x) === 'privileged-container@11:13'),
      'the raw finding',
    );
    expect(diags.some((x) => msg(x).includes('(in overlays/'))).toBe(false);
  });
});
