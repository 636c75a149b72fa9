// A Kustomize overlay as a user meets it in VS Code (code-server + headless Chromium): open the prod
// overlay's strategic-merge patch, see the squiggle that the build of overlays/prod puts on
// `privileged: true`, apply the quick fix, save: the file on disk changes and the finding goes.
// kubectl is the test's extracted binary, given through the USER settings (kubeward.kustomize.path
// is machine-scoped: a workspace's settings never choose a program).
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kubectlBinary } from '../../support/tools';
import {
  ROOT,
  assertToolsInstalled,
  failureScreenshot,
  startSession,
  waitFor,
  type Session,
} from './harness';

const run = promisify(execFile);
const SHOP = resolve(__dirname, '../../fixtures/kustomize/shop');
const PATCH = 'overlays/prod/privileged.yaml';
const ROW = 'Container "app" runs privileged';

function shopFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of readdirSync(SHOP, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const abs = join(e.parentPath, e.name);
    files[relative(SHOP, abs).split('\\').join('/')] = readFileSync(abs, 'utf8');
  }
  return files;
}

describe('A Kustomize overlay in VS Code for the browser', () => {
  let session: Session | undefined;
  let page: Page;
  const patch = () => readFile(join(session!.workspace, PATCH), 'utf8');

  beforeAll(async () => {
    assertToolsInstalled();
    if (!process.env.KUBEWARD_E2E_VSIX) await run('npm', ['run', 'package'], { cwd: ROOT, timeout: 180_000 });
    session = await startSession(shopFiles(), { 'kubeward.kustomize.path': kubectlBinary() });
    page = session.page;
  }, 240_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      const file = await failureScreenshot(session?.page, ctx.task.name.replace(/\W+/g, '-'));
      if (file) console.error(`screenshot of the failure: ${file}`);
      if (session) console.error(`Kubeward output channel:\n${(await session.extensionLog()).slice(-4000)}`);
    }
  });

  afterAll(async () => {
    await session?.close();
  });

  it('opening the patch shows the built finding on `privileged: true`; the quick fix, saved, makes it go', async () => {
    const before = await patch();
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(PATCH);
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'privileged.yaml' })
      .first()
      .waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page
      .locator('.editor-instance .view-lines', { hasText: 'privileged' })
      .waitFor({ timeout: 15_000 });
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: ROW });
    await row.first().waitFor({ timeout: 60_000 });
    const text = (await row.first().innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('privileged-container');
    expect(text).toContain('(in overlays/prod)');
    expect(text).toContain('[Ln 11, Col 13]');
    await waitFor(
      'an error squiggle in the patch',
      () =>
        page
          .locator('.editor-instance .squiggly-error')
          .count()
          .then((n) => n > 0),
      30_000,
    );
    await row.first().dblclick();
    const action = page.locator('.action-widget .monaco-list-row', { hasText: 'privileged: false' });
    // The cursor lands on the finding once the row has opened it; the menu is asked for until it has the fix.
    await waitFor(
      'the Quick Fix menu with `privileged: false`',
      async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+.');
        return action
          .first()
          .waitFor({ state: 'visible', timeout: 3_000 })
          .then(() => true)
          .catch(() => false);
      },
      45_000,
    );
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
    await page.keyboard.press('Control+S');
    const onDisk = await waitFor(
      'the patch to change on disk',
      async () => {
        const t = await patch();
        return t !== before ? t : undefined;
      },
      15_000,
    );
    expect(onDisk).toBe(before.replace('privileged: true', 'privileged: false'));
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: ROW })
      .first()
      .waitFor({ state: 'detached', timeout: 30_000 });
  });
});
