// The editor's workspace scan in process: every manifest of the folders through the pipeline, the
// closed files' diagnostics published at once, open files left to their buffers, a cancelled scan
// publishing nothing; and the fix-all edit builder.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CancellationTokenSource } from 'vscode-languageserver/node';
import { fixAllEdit } from '../../server/src/lsp/fix-all';
import { WorkspaceScan, type Progress } from '../../server/src/lsp/workspace-scan';
import { tempTree } from '../support/files';
import { PRIVILEGED_POD } from '../support/manifests';
import { state } from './support';

const root = tempTree('kubeward-wscan-', {
  'a.yaml': PRIVILEGED_POD,
  'sub/b.yaml': PRIVILEGED_POD,
  'off/c.yaml': PRIVILEGED_POD,
  'notes.txt': 'not a manifest',
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
const uri = (rel: string) => pathToFileURL(join(root, rel)).href;

function scanner(settingsOf: Parameters<typeof state>[0] = () => ({})) {
  const s = state(settingsOf);
  const reports: string[] = [];
  const scan = new WorkspaceScan({
    ...s,
    startProgress: (): Promise<Progress> =>
      Promise.resolve({ report: (m) => reports.push(m), done: () => reports.push('done') }),
  });
  scan.folders = [root];
  s.project.roots = [root];
  return { ...s, scan, reports };
}

describe('WorkspaceScan', () => {
  it('publishes every closed manifest at once; an open one keeps its buffer', async () => {
    const s = scanner();
    s.documents.open(uri('sub/b.yaml'), 'kind: ConfigMap\n');
    const summary = await s.scan.run();
    expect(summary).toEqual({
      files: 3,
      findings: expect.any(Number) as number,
      skipped: 0,
      cancelled: false,
    });
    expect(s.sent.map((p) => p.uri).sort()).toEqual([uri('a.yaml'), uri('off/c.yaml')]);
    expect(s.last(uri('a.yaml'))?.diagnostics.map((d) => d.code)).toContain('privileged-container');
    expect(s.scanned.hasRun).toBe(true);
    expect([uri('a.yaml'), uri('sub/b.yaml'), uri('off/c.yaml')].every((u) => s.scanned.has(u))).toBe(true);
    expect(s.reports.at(-1)).toBe('done');
  });

  it('a file whose settings turn Kubeward off shows nothing', async () => {
    const s = scanner(() => ({ enable: false }));
    await s.scan.run();
    expect(s.sent.every((p) => p.diagnostics.length === 0)).toBe(true);
  });

  it('a scan cancelled while it runs (the cancel button of its progress) publishes nothing', async () => {
    const s = state();
    const scan = new WorkspaceScan({
      ...s,
      // The first progress report cancels, as a user pressing Cancel while files are indexed.
      startProgress: (cancel: CancellationTokenSource): Promise<Progress> =>
        Promise.resolve({ report: () => cancel.cancel(), done: () => undefined }),
    });
    scan.folders = [root];
    const summary = await scan.run();
    expect(summary.cancelled).toBe(true);
    expect(s.sent).toEqual([]);
    expect(s.scanned.hasRun).toBe(false);
  });
});

describe('fixAllEdit', () => {
  it('safe: plain changes; all: one annotated document change that needs confirmation', () => {
    const s = state();
    const checked = s.service.validate('file:///w/pod.yaml', 4, PRIVILEGED_POD, { profile: 'all' });
    const safe = fixAllEdit(s.service, checked, 'safe');
    const all = fixAllEdit(s.service, checked, 'all');
    expect(Object.keys(safe?.edit.changes ?? {})).toEqual(['file:///w/pod.yaml']);
    expect(safe?.count).toBe(1);
    const change = all?.edit.documentChanges?.[0] as {
      textDocument: unknown;
      edits: { annotationId?: string }[];
    };
    expect(change.textDocument).toEqual({ uri: 'file:///w/pod.yaml', version: 4 });
    expect(change.edits.every((e) => e.annotationId === 'kubeward-unsafe')).toBe(true);
    expect(all?.edit.changeAnnotations?.['kubeward-unsafe']?.needsConfirmation).toBe(true);
    const clean = s.service.validate('file:///w/ok.yaml', 1, 'kind: ConfigMap\n', {});
    expect(fixAllEdit(s.service, clean, 'all')).toBeUndefined();
  });
});
