// Real JSON-RPC against the built server (npm test builds dist/ first).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEdits } from '../server/src/engine/fix';
import { LineIndex } from '../server/src/engine/text';
import { LspClient, type PublishParams } from './support/lsp-client';

const URI = 'file:///work/deploy.yaml';
const TEXT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: web:1.0',
  '          securityContext:',
  '            privileged: true # why?',
  '',
].join('\n');

interface Diag {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code: string;
  source: string;
  message: string;
  severity: number;
  codeDescription?: { href: string };
  data: { ruleId: string; attack: string[]; pss?: { level: string; check: string }; key: string };
}

function diagsOf(p: PublishParams): Diag[] {
  return p.diagnostics as unknown as Diag[];
}

describe.skipIf(!existsSync(join(__dirname, '..', 'dist', 'server.js')))('language server over stdio', () => {
  let client: LspClient;

  beforeAll(async () => {
    client = new LspClient();
    const init = (await client.initialize()) as { capabilities: Record<string, unknown> };
    expect(init.capabilities.hoverProvider).toBe(true);
    expect(init.capabilities.codeActionProvider).toBeTruthy();
  });

  afterAll(async () => {
    await client.shutdown();
  });

  it('publishes, fixes, hovers and clears a finding', async () => {
    client.open(URI, TEXT);
    const diags = diagsOf(await client.waitForDiagnostics(URI, 1));
    const priv = diags.find((d) => d.code === 'privileged-container');
    expect(priv).toBeDefined();
    if (!priv) return;
    // Exactly `privileged: true` on line 12 (0-based 11), columns 12..28.
    expect(priv.range).toEqual({ start: { line: 11, character: 12 }, end: { line: 11, character: 28 } });
    expect(priv.source).toBe('kubeward');
    expect(priv.severity).toBe(1);
    expect(priv.message).toMatch(/Container "web" runs privileged.*T1611 Escape to Host/);
    expect(priv.codeDescription?.href).toMatch(/docs\/rules\/privileged-container\.md$/);
    expect(priv.data.attack).toContain('T1611');
    expect(priv.data.pss).toEqual({ level: 'baseline', check: 'privileged' });

    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 11, character: 15 },
    });
    expect(hover.contents.value).toContain('T1611 Escape to Host');
    expect(hover.contents.value).toContain('TA0004 Privilege Escalation');
    expect(hover.contents.value).toContain('Pod Security Standards:** baseline');

    const actions = await client.request<
      {
        title: string;
        kind: string;
        edit?: { changes: Record<string, { range: Diag['range']; newText: string }[]> };
      }[]
    >('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: priv.range,
      context: { diagnostics: [priv] },
    });
    const fix = actions.find((a) => a.title === 'Set `privileged: false`');
    expect(fix?.kind).toBe('quickfix');
    const edits = fix?.edit?.changes[URI] ?? [];
    expect(edits.length).toBe(1);
    const lines = new LineIndex(TEXT);
    const fixed = applyEdits(
      TEXT,
      edits.map((e) => ({
        start: lines.offset(e.range.start.line, e.range.start.character),
        end: lines.offset(e.range.end.line, e.range.end.character),
        newText: e.newText,
      })),
    );
    expect(fixed).toBe(TEXT.replace('privileged: true # why?', 'privileged: false # why?'));

    client.change(URI, 2, fixed);
    const after = diagsOf(await client.waitForDiagnostics(URI, 2));
    expect(after.some((d) => d.code === 'privileged-container')).toBe(false);
    expect(after.length).toBeLessThan(diags.length);
  });

  it('lists "Fix all <rule> problems in this file" without its edit to a client that resolves, and resolves it', async () => {
    const lazy = new LspClient();
    try {
      await lazy.initialize({ textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } } });
      const uri = 'file:///work/two.yaml';
      const text = [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: two}',
        'spec:',
        '  containers:',
        '    - name: a',
        '      image: nginx:1.25',
        '      securityContext: {privileged: true}',
        '    - name: b',
        '      image: nginx:1.25',
        '      securityContext: {privileged: true}',
        '',
      ].join('\n');
      lazy.open(uri, text);
      const d = diagsOf(await lazy.waitForDiagnostics(uri, 1)).find((x) => x.code === 'privileged-container');
      const actions = await lazy.request<{ title: string; edit?: unknown; data?: unknown }[]>(
        'textDocument/codeAction',
        { textDocument: { uri }, range: d!.range, context: { diagnostics: [d] } },
      );
      const fixAll = actions.find((a) => a.title === 'Fix all privileged-container problems in this file');
      expect(fixAll?.data).toEqual({ fixAllRule: 'privileged-container', uri, version: 1 });
      expect(fixAll?.edit).toBeUndefined();
      const resolved = await lazy.request<{
        edit?: { changes: Record<string, { range: Diag['range']; newText: string }[]> };
      }>('codeAction/resolve', fixAll);
      const edits = resolved.edit?.changes[uri] ?? [];
      expect(edits).toHaveLength(1);
      // Both containers' `privileged: true` become false in the one edit.
      const fixed = applyEdits(text, [
        {
          start: new LineIndex(text).offset(edits[0]!.range.start.line, edits[0]!.range.start.character),
          end: new LineIndex(text).offset(edits[0]!.range.end.line, edits[0]!.range.end.character),
          newText: edits[0]!.newText,
        },
      ]);
      expect(fixed.match(/privileged: false/g)).toHaveLength(2);
      expect(fixed).not.toContain('privileged: true');
    } finally {
      await lazy.shutdown();
    }
  });

  it('offers source.fixAll.kubeward with only safe fixes', async () => {
    const uri = 'file:///work/pod.yaml';
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: c:1\n    securityContext:\n      privileged: true\n  - name: d\n    image: d:1\n';
    client.open(uri, text);
    await client.waitForDiagnostics(uri, 1);
    const actions = await client.request<
      { title: string; kind: string; edit: { changes: Record<string, { newText: string }[]> } }[]
    >('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.kubeward'] },
    });
    expect(actions.length).toBe(1);
    const texts = actions[0]?.edit.changes[uri]?.map((e) => e.newText).join('\n') ?? '';
    // Safe: allowPrivilegeEscalation for "d" and the pod seccomp profile. Not for the privileged "c"
    // (Kubernetes rejects it there), and never the unsafe `privileged: false`.
    expect(texts).toContain('allowPrivilegeEscalation: false');
    expect(texts.match(/allowPrivilegeEscalation/g)?.length).toBe(1);
    expect(texts).toContain('type: RuntimeDefault');
    expect(texts).not.toContain('privileged: false');
  });

  it('stays silent on YAML that is not a Kubernetes object', async () => {
    const uri = 'file:///work/.github/workflows/ci.yaml';
    client.open(uri, 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    privileged: true\n');
    const published = client.waitForDiagnostics(uri, 1);
    expect(diagsOf(await published)).toEqual([]);
  });
});

