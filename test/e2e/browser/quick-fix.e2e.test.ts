// The extension as a user meets it: the packaged .vsix in a real VS Code (code-server 4.100.3,
// VS Code 1.100) in headless Chromium. Open a manifest, see the squiggle on the exact key and in
// the Problems panel, hover it for the ATT&CK technique, apply the quick fix, and check the file.
// Run with `npm run test:e2e` after scripts/e2e-setup.sh.
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { privilegedContainer } from '../../../server/src/rules/privileged-container';
import {
  IMAGES,
  ROOT,
  assertToolsInstalled,
  chooseAction,
  quickOpen,
  reportFailure,
  startSession,
  waitFor,
  type Session,
} from './harness';
import { FIXTURE } from '../vscode/fixture';

const run = promisify(execFile);

// The same manifest and finding as the extension-host suite.
const POD = FIXTURE.text;
/** The finding, 1-based as the editor shows it: `privileged: true` on line 16, columns 9–25. */
const FINDING = {
  line: FIXTURE.range.line + 1,
  column: FIXTURE.range.character + 1,
  endColumn: FIXTURE.range.endCharacter + 1,
};
const FIXED = POD.replace('privileged: true', 'privileged: false');

interface Squiggle {
  /** 1-based, read off the line-number gutter. */
  line: number;
  /** 1-based columns the squiggle starts and ends at, read off the rendered characters. */
  column: number;
  endColumn: number;
  /** The rendered text of the line. */
  text: string;
  /** The squiggle's centre, in page pixels. */
  x: number;
  y: number;
}

/**
 * Runs in the page (kept as source so the project's Node-only type check needs no DOM lib): where the
 * error squiggles are, as line and columns read off the rendered editor. Each squiggle is matched to
 * the view line and line number drawn at its height, and its left/right edges to the nearest
 * character boundaries on that line.
 */
const SQUIGGLES_IN_PAGE = `(() => {
  const editor = document.querySelector('.editor-instance .monaco-editor');
  if (!editor) return [];
  const overlaps = (a, b) => a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const lines = [...editor.querySelectorAll('.view-lines .view-line')];
  const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')];
  return [...editor.querySelectorAll('.squiggly-error')].map((sq) => {
    const r = sq.getBoundingClientRect();
    const line = lines.find((l) => overlaps(l.getBoundingClientRect(), r));
    const number = numbers.find((n) => overlaps(n.getBoundingClientRect(), r));
    const xs = []; // xs[i]: x of the boundary before column i + 1
    if (line) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let last;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          xs.push(range.getBoundingClientRect().left);
        }
        if (node.length) last = node;
      }
      if (last) {
        range.setStart(last, last.length - 1);
        range.setEnd(last, last.length);
        xs.push(range.getBoundingClientRect().right);
      }
    }
    const nearest = (x) => xs.reduce((best, v, i) => (Math.abs(v - x) < Math.abs(xs[best] - x) ? i : best), 0);
    return {
      line: Number(number ? number.textContent.trim() : NaN),
      column: nearest(r.left) + 1,
      endColumn: nearest(r.right) + 1,
      text: (line ? line.textContent : '').replace(/\u00a0/g, ' '),
      x: r.left + r.width / 2,
      y: r.top + r.height / 2,
    };
  });
})()`;

async function squiggles(page: Page): Promise<Squiggle[]> {
  return page.evaluate<Squiggle[]>(SQUIGGLES_IN_PAGE);
}

