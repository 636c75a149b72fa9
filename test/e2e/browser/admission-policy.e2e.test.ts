// The repository's own admission policy in a real VS Code (code-server + Chromium): a policy file and
// a Deployment in the workspace; the error squiggle appears on the Deployment's `replicas: 6`; the
// policy is edited in the editor to allow it, and the squiggle goes.
// Run with `npm run test:e2e` after scripts/e2e-setup.sh.
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

/** Error squiggles of the visible editor, with the text of the line each is on (runs in the page). */
const SQUIGGLE_LINES_IN_PAGE = `(() => {
  const editor = document.querySelector('.editor-instance .monaco-editor');
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

async function open(page: Page, file: string, text: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const quickOpen = page.locator('.quick-input-widget input');
  await quickOpen.waitFor({ state: 'visible', timeout: 15_000 });
  await quickOpen.fill(file);
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: file })
    .first()
    .waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .view-lines', { hasText: text }).waitFor({ timeout: 15_000 });
}

describe('an admission policy in VS Code for the browser (code-server + Chromium)', () => {
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
      if (session) console.error(`Kubeward output channel:\n${(await session.extensionLog()).slice(-3000)}`);
    }
  });

  afterAll(async () => {
    await session?.close();
  });

  it('squiggles the Deployment field the policy refuses, and the squiggle goes when the policy is edited', async () => {
    await open(page, 'policy.yaml', 'max-replicas');
    await open(page, 'deploy.yaml', 'replicas');
    const found = await waitFor(
      'the admission-policy squiggle on replicas',
      async () => {
        const lines = await squiggledLines(page);
        return lines.some((l) => l.includes('replicas: 6')) ? lines : undefined;
      },
      60_000,
    );
    expect(found.filter((l) => l.includes('replicas: 6'))).toEqual(['  replicas: 6']);

    // Edit the policy in the editor: `<= 5` becomes `<= 10`.
    await open(page, 'policy.yaml', 'max-replicas');
    await page.locator('.editor-instance .view-line', { hasText: 'replicas <= 5' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('10');
    await page
      .locator('.editor-instance .view-lines', { hasText: 'replicas <= 10' })
      .waitFor({ timeout: 15_000 });

    await open(page, 'deploy.yaml', 'replicas');
    await waitFor(
      'the squiggle on replicas to go',
      async () => !(await squiggledLines(page)).some((l) => l.includes('replicas: 6')),
      30_000,
    );
  });
});
