// Runs inside VS Code's extension host (see ../runTest.ts): activation, diagnostics, the quick fix,
// commands and settings, through the public API only. Waits on events with timeouts, never sleeps.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { FIXTURE } from '../fixture';

const EXTENSION_ID = 'kubeward.kubeward';

function waitFor<T>(
  what: string,
  check: () => T | undefined,
  subscribe: (fire: () => void) => vscode.Disposable,
  ms = 30_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const first = check();
    if (first !== undefined) {
      resolve(first);
      return;
    }
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const sub = subscribe(() => {
      const v = check();
      if (v === undefined) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(v);
    });
  });
}

const onDiagnostics = (uri: vscode.Uri) => (fire: () => void) =>
  vscode.languages.onDidChangeDiagnostics((e) => {
    if (e.uris.some((u) => u.toString() === uri.toString())) fire();
  });

const findings = (uri: vscode.Uri, rule: string) =>
  vscode.languages
    .getDiagnostics(uri)
    .filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === rule);

suite('Kubeward in the extension host', () => {
  const workspace = process.env.KUBEWARD_TEST_WORKSPACE ?? '';
  const uri = vscode.Uri.file(join(workspace, 'pod.yaml'));
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    assert.ok(workspace, 'KUBEWARD_TEST_WORKSPACE is set by runTest.ts');
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
  });

  test('activates on a YAML file', async () => {
    assert.equal(doc.languageId, 'yaml');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('reports privileged-container on exactly `privileged: true`', async () => {
    const [d] = await waitFor(
      'the privileged-container diagnostic',
      () => {
        const f = findings(uri, 'privileged-container');
        return f.length ? f : undefined;
      },
      onDiagnostics(uri),
    );
    assert.ok(d);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    const { line, character, endCharacter } = FIXTURE.range;
    assert.deepEqual(
      [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      [line, character, line, endCharacter],
    );
    assert.match(d.message, /T1611 Escape to Host/);
  });

  test('offers the quick fix, which applies and clears the finding', async () => {
    const { line, character, endCharacter } = FIXTURE.range;
    const range = new vscode.Range(line, character, line, endCharacter);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === FIXTURE.fixTitle);
    assert.ok(
      fix?.edit,
      `a "${FIXTURE.fixTitle}" action with an edit among: ${actions.map((a) => a.title).join(' | ')}`,
    );
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(doc.getText(), FIXTURE.text.replace('privileged: true', 'privileged: false'));
    await waitFor(
      'the finding to clear',
      () => (findings(uri, 'privileged-container').length === 0 ? true : undefined),
      onDiagnostics(uri),
    );
  });

  test('registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed = (ext?.packageJSON as { contributes: { commands: { command: string }[] } }).contributes
      .commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });

  test('declares every kubeward.* setting with its default', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const props = (
      ext?.packageJSON as {
        contributes: { configuration: { properties: Record<string, { default: unknown }> } };
      }
    ).contributes.configuration.properties;
    const config = vscode.workspace.getConfiguration();
    for (const [key, schema] of Object.entries(props)) {
      const inspected = config.inspect(key);
      assert.ok(inspected, `${key} is known to VS Code`);
      assert.deepEqual(inspected.defaultValue, schema.default, key);
    }
    assert.ok(config.inspect('kubeward.trace.server'));
  });
});