describe('Kubeward in VS Code for the browser (code-server + Chromium)', () => {
  let session: Session | undefined;
  let page: Page;
  const started = Date.now();
  const timings: string[] = [];
  let mark = Date.now();
  const lap = (what: string) => {
    timings.push(`${what}: ${((Date.now() - mark) / 1000).toFixed(1)} s`);
    mark = Date.now();
  };

  beforeAll(async () => {
    assertToolsInstalled();
    if (!process.env.KUBEWARD_E2E_VSIX) {
      await run('npm', ['run', 'package'], { cwd: ROOT, timeout: 180_000 });
      lap('npm run package');
    }
    session = await startSession({ 'pod.yaml': POD, 'apps/ok.yaml': '# not Kubernetes\nname: ok\n' });
    page = session.page;
    lap('install .vsix, start code-server, load the workbench');
  }, 240_000);

  afterEach((ctx) => reportFailure(session, ctx.task));

  afterAll(async () => {
    mark = Date.now();
    await session?.close();
    lap('shutdown');
    console.log(
      `timings (total ${((Date.now() - started) / 1000).toFixed(1)} s):\n  ${timings.join('\n  ')}`,
    );
  });

  it('shows an error squiggle on exactly `privileged: true` after opening the manifest', async () => {
    await quickOpen(page, 'pod.yaml', 'privileged');
    await page
      .locator('.editor-instance .view-lines', { hasText: 'privileged' })
      .waitFor({ timeout: 15_000 });
    lap('open pod.yaml');

    const found = await waitFor(
      'the error squiggle of privileged-container',
      async () => {
        const s = await squiggles(page);
        return s.length > 0 ? s : undefined;
      },
      60_000,
    );
    lap('squiggle appears (activation + language server)');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ...FINDING, text: '        privileged: true' });
  });

  it('lists the finding in the Problems panel', async () => {
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'privileged-container' });
    await row.first().waitFor({ timeout: 15_000 });
    const text = (await row.first().innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Container "debug" runs privileged');
    expect(text).toContain('T1611 Escape to Host');
    expect(text).toContain(`[Ln ${FINDING.line}, Col ${FINDING.column}]`);
    expect(await row.count()).toBe(1);
    lap('Problems panel');
  });

  it('hovers the squiggle with the rule and its ATT&CK technique', async () => {
    await page.locator('.editor-instance .view-lines').click({ position: { x: 5, y: 5 } });
    const [sq] = await squiggles(page);
    expect(sq).toBeDefined();
    await page.mouse.move(sq!.x, sq!.y);
    // The rule's title: the problem's own hover part (its message names T1611 too) can show first.
    const hover = page.locator('.monaco-hover', { hasText: privilegedContainer.title });
    await hover.first().waitFor({ state: 'visible', timeout: 15_000 });
    const text = (await hover.first().innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('T1611');
    expect(text).toContain('Escape to Host');
    expect(text).toContain(privilegedContainer.title);
    expect(text).toContain(privilegedContainer.id);
    expect(text).toContain(privilegedContainer.docs.whyBad.split('. ')[0]!.replace(/`/g, ''));
    await mkdir(IMAGES, { recursive: true });
    await page.locator('.part.editor').screenshot({ path: join(IMAGES, 'hover.png') });
    lap('hover');
  });

  it('applies the quick fix from Ctrl+. and the file reads exactly as fixed', async () => {
    await page.mouse.move(5, 400); // off the squiggle, so the hover closes
    await page.keyboard.press('Escape');
    // put the cursor inside `privileged: true`
    await page
      .locator('.editor-instance .view-line', { hasText: 'privileged: true' })
      .click({ position: { x: 90, y: 5 } });
    await page.keyboard.press('Control+.');
    const action = page.locator('.action-widget .monaco-list-row', { hasText: 'privileged: false' });
    await action.first().waitFor({ state: 'visible', timeout: 15_000 });
    expect((await action.first().innerText()).trim()).toBe(FIXTURE.fixTitle);
    await page.locator('.part.editor').screenshot({ path: join(IMAGES, 'quickfix.png') });
    await chooseAction(page, action);
    await page
      .locator('.editor-instance .view-lines', { hasText: 'privileged: false' })
      .waitFor({ timeout: 15_000 });
    lap('quick fix');

    await page.keyboard.press('Control+S');
    const onDisk = await waitFor(
      'the saved file to change',
      async () => {
        const text = await readFile(join(session!.workspace, 'pod.yaml'), 'utf8');
        return text !== POD ? text : undefined;
      },
      15_000,
    );
    expect(onDisk).toBe(FIXED);

    await waitFor('the squiggle to go', async () => (await squiggles(page)).length === 0, 30_000);
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: 'privileged-container' })
      .first()
      .waitFor({ state: 'detached', timeout: 15_000 });
    lap('save + diagnostics cleared');
  });
});