describe.skipIf(!existsSync(join(__dirname, '..', 'dist', 'server.js')))(
  'open buffers above kubeward.maxFileSize',
  () => {
    it('get one informative diagnostic instead of a check', async () => {
      const client = new LspClient({ settings: { maxFileSize: 2000 } });
      try {
        await client.initialize();
        const uri = 'file:///work/big.yaml';
        const text = TEXT + `# ${'x'.repeat(3000)}\n`;
        client.open(uri, text);
        const d = diagsOf(await client.waitForDiagnostics(uri, 1));
        expect(d.length).toBe(1);
        expect(d[0]?.code).toBe('file-too-large');
        expect(d[0]?.severity).toBe(3);
        expect(d[0]?.message).toMatch(/did not check this file.*kubeward\.maxFileSize/);
      } finally {
        await client.shutdown();
      }
    });
  },
);

describe.skipIf(!existsSync(join(__dirname, '..', 'dist', 'server.js')))(
  'hover links to the client command that shows a technique',
  () => {
    async function hoverWith(initializationOptions: unknown): Promise<string> {
      const client = new LspClient();
      try {
        await client.request('initialize', {
          processId: process.pid,
          rootUri: null,
          capabilities: { workspace: { configuration: true } },
          initializationOptions,
        });
        client.notify('initialized', {});
        client.open(URI, TEXT);
        await client.waitForDiagnostics(URI, 1);
        const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
          textDocument: { uri: URI },
          position: { line: 11, character: 15 },
        });
        return hover.contents.value;
      } finally {
        await client.shutdown();
      }
    }

    it('adds a `command:` link with the technique id on each ATT&CK line when the client names its command', async () => {
      const text = await hoverWith({ kubeward: { attackCommand: 'kubeward.showAttackMatrix' } });
      const line = text.split('\n').find((l) => l.includes('T1611 Escape to Host'));
      expect(line).toBe(
        '- [TA0004 Privilege Escalation](https://attack.mitre.org/tactics/TA0004) → [T1611 Escape to Host](https://attack.mitre.org/techniques/T1611) · [Show in ATT&CK matrix](command:kubeward.showAttackMatrix?%5B%22T1611%22%5D "Show T1611 in the Kubeward ATT&CK matrix")',
      );
    });

    it('links only to attack.mitre.org for other clients, or a command id that is not one', async () => {
      for (const opts of [
        undefined,
        { kubeward: {} },
        { kubeward: { attackCommand: 'x) [evil](https://e' } },
      ]) {
        const text = await hoverWith(opts);
        expect(text).toContain('[T1611 Escape to Host](https://attack.mitre.org/techniques/T1611)');
        expect(text).not.toContain('command:');
      }
    });
  },
);

