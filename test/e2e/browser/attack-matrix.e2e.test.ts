// The ATT&CK matrix and the findings view as a user meets them (issue 19): the packaged extension
// in code-server + headless Chromium over a workspace of the repository's examples. Scan the
// workspace, open the matrix: the T1611 cell shows what the CLI's Navigator layer scores for the same
// files; click the cell and a finding, and the editor is on its line; fix it by typing, and the count
// drops without a reload. The Explorer's Kubeward view shows the same findings. Screenshots of the
// matrix in the light and dark themes go to docs/images/ with KUBEWARD_E2E_UPDATE_IMAGES=1. Run with `npm run test:e2e`.
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli-run';
import {
  IMAGES,
  ROOT,
  assertToolsInstalled,
  reportFailure,
  startSession,
  waitFor,
  type Session,
} from './harness';

const run = promisify(execFile);

/** examples/ as the workspace's files. */
async function exampleFiles(): Promise<Record<string, string>> {
  const dir = join(ROOT, 'examples');
  const names = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
  const out: Record<string, string> = {};
  for (const f of names) out[relative(dir, f)] = await readFile(f, 'utf8');
  return out;
}

/** The CLI's Navigator layer over the workspace: score per technique. */
async function cliScores(workspace: string): Promise<Map<string, number>> {
  const r = await runCli(['scan', '--format', 'navigator', '.'], workspace);
  const layer = JSON.parse(r.out) as { techniques: { techniqueID: string; score: number }[] };
  return new Map(layer.techniques.map((t) => [t.techniqueID, t.score]));
}

/** Runs a command from the palette; `picker`: the command opens a quick pick of its own. */
async function runCommand(page: Page, title: string, picker = false): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  await widget.waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);
  // F1 reaches the workbench also from inside a webview (which forwards key bindings), a moment later.
  await waitFor(
    'the command palette',
    async () => {
      if (await input.isVisible()) return true;
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
      return false;
    },
    20_000,
  );
  await input.fill(`>${title}`);
  await widget.locator('.monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  if (!picker) await widget.waitFor({ state: 'hidden', timeout: 15_000 });
}

