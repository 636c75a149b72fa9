// The repository's own admission policy in a real VS Code (code-server + headless Chromium): a
// policy file and a Deployment in the workspace; the error squiggle appears on the Deployment's
// `replicas: 6`; the policy is edited in the editor to allow it, and the squiggle goes.
// Files are opened through Quick Open like the other cases, asked again until the file is listed:
// on a fresh workspace the first file search can take longer than one wait.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { yaml } from '../../../server/src/engine/yaml-tag';
import {
  ROOT,
  assertToolsInstalled,
  failureScreenshot,
  startSession,
  waitFor,
  type Session,
} from './harness';

const run = promisify(execFile);

const POLICY = yaml`
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicy
  metadata:
    name: max-replicas
  spec:
    matchConstraints:
      resourceRules:
        - apiGroups: [apps]
          apiVersions: [v1]
          operations: [CREATE, UPDATE]
          resources: [deployments]
    validations:
      - expression: object.spec.replicas <= 5
        message: at most 5 replicas
  ---
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicyBinding
  metadata:
    name: max-replicas
  spec:
    policyName: max-replicas
    validationActions: [Deny]
`;

const DEPLOYMENT = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    replicas: 6
    selector:
      matchLabels: { app: web }
    template:
      metadata:
        labels: { app: web }
      spec:
        containers:
          - name: web
            image: registry.example/web:1.0
`;

/** The Problems panel row of the policy's finding. */
const ROW = 'at most 5 replicas';

/** Error squiggles of the active editor, with the text of the line each is on (runs in the page). */
const SQUIGGLE_LINES_IN_PAGE = `(() => {
  const editor = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
  if (!editor) return [];
  const overlaps = (a, b) => a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const lines = [...editor.querySelectorAll('.view-lines .view-line')];
  return [...editor.querySelectorAll('.squiggly-error')].map((sq) => {
    const r = sq.getBoundingClientRect();
    const line = lines.find((l) => overlaps(l.getBoundingClientRect(), r));
    return (line ? line.textContent : '').replace(/\\u00a0/g, ' ');
  });
})()`;

async function squiggledLines(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(SQUIGGLE_LINES_IN_PAGE);
}

/**
 * Opens a workspace file through Quick Open and waits until the active editor shows `text`. Asked
 * again (Escape, Ctrl+P, the file's row clicked) until the editor shows it: the first search of a
 * fresh workspace may not list the file within one wait, and a key press can reach another part of
 * the workbench while the picker is still opening.
 */
async function open(page: Page, file: string, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: file }).first();
  const shown = page
    .locator('.editor-group-container.active .editor-instance .view-lines', { hasText: text })
    .first();
  const ok = (p: Promise<unknown>) => p.then(() => true).catch(() => false);
  await waitFor(
    `the editor to show ${file}`,
    async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      if (!(await ok(input.waitFor({ state: 'visible', timeout: 10_000 })))) return false;
      await input.fill(file);
      if (!(await ok(row.waitFor({ timeout: 10_000 })))) return false;
      await row.click();
      return ok(shown.waitFor({ timeout: 10_000 }));
    },
    120_000,
  );
}

describe('An admission policy in VS Code for the browser', () => {
  let session: Session | undefined;
  let page: Page;

  beforeAll(async () => {
    assertToolsInstalled();
    if (!process.env.KUBEWARD_E2E_VSIX) await run('npm', ['run', 'package'], { cwd: ROOT, timeout: 180_000 });
    session = await startSession({ 'policy.yaml': POLICY, 'deploy.yaml': DEPLOYMENT });
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

  it('squiggles the Deployment field the policy refuses', async () => {
    // The policy is opened first: the server knows the open documents (no workspace scan by default).
    await open(page, 'policy.yaml', 'max-replicas');
    await open(page, 'deploy.yaml', 'replicas: 6');
    const found = await waitFor(
      'the admission-policy squiggle on `replicas: 6`',
      async () => {
        const lines = await squiggledLines(page);
        return lines.some((l) => l.includes('replicas: 6')) ? lines : undefined;
      },
      90_000,
    );
    expect(found).toEqual(['  replicas: 6']);
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: ROW });
    await row.first().waitFor({ timeout: 30_000 });
    const text = (await row.first().innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('admission-policy');
    expect(text).toContain('ValidatingAdmissionPolicy "max-replicas", binding "max-replicas"');
    expect(text).toContain('[Ln 6, Col 3]');
  });

  it('editing the policy in the editor to allow 10 replicas makes the squiggle go', async () => {
    await open(page, 'policy.yaml', 'replicas <= 5');
    await page.locator('.editor-group-container.active .view-line', { hasText: 'replicas <= 5' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('10');
    await page
      .locator('.editor-group-container.active .view-lines', { hasText: 'object.spec.replicas <= 10' })
      .waitFor({ timeout: 15_000 });
    // The Deployment is checked again: its finding leaves the Problems panel (unsaved buffer).
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: ROW })
      .first()
      .waitFor({ state: 'detached', timeout: 60_000 });
    await open(page, 'deploy.yaml', 'replicas: 6');
    await waitFor(
      'the squiggle on `replicas: 6` to stay gone',
      async () => (await squiggledLines(page)).length === 0,
      30_000,
    );
  });
});
