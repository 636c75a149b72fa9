// SettingsStore (settings per URI from `workspace/configuration`) and PublishedDiagnostics (what is
// published, and the status item's counts), in process.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { SettingsStore } from '../../server/src/lsp/settings';
import { state } from './support';

describe('SettingsStore', () => {
  it('asks once per URI, merges over the defaults, and asks again after clear()', async () => {
    const s = state((uri) => (uri.endsWith('a.yaml') ? { profile: 'all' } : {}));
    expect((await s.settings.for('file:///a.yaml')).profile).toBe('all');
    expect(await s.settings.for('file:///b.yaml')).toEqual(DEFAULT_SETTINGS);
    await s.settings.for('file:///a.yaml');
    expect(s.asked).toEqual(['kubeward file:///a.yaml', 'kubeward file:///b.yaml']);
    s.settings.clear();
    await s.settings.for('file:///a.yaml');
    expect(s.asked).toHaveLength(3);
  });

  it('without configuration pull, or when the client fails, gives the defaults', async () => {
    const store = new SettingsStore({ getConfiguration: () => Promise.reject(new Error('no')) });
    expect(await store.for('file:///x.yaml')).toEqual(DEFAULT_SETTINGS);
    store.pull = true;
    expect(await store.for('file:///x.yaml')).toEqual(DEFAULT_SETTINGS);
    expect(await store.filesExclude('file:///')).toEqual([]);
  });

  it('files.exclude: the globs that are on', async () => {
    const store = new SettingsStore({
      getConfiguration: (i) =>
        Promise.resolve(i.section === 'files.exclude' ? { '**/.git': true, '**/x': false } : {}),
    });
    store.pull = true;
    expect(await store.filesExclude('file:///w')).toEqual(['**/.git']);
  });
});

describe('PublishedDiagnostics', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const diag = (severity: DiagnosticSeverity) => ({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    severity,
    message: 'm',
  });

  it('counts per URI, forgets cleared URIs, and sends one debounced status for a burst', () => {
    vi.useFakeTimers();
    const s = state();
    s.published.publish('a', [diag(DiagnosticSeverity.Error), diag(DiagnosticSeverity.Warning)], 3);
    s.published.publish('b', [diag(DiagnosticSeverity.Information), diag(DiagnosticSeverity.Hint)]);
    expect(s.sent.map((p) => [p.uri, p.diagnostics.length, p.version])).toEqual([
      ['a', 2, 3],
      ['b', 2, undefined],
    ]);
    expect(s.statuses).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(s.statuses).toEqual([
      { health: 'ok', scanning: false, counts: { error: 1, warning: 1, info: 1, hint: 1 } },
    ]);
    s.published.publish('a', []);
    expect(s.published.has('a')).toBe(false);
    s.published.scanning = () => true;
    s.published.sendStatus(true);
    expect(s.statuses.at(-1)).toEqual({
      health: 'ok',
      scanning: true,
      counts: { error: 0, warning: 0, info: 1, hint: 1 },
      message: 'Scanning the workspace…',
    });
  });
});
