// The editor's ATT&CK matrix and its exported layer count what `kubeward scan --format navigator`
// counts, for the same files: the built server scans a copy of examples/ as a workspace, its
// published diagnostics go into the client's findings store (as the language client's middleware
// puts them), and the matrix and the layer built from the store are compared with the CLI's layer.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FindingsStore, type DiagnosticLike, type Severity } from '../../client/src/findings/store';
import { groupFindings } from '../../client/src/findings/tree';
import { buildMatrix, navigatorLayer } from '../../client/src/matrix/model';
import { ServerCommands } from '../../server/src/protocol';
import { VERSION } from '../../server/src/version';
import { runCli } from '../support/cli-run';
import { LspClient, type PublishParams } from '../support/lsp-client';

const LSP_SEVERITY: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

let root: string;
let client: LspClient;
const store = new FindingsStore();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kubeward-matrix-'));
  cpSync(join(__dirname, '..', '..', 'examples'), root, { recursive: true });
  client = new LspClient({ settings: {} });
  await client.initialize({}, [pathToFileURL(root).href]);
  await client.request('workspace/executeCommand', { command: ServerCommands.scanWorkspace, arguments: [] });
  const latest = new Map<string, PublishParams>();
  for (const p of client.published) latest.set(p.uri, p);
  for (const [uri, p] of latest) {
    const diagnostics = p.diagnostics as unknown as (Omit<DiagnosticLike, 'severity'> & {
      severity: number;
    })[];
    store.set(
      uri,
      relative(root, fileURLToPath(uri)),
      diagnostics.map((d) => ({ ...d, severity: LSP_SEVERITY[d.severity] ?? 'hint' })),
    );
  }
}, 60_000);

afterAll(async () => {
  await client.shutdown();
  rmSync(root, { recursive: true, force: true });
});

describe('the matrix counts as the CLI Navigator layer does', () => {
  it('exports the same layer as `kubeward scan --format navigator`', async () => {
    const cli = await runCli(['scan', '--format', 'navigator', '.'], root);
    // The CLI's summary counts the same findings the editor published.
    expect(/^kubeward: (\d+) findings/.exec(cli.err)?.[1]).toBe(String(store.all().length));
    const layer = JSON.parse(cli.out);
    expect(layer.techniques.length).toBeGreaterThan(3);
    expect(navigatorLayer(store.all(), VERSION)).toEqual(layer);
  });

  it('gives every technique cell the layer score, T1611 included', async () => {
    const layer = JSON.parse((await runCli(['scan', '--format', 'navigator', '.'], root)).out) as {
      techniques: { techniqueID: string; score: number }[];
    };
    const matrix = buildMatrix(store.all());
    const cells = new Map<string, number>();
    for (const c of [...matrix.columns.flatMap((col) => col.cells), ...matrix.other])
      for (const x of [c, ...c.subs]) cells.set(x.id, x.count);
    const t1611 = layer.techniques.find((t) => t.techniqueID === 'T1611');
    expect(t1611?.score).toBeGreaterThan(0);
    expect(cells.get('T1611')).toBe(t1611?.score);
    for (const t of layer.techniques) {
      expect(cells.get(t.techniqueID), t.techniqueID).toBe(t.score);
      expect(matrix.findings[t.techniqueID]).toHaveLength(t.score);
    }
  });

  it('groups the same findings in the tree: by rule, as many as the Problems panel shows', () => {
    const published = store.all().length;
    expect(published).toBeGreaterThan(10);
    const byRule = groupFindings(store.all(), 'rule');
    expect(byRule.reduce((s, n) => s + n.count, 0)).toBe(published);
    const byResource = groupFindings(store.all(), 'resource');
    expect(byResource.reduce((s, n) => s + n.count, 0)).toBe(published);
  });
});
