// The client survives a server crash (issue 8): the packaged extension in code-server, the language
// server process killed with SIGKILL, and what the user then sees: the server restarted by
// vscode-languageclient, the finding back in the editor and checked by the new server, the restart
// in the Kubeward output channel and in the status item. Run with `npm run test:e2e`.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ROOT,
  assertToolsInstalled,
  quickOpen,
  reportFailure,
  startSession,
  waitFor,
  type Session,
} from './harness';

const run = promisify(execFile);

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: crash
  namespace: shop
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app
      image: registry.example/shop/app:1.0.0
      securityContext:
        privileged: true
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: ["ALL"]
`;

interface Proc {
  pid: number;
  ppid: number;
  args: string;
}

async function processes(): Promise<Proc[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,ppid=,args=', '-ww']);
  return stdout
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] ?? '' }));
}

/**
 * The Kubeward language server of this session: a process whose command line runs the installed
 * extension's dist/server.js (under this session's own extensions folder) and whose parent is
 * code-server's extension host.
 */
async function languageServer(session: Session): Promise<Proc | undefined> {
  const extensions = join(session.workspace, '..', 'extensions') + sep;
  const all = await processes();
  const byPid = new Map(all.map((p) => [p.pid, p]));
  return all.find(
    (p) =>
      p.args.includes(extensions) &&
      p.args.includes(`${sep}dist${sep}server.js`) &&
      (byPid.get(p.ppid)?.args.includes('extensionHost') ?? false),
  );
}

/** A process's environment variable names (Linux /proc). */
async function environmentNames(pid: number): Promise<string[]> {
  const raw = await readFile(`/proc/${pid}/environ`, 'utf8');
  return raw
    .split('\0')
    .filter(Boolean)
    .map((kv) => kv.slice(0, kv.indexOf('=')));
}

async function errorSquiggles(page: Page): Promise<number> {
  return page.locator('.editor-instance .monaco-editor .squiggly-error').count();
}

async function statusLabel(page: Page): Promise<string> {
  const item = page.locator('.statusbar-item', { hasText: 'Kubeward' }).first();
  const label = await item.getAttribute('aria-label').catch(() => null);
  return `${label ?? ''} ${await item.innerText().catch(() => '')}`;
}

describe('Kubeward survives a language server crash (code-server + Chromium)', () => {
  let session: Session | undefined;
  let page: Page;
  let first: Proc | undefined;

  beforeAll(async () => {
    assertToolsInstalled();
    if (!process.env.KUBEWARD_E2E_VSIX) await run('npm', ['run', 'package'], { cwd: ROOT, timeout: 180_000 });
    session = await startSession({ 'crash.yaml': POD });
    page = session.page;
  }, 240_000);

  afterEach((ctx) => reportFailure(session, ctx.task));

  afterAll(async () => {
    await session?.close();
  });

  it('shows the finding, checked by a language server child of the extension host', async () => {
    await quickOpen(page, 'crash.yaml', 'privileged');
    await waitFor(
      'the squiggle of privileged-container',
      async () => (await errorSquiggles(page)) === 1,
      60_000,
    );
    first = await waitFor('the language server process', () => languageServer(session!), 15_000);
    expect(first.args).toContain('dist');
  });

  it('starts the server without NODE_EXTRA_CA_CERTS, which it has no use for', async () => {
    // The session's code-server runs with the variable set (harness.ts); the extension host has it,
    // the server it starts must not (parsing the CA bundle costs about half a bare node start).
    expect(first).toBeDefined();
    expect(await environmentNames(first!.ppid)).toContain('NODE_EXTRA_CA_CERTS');
    const names = await environmentNames(first!.pid);
    expect(names).toContain('PATH');
    expect(names).not.toContain('NODE_EXTRA_CA_CERTS');
  });

  it('restarts the killed server, and the output channel and the status item say so', async () => {
    expect(first).toBeDefined();
    process.kill(first!.pid, 'SIGKILL');
    const second = await waitFor(
      'a new language server process',
      async () => {
        const p = await languageServer(session!);
        return p && p.pid !== first!.pid ? p : undefined;
      },
      60_000,
    );
    expect(second.ppid).toBe(first!.ppid); // the same extension host restarted it
    const log = await waitFor(
      'the restart in the Kubeward output channel',
      async () => {
        const text = await session!.extensionLog();
        return text.includes('stopped unexpectedly; restarting it') && text.includes('running again')
          ? text
          : undefined;
      },
      60_000,
    );
    expect(log).toMatch(/restart 1 this session/);
    console.log(
      `output channel after the kill:\n${log
        .split('\n')
        .filter((l) => /unexpectedly|running again/.test(l))
        .join('\n')}`,
    );
    const status = await waitFor(
      'the restart in the status item',
      async () => {
        const s = await statusLabel(page);
        return /crashed at .* and was restarted/.test(s) ? s : undefined;
      },
      30_000,
    );
    expect(status).toContain('Kubeward');
    console.log(`status item after the kill: ${status}`);
  });

  it('diagnostics come back, and the restarted server checks new edits', async () => {
    await waitFor('the squiggle to be back', async () => (await errorSquiggles(page)) === 1, 60_000);
    // A new finding typed after the restart can only come from the new server.
    await page.locator('.editor-instance .view-lines').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+End');
    await page.keyboard.type('  hostPID: true');
    await page.keyboard.press('Control+Shift+M');
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: 'host-pid' })
      .first()
      .waitFor({ timeout: 60_000 });
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: 'privileged-container' })
      .first()
      .waitFor({ timeout: 15_000 });
    const status = await waitFor(
      'the status item to count both findings',
      async () => {
        const s = await statusLabel(page);
        return s.includes('was restarted') && !/sync~spin|starting/.test(s) ? s : undefined;
      },
      30_000,
    );
    expect(status).toMatch(/Kubeward/);
  });
});
