// A Helm chart as a user meets it in VS Code (code-server + headless Chromium): open the chart's
// templates/deployment.yaml, see the finding in values.yaml (not open) in the Problems panel, open
// it from there, apply the quick fix, save: the file on disk changes and the finding goes.
// helm is the test's extracted binary, given through the USER settings (kubeward.helm.path is
// machine-scoped: a workspace's settings never choose a program).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { helmBinary } from '../../support/tools';
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
const CHART = resolve(__dirname, '../../fixtures/charts/webapp');
/** The finding: `podSecurityContext: {}` on line 41 of values.yaml feeds the pod's securityContext. */
const ROW = 'Container "webapp" may run as root';

describe('A Helm chart in VS Code for the browser', () => {
  let session: Session | undefined;
  let page: Page;
  const valuesPath = () => join(session!.workspace, 'webapp/values.yaml');

  beforeAll(async () => {
    assertToolsInstalled();
    if (!process.env.KUBEWARD_E2E_VSIX) await run('npm', ['run', 'package'], { cwd: ROOT, timeout: 180_000 });
    session = await startSession(folderFiles(CHART, 'webapp/'), { 'kubeward.helm.path': helmBinary() });
    page = session.page;
  }, 240_000);

  afterEach((ctx) => reportFailure(session, ctx.task));

  afterAll(async () => {
    await session?.close();
  });

  it('opening templates/deployment.yaml puts the finding on values.yaml in the Problems panel', async () => {
    await quickOpen(page, 'webapp/templates/deployment.yaml', 'containers');
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: ROW });
    await row.first().waitFor({ timeout: 60_000 });
    const text = (await row.first().innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('run-as-non-root');
    expect(text).toContain('[Ln 41, Col 1]');
    // The row sits under values.yaml's header in the panel.
    const header = page.locator('.markers-panel .monaco-list-row', { hasText: 'values.yaml' });
    expect(await header.count()).toBeGreaterThan(0);
  });

  it('the quick fix in values.yaml changes the file on disk and the finding goes', async () => {
    const before = await readFile(valuesPath(), 'utf8');
    // Opening the row opens values.yaml at the finding (line 41, column 1).
    await page.locator('.markers-panel .monaco-list-row', { hasText: ROW }).first().dblclick();
    await page
      .locator('.editor-instance .view-lines', { hasText: 'podSecurityContext' })
      .waitFor({ timeout: 15_000 });
    await waitFor(
      'a warning squiggle on line 41 of values.yaml',
      () =>
        page
          .locator('.editor-instance .squiggly-warning')
          .count()
          .then((n) => n > 0),
      30_000,
    );
    await applyQuickFix(page, 'runAsNonRoot: true');
    await page
      .locator('.editor-instance .view-lines', { hasText: 'runAsNonRoot: true' })
      .waitFor({ timeout: 15_000 });
    const onDisk = await saveAndRead(page, valuesPath(), before);
    expect(onDisk).toContain('podSecurityContext:\n  runAsNonRoot: true\n');
    // Only that block changed: every other line is as it was.
    expect(onDisk.replace('podSecurityContext:\n  runAsNonRoot: true\n', 'podSecurityContext: {}\n')).toBe(
      before,
    );
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: ROW })
      .first()
      .waitFor({ state: 'detached', timeout: 30_000 });
  });
});
