// Starts the packaged extension in a real VS Code (code-server, VS Code 1.100 for the browser)
// and drives it with headless Debian Chromium through playwright-core. Installed by
// scripts/e2e-setup.sh; nothing here downloads a browser or a VS Code build.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const run = promisify(execFile);

export const ROOT = resolve(__dirname, '../../..');
export const CODE_SERVER =
  process.env.KUBEWARD_E2E_CODE_SERVER ?? join(ROOT, '.e2e/code-server/node_modules/.bin/code-server');
export const CHROMIUM = process.env.KUBEWARD_E2E_CHROMIUM ?? '/usr/bin/chromium';
/** The package under test; KUBEWARD_E2E_VSIX names a prebuilt one (then the suite does not run `npm run package`). */
export const VSIX = process.env.KUBEWARD_E2E_VSIX ?? join(ROOT, 'kubeward.vsix');
/** A real CA bundle (Debian's) for NODE_EXTRA_CA_CERTS, or this environment's own. */
const CA_BUNDLE = process.env.NODE_EXTRA_CA_CERTS ?? '/etc/ssl/certs/ca-certificates.crt';
/** Where failure screenshots go (git-ignored). */
export const ARTIFACTS = join(ROOT, '.e2e/artifacts');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Fails with the reason and the fix when the browser or code-server is missing: a missing tool is a failure, never a skip. */
export function assertToolsInstalled(): void {
  const missing: string[] = [];
  if (!existsSync(CODE_SERVER)) missing.push(`code-server (expected at ${CODE_SERVER})`);
  if (!existsSync(CHROMIUM)) missing.push(`Chromium (expected at ${CHROMIUM})`);
  if (missing.length)
    throw new Error(`The browser suite needs ${missing.join(' and ')}. Run scripts/e2e-setup.sh first.`);
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs` with `what`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export interface Session {
  readonly workspace: string;
  readonly page: Page;
  readonly url: string;
  /** Output code-server printed (for failure messages). */
  log(): string;
  /** The extension's own output channel (Kubeward.log), for failure messages. */
  extensionLog(): Promise<string>;
  close(): Promise<void>;
}

/** Settings for a quiet, deterministic first start (no welcome page, no update or telemetry traffic). */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * A fresh profile with the .vsix installed, code-server on a free port serving `files` as the
 * workspace, and a Chromium page on the workbench. `close()` ends exactly what this started.
 */
export async function startSession(
  files: Record<string, string>,
  /** More user (machine-level) settings, such as `kubeward.helm.path`: never the workspace's. */
  userSettings: Record<string, unknown> = {},
): Promise<Session> {
  const root = await mkdtemp(join(tmpdir(), 'kubeward-e2e-'));
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  const workspace = join(root, 'workspace');
  await mkdir(join(userData, 'User'), { recursive: true });
  await mkdir(workspace, { recursive: true });
  await writeFile(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...USER_SETTINGS, ...userSettings }, null, 2),
  );
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(workspace, name, '..'), { recursive: true });
    await writeFile(join(workspace, name), text);
  }

  const profile = ['--user-data-dir', userData, '--extensions-dir', extensions];
  const installed = await run(CODE_SERVER, [...profile, '--install-extension', VSIX], { timeout: 120_000 });
  const installLog = installed.stdout + installed.stderr;
  if (!/successfully installed/i.test(installLog))
    throw new Error(`code-server did not install ${VSIX}:\n${installLog}`);

  const port = await freePort();
  let output = '';
  // detached: code-server runs in a process group of its own, so close() can end it and
  // every process it started (extension host, language server) and nothing else.
  const server: ChildProcess = spawn(
    CODE_SERVER,
    [
      ...profile,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      workspace,
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // NODE_EXTRA_CA_CERTS set as on a corporate machine: the client must not pass it to its server.
      env: { ...process.env, PASSWORD: undefined, NODE_EXTRA_CA_CERTS: CA_BUNDLE },
    },
  );
  server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let exited = false;
  server.on('exit', () => (exited = true));

  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    if (!exited && server.pid !== undefined) {
      const gone = new Promise<void>((r) => server.once('exit', () => r()));
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const killed = await Promise.race([
        gone.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 5_000)),
      ]);
      if (!killed) {
        try {
          process.kill(-server.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
        await gone;
      }
    }
    if (!process.env.KUBEWARD_E2E_KEEP) await rm(root, { recursive: true, force: true });
  };

  try {
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
    await waitFor(`code-server to listen on port ${port}\n${output}`, async () => {
      if (exited) throw new Error(`code-server exited:\n${output}`);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return res.ok;
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 960 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const extensionLog = async () => {
      const logs = join(userData, 'logs');
      const found = (await readdir(logs, { recursive: true })).filter((f) => f.endsWith('Kubeward.log'));
      const texts = await Promise.all(found.map((f) => readFile(join(logs, f), 'utf8')));
      return texts.join('\n') || '(no Kubeward.log: the extension did not activate)';
    };
    return { workspace, page, url, log: () => output, extensionLog, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Saves a full-page screenshot for a failed step, and returns where. */
export async function failureScreenshot(page: Page | undefined, name: string): Promise<string | undefined> {
  if (!page) return undefined;
  await mkdir(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file }).catch(() => undefined);
  return file;
}

/**
 * Where the README's screenshots go: docs/images when KUBEWARD_E2E_UPDATE_IMAGES=1 (to refresh them on
 * purpose), else beside the failure screenshots, so a test run never rewrites tracked files.
 */
export const IMAGES =
  process.env.KUBEWARD_E2E_UPDATE_IMAGES === '1' ? join(ROOT, 'docs/images') : join(ARTIFACTS, 'images');

/** The files of a fixture folder as a workspace: relative path (with `prefix`) → text. */
export function folderFiles(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const abs = join(e.parentPath, e.name);
    files[`${prefix}${relative(dir, abs).split('\\').join('/')}`] = readFileSync(abs, 'utf8');
  }
  return files;
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits until the editor shows `shows`. */
export async function quickOpen(page: Page, path: string, shows: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(path);
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: path.split('/').at(-1) ?? path })
    .first()
    .waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .view-lines', { hasText: shows }).waitFor({ timeout: 15_000 });
}

/**
 * Applies the quick fix whose title contains `title` at the cursor, as a keyboard user does: Ctrl+.
 * (asked again until the menu has the fix: the cursor may land before the code actions are ready),
 * the focus moved to it, Enter.
 */
export async function applyQuickFix(page: Page, title: string, timeoutMs = 45_000): Promise<void> {
  const action = page.locator('.action-widget .monaco-list-row', { hasText: title });
  await waitFor(
    `the Quick Fix menu with "${title}"`,
    async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+.');
      return action
        .first()
        .waitFor({ state: 'visible', timeout: 3_000 })
        .then(() => true)
        .catch(() => false);
    },
    timeoutMs,
  );
  await chooseAction(page, action);
}

/** Chooses an entry of the open Quick Fix menu as a keyboard user does: the focus moved to it, Enter. */
export async function chooseAction(page: Page, action: Locator): Promise<void> {
  await waitFor(
    'the fix to have the focus in the Quick Fix menu',
    async () => {
      if ((await action.first().getAttribute('class'))?.split(/\s+/).includes('focused')) return true;
      await page.keyboard.press('ArrowDown');
      return false;
    },
    10_000,
  );
  await page.keyboard.press('Enter');
}

/** Saves the active editor (Ctrl+S) and returns the file's text once it differs from `before`. */
export async function saveAndRead(page: Page, file: string, before: string): Promise<string> {
  await page.keyboard.press('Control+S');
  return waitFor(
    `${file} to change on disk`,
    async () => {
      const t = await readFile(file, 'utf8');
      return t !== before ? t : undefined;
    },
    15_000,
  );
}

/** On a failed test: a screenshot, and the ends of code-server's output and of the Kubeward channel. */
export async function reportFailure(
  session: Session | undefined,
  task: { name: string; result?: { state?: string } },
): Promise<void> {
  if (task.result?.state !== 'fail') return;
  const file = await failureScreenshot(session?.page, task.name.replace(/\W+/g, '-'));
  if (file) console.error(`screenshot of the failure: ${file}`);
  if (session) {
    console.error(`code-server output:\n${session.log().slice(-3000)}`);
    console.error(`Kubeward output channel:\n${(await session.extensionLog()).slice(-4000)}`);
  }
}
