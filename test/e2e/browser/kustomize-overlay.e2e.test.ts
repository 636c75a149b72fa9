// A Kustomize overlay as a user meets it in VS Code (code-server + headless Chromium): open the prod
// overlay's strategic-merge patch, see the squiggle that the build of overlays/prod puts on
// `privileged: true`, apply the quick fix, save: the file on disk changes and the finding goes.
// kubectl is the test's extracted binary, given through the USER settings (kubeward.kustomize.path
// is machine-scoped: a workspace's settings never choose a program).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kubectlBinary } from '../../support/tools';
import {
  ROOT,
  applyQuickFix,
  assertToolsInstalled,
  folderFiles,
  quickOpen,
  reportFailure,
  saveAndRead,
  startSession,
  waitFor,
  type Session,
} from './harness';

const run = promisify(execFile);
const SHOP = resolve(__dirname, '../../fixtures/kustomize/shop');
const PATCH = 'overlays/prod/privileged.yaml';
const ROW = 'Container "app" runs privileged';

describe('A Kustomize overlay in VS Code for the browser', () => {
  let session: Session | undefined;
  let page: Page;
  const patchPath = () => join(session!.workspace, PATCH);

  beforeAll(async () => {
    assertToolsInstalled();
    if (!process.env.KUBEWARD_E2E_VSIX) await run('npm', ['run', 'package'], { cwd: ROOT, timeout: 180_000 });
    session = await startSession(folderFiles(SHOP), { 'kubeward.kustomize.path': kubectlBinary() });
    page = session.page;
  }, 240_000);

  afterEach((ctx) => reportFailure(session, ctx.task));

  afterAll(async () => {
    await session?.close();
  });

  it('opening the patch shows the built finding on `privileged: true`; the quick fix, saved, makes it go', async () => {
    const before = await readFile(patchPath(), 'utf8');
    await quickOpen(page, PATCH, 'privileged');
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
    // The cursor lands on the finding once the row has opened it.
    await applyQuickFix(page, 'privileged: false');
    const onDisk = await saveAndRead(page, patchPath(), before);
    expect(onDisk).toBe(before.replace('privileged: true', 'privileged: false'));
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: ROW })
      .first()
      .waitFor({ state: 'detached', timeout: 30_000 });
  });
});