/** The matrix webview's document (VS Code nests it in two iframes). */
function matrix(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** A technique's count, the same in every tactic column it appears in (0 when it shows none). */
async function cellCount(m: FrameLocator, technique: string): Promise<number> {
  const cells = m.locator(`.cell[data-technique="${technique}"]`);
  const counts = await Promise.all(
    (await cells.all()).map(async (c) => {
      const n = c.locator('.count');
      return (await n.count()) === 0 ? 0 : Number(await n.innerText());
    }),
  );
  expect(new Set(counts).size, `${technique}: ${counts.join(', ')}`).toBeLessThanOrEqual(1);
  return counts[0] ?? 0;
}

/** Sets the colour theme through the workspace's settings (VS Code applies it as the file changes). */
async function setTheme(workspace: string, theme: string): Promise<void> {
  await mkdir(join(workspace, '.vscode'), { recursive: true });
  await writeFile(
    join(workspace, '.vscode', 'settings.json'),
    `${JSON.stringify({ 'workbench.colorTheme': theme }, null, 2)}\n`,
  );
}

describe('the ATT&CK matrix and the Kubeward view in VS Code for the browser', () => {
  let session: Session | undefined;
  let page: Page;
  let scores: Map<string, number>;

  beforeAll(async () => {
    assertToolsInstalled();
    if (!process.env.KUBEWARD_E2E_VSIX) await run('npm', ['run', 'package'], { cwd: ROOT, timeout: 180_000 });
    session = await startSession(await exampleFiles());
    page = session.page;
    scores = await cliScores(session.workspace);
  }, 240_000);

  afterEach((ctx) => reportFailure(session, ctx.task));

  afterAll(async () => {
    await session?.close();
  });

  it('scans the workspace and shows in the T1611 cell the score of the CLI layer for the same files', async () => {
    const expected = scores.get('T1611');
    expect(expected).toBeGreaterThan(0);
    // The extension activates on a workspace holding YAML; its status item says when the server runs.
    await page.locator('.statusbar-item', { hasText: 'Kubeward' }).first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'Kubeward: Scan Workspace');
    await runCommand(page, 'Kubeward: Show ATT&CK Matrix');
    const m = matrix(page);
    await m.locator('.cell[data-technique="T1611"]').waitFor({ timeout: 30_000 });
    await waitFor(
      `the T1611 cell to show ${expected}`,
      async () => (await cellCount(m, 'T1611')) === expected,
      60_000,
    );
    // Every technique of the layer, not only T1611.
    for (const [id, score] of scores) {
      const cell = m.locator(`.cell[data-technique="${id}"]`);
      if ((await cell.count()) > 0) expect(await cellCount(m, id), id).toBe(score);
    }
  });

  it('lists a cell’s findings on click, and a finding opens the editor at its line', async () => {
    const m = matrix(page);
    await m.locator('.cell[data-technique="T1611"]').click();
    const rows = m.locator('.findings .finding');
    await waitFor('the findings of T1611', async () => (await rows.count()) === scores.get('T1611'));
    const row = m.locator('.findings .finding', {
      has: m.locator('.rule', { hasText: /^privileged-container$/ }),
    });
    const where = await row.first().locator('.where').innerText();
    const [file, line] = where.split(':');
    await row.first().click();
    const tab = page.locator('.tab.active', { hasText: file!.split('/').pop()! });
    await tab.first().waitFor({ timeout: 15_000 });
    const selection = page.locator('#status\\.editor\\.selection');
    await waitFor(
      `the cursor on line ${line}`,
      async () => (await selection.innerText()).includes(`Ln ${line},`),
      15_000,
    );
    // The finding's range is selected: `privileged: true`.
    expect(await selection.innerText()).toMatch(/\(16 selected\)/);
  });

  it('drops the count as soon as a finding is fixed in the editor', async () => {
    const m = matrix(page);
    const before = await cellCount(m, 'T1611');
    // The selection is the finding's range, `privileged: true`: typing replaces it.
    await page.keyboard.type('privileged: false');
    await waitFor('the T1611 count to drop', async () => (await cellCount(m, 'T1611')) < before, 30_000);
    expect(await cellCount(m, 'T1611')).toBe(before - 1);
  });

  it('shows the same findings in the Explorer’s Kubeward view', async () => {
    await page.keyboard.press('Control+Shift+E');
    const header = page.locator('.pane-header', { hasText: /^Kubeward/ }).first();
    await header.waitFor({ timeout: 15_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const pane = page.locator('.pane', { has: header });
    const cli = await runCli(['scan', '--format', 'json', '.'], session!.workspace);
    const findings = (JSON.parse(cli.out) as { findings: unknown[] }).findings.length;
    // One finding is fixed in the editor (unsaved): the view counts what the editor shows, as the Problems panel does.
    await waitFor(
      'the view to count the findings',
      async () =>
        (await pane.locator('.pane-header').first().innerText()).includes(
          `by resource · ${findings - 1} findings`,
        ),
      15_000,
    );
    // Top level: the Namespaces, each with its count.
    await pane.locator('.monaco-list-row').first().waitFor({ timeout: 15_000 });
    const rows = (await pane.locator('.monaco-list-row').allInnerTexts()).map((r) =>
      r.replace(/\s+/g, ' ').trim(),
    );
    const total = rows.map((r) => Number(/(\d+)$/.exec(r)?.[1] ?? NaN)).reduce((a, b) => a + b, 0);
    expect(total).toBe(findings - 1);
    await page.locator('.pane', { has: header }).screenshot({ path: join(IMAGES, 'findings-view.png') });
  });

  it('follows the light and the dark theme (screenshots for the README)', async () => {
    await mkdir(IMAGES, { recursive: true });
    await runCommand(page, 'Kubeward: Show ATT&CK Matrix');
    await runCommand(page, 'View: Close Primary Side Bar');
    await runCommand(page, 'Kubeward: Show ATT&CK Matrix');
    await runCommand(page, 'Maximize Editor Group');
    const m = matrix(page);
    await m.locator('.cell[data-technique="T1611"]').click();
    for (const [theme, file] of [
      ['Default Light Modern', 'attack-matrix-light.png'],
      ['Default Dark Modern', 'attack-matrix-dark.png'],
    ] as const) {
      await setTheme(session!.workspace, theme);
      const kind = theme.includes('Light') ? 'vscode-light' : 'vscode-dark';
      await waitFor(`the webview to take the ${theme} theme`, async () =>
        ((await m.locator('body').getAttribute('class')) ?? '').includes(kind),
      );
      await page.locator('iframe.webview.ready').screenshot({ path: join(IMAGES, file) });
    }
  });
});
