// Nested workspace folders: the editor scan checks each file with the settings of the innermost
// folder that holds it, as `workspace/configuration` for that file would answer.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ServerCommands } from '../server/src/protocol';
import { LspClient, SERVER_JS } from './support/lsp-client';
import { PRIVILEGED_POD } from './support/manifests';

const POD = PRIVILEGED_POD;

describe.skipIf(!existsSync(SERVER_JS))('workspace scan with nested workspace folders', () => {
  const root = mkdtempSync(join(tmpdir(), 'kubeward-nested-'));
  let client: LspClient | undefined;
  afterAll(async () => {
    await client?.shutdown();
    rmSync(root, { recursive: true, force: true });
  });

  it("checks a file in the inner folder with the inner folder's settings", { timeout: 30_000 }, async () => {
    mkdirSync(join(root, 'inner'));
    writeFileSync(join(root, 'outer.yaml'), POD);
    writeFileSync(join(root, 'inner', 'pod.yaml'), POD);
    const outerUri = pathToFileURL(root).href;
    const innerUri = pathToFileURL(join(root, 'inner')).href;
    client = new LspClient();
    // The inner folder turns Kubeward off; the outer one leaves it on.
    client.scoped = (scope) => (scope?.startsWith(innerUri) ? { enable: false } : undefined);
    await client.initialize({ window: { workDoneProgress: false } }, [outerUri, innerUri]);
    const summary = await client.request('workspace/executeCommand', {
      command: ServerCommands.scanWorkspace,
      arguments: [],
    });
    expect(summary).toMatchObject({ cancelled: false });
    const last = (uri: string) => client?.published.filter((p) => p.uri === uri).at(-1);
    const codes = (uri: string) => (last(uri)?.diagnostics ?? []).map((d) => String(d.code));
    expect(codes(pathToFileURL(join(root, 'outer.yaml')).href)).toContain('privileged-container');
    expect(codes(pathToFileURL(join(root, 'inner', 'pod.yaml')).href)).toEqual([]);
  });
});