describe.skipIf(!existsSync(join(__dirname, '..', 'dist', 'server.js')))(
  "Problems panel action that shows a finding's technique in the matrix",
  () => {
    interface Action {
      title: string;
      kind: string;
      isPreferred?: boolean;
      edit?: unknown;
      command?: { command: string; arguments?: unknown[] };
    }
    async function actionsWith(initializationOptions: unknown, only?: string[]): Promise<Action[]> {
      const client = new LspClient();
      try {
        await client.request('initialize', {
          processId: null,
          rootUri: null,
          capabilities: { workspace: { configuration: true } },
          initializationOptions,
        });
        client.notify('initialized', {});
        client.open(URI, TEXT);
        const diags = diagsOf(await client.waitForDiagnostics(URI, 1));
        const priv = diags.find((d) => d.code === 'privileged-container');
        if (!priv) throw new Error('no privileged-container diagnostic');
        return await client.request<Action[]>('textDocument/codeAction', {
          textDocument: { uri: URI },
          range: priv.range,
          context: { diagnostics: [priv], ...(only ? { only } : {}) },
        });
      } finally {
        await client.shutdown();
      }
    }
    const isMatrix = (a: Action): boolean => a.title.includes('Kubeward matrix');

    it('offers "Show T1611 … in the Kubeward matrix" as a plain quick fix running the client\'s command', async () => {
      const actions = await actionsWith({ kubeward: { attackCommand: 'kubeward.showAttackMatrix' } });
      const show = actions.filter(isMatrix);
      expect(show).toEqual([
        {
          title: 'Show T1611 Escape to Host in the Kubeward matrix',
          kind: 'quickfix',
          diagnostics: [expect.objectContaining({ code: 'privileged-container' })],
          command: {
            title: 'Show T1611 Escape to Host in the Kubeward matrix',
            command: 'kubeward.showAttackMatrix',
            arguments: ['T1611'],
          },
        },
      ]);
    });

    it('is never part of source.fixAll, and other clients see no such action', async () => {
      const opts = { kubeward: { attackCommand: 'kubeward.showAttackMatrix' } };
      const fixAll = await actionsWith(opts, ['source.fixAll']);
      expect(fixAll.map((a) => a.title)).toEqual(['Fix all safe Kubeward problems']);
      for (const other of [
        undefined,
        { kubeward: {} },
        { kubeward: { attackCommand: 'x) [evil](https://e' } },
      ]) {
        const actions = await actionsWith(other);
        expect(actions.some((a) => a.title === 'Show documentation for privileged-container')).toBe(true);
        expect(actions.filter(isMatrix)).toEqual([]);
        expect(actions.some((a) => a.command?.command === 'kubeward.showAttackMatrix')).toBe(false);
      }
    });
  },
);
