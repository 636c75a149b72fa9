// The matrix webview's message protocol (client/src/matrix/messages.ts): every message kind in each
// direction is accepted when well formed and dropped when not, and the extension's controller answers
// each webview message and holds its own until the webview is ready.
import { describe, expect, it } from 'vitest';
import {
  MatrixController,
  parseFromWebview,
  parseToWebview,
  type MatrixModel,
  type ToWebview,
} from '../../client/src/matrix/messages';

const MODEL: MatrixModel = {
  attackVersion: '18.1',
  columns: [
    {
      id: 'TA0004',
      name: 'Privilege Escalation',
      cells: [{ id: 'T1611', name: 'Escape to Host', count: 1, severity: 'error', subs: [] }],
    },
  ],
  other: [],
  findings: {
    T1611: [
      {
        id: 'f1',
        ruleId: 'privileged-container',
        severity: 'error',
        resource: 'Pod/debug',
        file: 'pod.yaml',
        line: 16,
        message: 'Container "debug" runs privileged.',
      },
    ],
  },
  maxCount: 1,
  total: 1,
  mapped: 1,
};

function harness() {
  const posted: ToWebview[] = [];
  const opened: string[] = [];
  let exports = 0;
  const c = new MatrixController({
    post: (m) => posted.push(m),
    open: (id) => opened.push(id),
    exportLayer: () => exports++,
  });
  return { c, posted, opened, exports: () => exports };
}

describe('webview → extension messages', () => {
  it('ready', () => {
    expect(parseFromWebview({ type: 'ready' })).toEqual({ type: 'ready' });
  });
  it('open, with a finding id', () => {
    expect(parseFromWebview({ type: 'open', finding: 'f7' })).toEqual({ type: 'open', finding: 'f7' });
    expect(parseFromWebview({ type: 'open' })).toBeUndefined();
    expect(parseFromWebview({ type: 'open', finding: 7 })).toBeUndefined();
    expect(parseFromWebview({ type: 'open', finding: '' })).toBeUndefined();
  });
  it('export', () => {
    expect(parseFromWebview({ type: 'export' })).toEqual({ type: 'export' });
  });
  it('drops anything else', () => {
    for (const bad of [
      null,
      undefined,
      'ready',
      42,
      [],
      {},
      { type: 'model' },
      { type: 'openFile', uri: 'x' },
    ])
      expect(parseFromWebview(bad)).toBeUndefined();
  });
  it('keeps only the declared fields (nothing else reaches the extension)', () => {
    expect(parseFromWebview({ type: 'open', finding: 'f1', uri: 'file:///etc/passwd' })).toEqual({
      type: 'open',
      finding: 'f1',
    });
  });
});

describe('extension → webview messages', () => {
  it('model', () => {
    expect(parseToWebview({ type: 'model', model: MODEL })).toEqual({ type: 'model', model: MODEL });
    expect(parseToWebview({ type: 'model' })).toBeUndefined();
    expect(parseToWebview({ type: 'model', model: { columns: [] } })).toBeUndefined();
  });
  it('select, with a technique id', () => {
    expect(parseToWebview({ type: 'select', technique: 'T1611' })).toEqual({
      type: 'select',
      technique: 'T1611',
    });
    expect(parseToWebview({ type: 'select', technique: null })).toBeUndefined();
  });
  it('drops anything else', () => {
    for (const bad of [null, 'model', { type: 'ready' }, { type: 'export' }])
      expect(parseToWebview(bad)).toBeUndefined();
  });
});

describe('MatrixController', () => {
  it('holds the model and a selection until the webview is ready, then sends both in order', () => {
    const h = harness();
    h.c.update(MODEL);
    h.c.select('T1611');
    expect(h.posted).toEqual([]);
    expect(h.c.receive({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(h.posted).toEqual([
      { type: 'model', model: MODEL },
      { type: 'select', technique: 'T1611' },
    ]);
  });

  it('sends later models and selections at once, and every message it sends parses on the other side', () => {
    const h = harness();
    h.c.receive({ type: 'ready' });
    h.c.update(MODEL);
    h.c.select('T1610');
    expect(h.posted).toEqual([
      { type: 'model', model: MODEL },
      { type: 'select', technique: 'T1610' },
    ]);
    for (const m of h.posted) expect(parseToWebview(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });

  it('opens the finding the webview names', () => {
    const h = harness();
    h.c.receive({ type: 'open', finding: 'f1' });
    expect(h.opened).toEqual(['f1']);
  });

  it('exports on request', () => {
    const h = harness();
    h.c.receive({ type: 'export' });
    expect(h.exports()).toBe(1);
  });

  it('ignores malformed messages', () => {
    const h = harness();
    expect(h.c.receive({ type: 'open', finding: 3 })).toBeUndefined();
    expect(h.c.receive('export')).toBeUndefined();
    expect(h.opened).toEqual([]);
    expect(h.exports()).toBe(0);
  });

  it('after the webview reloads, waits for it to be ready again and sends the model again', () => {
    const h = harness();
    h.c.receive({ type: 'ready' });
    h.c.update(MODEL);
    h.c.reset();
    h.c.update(MODEL);
    h.c.select('T1611');
    expect(h.posted).toHaveLength(1);
    h.c.receive({ type: 'ready' });
    expect(h.posted.slice(1)).toEqual([
      { type: 'model', model: MODEL },
      { type: 'select', technique: 'T1611' },
    ]);
  });
});
