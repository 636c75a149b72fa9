// The workspace scan over real JSON-RPC against the built server (dist/server.js --stdio).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerCommands } from '../server/src/protocol';
import { pod } from './support/manifests';

const SERVER = resolve(__dirname, '../dist/server.js');

const POD = pod;

let root: string;
let outside: string;
let child: ChildProcess;
let conn: ProtocolConnection;
const diagnostics = new Map<string, PublishDiagnosticsParams>();
const progress: unknown[] = [];
const waiters: { check: () => boolean; resolve: () => void }[] = [];
const settings: Record<string, unknown> = { exclude: ['ignored/**'], maxFileSize: 2000 };

function until(check: () => boolean, ms = 20_000): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error('timed out waiting')), ms);
    waiters.push({
      check,
      resolve: () => {
        clearTimeout(t);
        res();
      },
    });
  });
}
function wake(): void {
  for (const w of [...waiters])
    if (w.check()) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
}
const uri = (p: string) => pathToFileURL(join(root, p)).href;
const ids = (p: string) => (diagnostics.get(uri(p))?.diagnostics ?? []).map((d) => String(d.code));

function write(p: string, text: string): void {
  mkdirSync(dirname(join(root, p)), { recursive: true });
  writeFileSync(join(root, p), text);
}

beforeAll(async () => {
  if (!existsSync(SERVER)) throw new Error('run `npm run build` first');
  root = mkdtempSync(join(tmpdir(), 'kubeward-proto-'));
  outside = mkdtempSync(join(tmpdir(), 'kubeward-outside-'));
  write('a/pod.yaml', POD(true));
  write('b/ok.yaml', POD(false));
  write('ignored/pod.yaml', POD(true));
  write('gen/pod.yaml', POD(true));
  write('.gitignore', 'gen/\n');
  write('node_modules/x/pod.yaml', POD(true));
  write('big.yaml', `${POD(true)}#${'x'.repeat(3000)}\n`);
  write('.kubeward.yaml', 'profile: baseline\nrulez: {}\n');
  write('chart/Chart.yaml', 'name: c\n');
  write('chart/templates/d.yaml', 'kind: Pod\n{{ if .x }}\nspec: [\n');
  writeFileSync(join(outside, 'secret.yaml'), POD(true));
  symlinkSync(join(outside, 'secret.yaml'), join(root, 'link.yaml'));

  child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  conn = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p);
    wake();
  });
  conn.onNotification('$/progress', (p) => {
    progress.push(p);
    wake();
  });
  conn.onNotification('kubeward/status', () => wake());
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map((i) => (i.section === 'kubeward' ? settings : i.section === 'files.exclude' ? {} : null)),
  );
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }],
    capabilities: {
      window: { workDoneProgress: true },
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
    },
  });
  await conn.sendNotification('initialized', {});
}, 30_000);

afterAll(() => {
  conn?.dispose();
  child?.kill();
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('workspace scan over stdio', () => {
  it('publishes diagnostics for every manifest, opened or not, with progress', async () => {
    const summary = await conn.sendRequest<{ files: number; cancelled: boolean }>(
      'workspace/executeCommand',
      {
        command: ServerCommands.scanWorkspace,
        arguments: [],
      },
    );
    expect(summary.cancelled).toBe(false);
    await until(() => diagnostics.has(uri('a/pod.yaml')));
    expect(ids('a/pod.yaml')).toContain('privileged-container');
    expect(ids('b/ok.yaml')).not.toContain('privileged-container');
    // The config file's mistakes are reported in the config file itself.
    expect(diagnostics.get(uri('.kubeward.yaml'))?.diagnostics[0]).toMatchObject({
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } },
      message: expect.stringContaining('unknown key "rulez"'),
    });
    // Excluded, git-ignored, node_modules, too big, Helm templates and links out of the folder: nothing.
    for (const p of [
      'ignored/pod.yaml',
      'gen/pod.yaml',
      'node_modules/x/pod.yaml',
      'big.yaml',
      'chart/templates/d.yaml',
      'link.yaml',
    ])
      expect(ids(p), p).toEqual([]);
    const kinds = progress.map((p) => (p as { value: { kind: string } }).value.kind);
    expect(kinds[0]).toBe('begin');
    expect(kinds).toContain('end');
    expect(JSON.stringify(progress)).toMatch(/Scanning \d+\/\d+ files/);
  });

  it('takes open documents from the live buffer, and closed files from disk again', async () => {
    const u = uri('a/pod.yaml');
    const before = diagnostics.get(u)?.diagnostics.length ?? 0;
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: u, languageId: 'yaml', version: 1, text: POD(false) },
    });
    await until(() => diagnostics.get(u)?.version === 1);
    expect(ids('a/pod.yaml')).not.toContain('privileged-container');
    await conn.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
    await until(
      () => diagnostics.get(u)?.version === undefined && ids('a/pod.yaml').includes('privileged-container'),
    );
    expect(diagnostics.get(u)?.diagnostics.length).toBe(before);
  });

  it('re-checks files changed, created and deleted outside the editor', async () => {
    write('b/ok.yaml', POD(true));
    write('c/new.yaml', POD(true));
    await conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uri('b/ok.yaml'), type: 2 },
        { uri: uri('c/new.yaml'), type: 1 },
      ],
    });
    await until(
      () =>
        ids('b/ok.yaml').includes('privileged-container') &&
        ids('c/new.yaml').includes('privileged-container'),
    );
    unlinkSync(join(root, 'c/new.yaml'));
    await conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri('c/new.yaml'), type: 3 }],
    });
    await until(() => ids('c/new.yaml').length === 0);
  });

  it('a cancelled scan publishes nothing new', async () => {
    write('d/late.yaml', POD(true));
    const seen = diagnostics.size;
    const p = conn.sendRequest('workspace/executeCommand', {
      command: ServerCommands.scanWorkspace,
      arguments: [],
    });
    // Cancel through the progress token as the client's Cancel button does.
    await until(() =>
      progress.some((x) => (x as { value: { kind: string } }).value.kind === 'begin' && progress.length > 0),
    );
    const token = (progress[progress.length - 1] as { token: string }).token;
    await conn.sendNotification('window/workDoneProgress/cancel', { token });
    const summary = (await p) as { cancelled: boolean };
    if (summary.cancelled) expect(diagnostics.has(uri('d/late.yaml'))).toBe(false);
    else expect(diagnostics.size).toBeGreaterThanOrEqual(seen); // finished before the cancel arrived
  });
});
