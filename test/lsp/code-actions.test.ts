// The code actions of one place: several diagnostics on the same range (memory-limits-missing says
// "no limit" and "no request" at the container's name) offer each shared action once.
import { describe, expect, it } from 'vitest';
import { rules } from '../../server/src/rules/index';
import { KubewardService } from '../../server/src/service';
import { cfg } from '../support/suppress';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers:
    - name: a
      image: nginx:1.25
`;

describe('code actions of diagnostics that share a range', () => {
  it('lists each action once, answering every diagnostic it fixes', () => {
    const svc = new KubewardService({ rules });
    const checked = svc.validate('file:///w/a.yaml', 1, POD, cfg());
    const both = checked.diagnostics.filter((d) => d.code === 'memory-limits-missing');
    // The rule's two findings sit on the same key: the premise of this test.
    expect(both).toHaveLength(2);
    expect(both[0]?.range).toEqual(both[1]?.range);
    const actions = svc.codeActions('file:///w/a.yaml', {
      range: both[0]!.range,
      context: { diagnostics: both },
    });
    const titles = actions.map((a) => a.title);
    expect(titles.length).toBeGreaterThan(0);
    expect(new Set(titles).size).toBe(titles.length);
    const docs = actions.filter((a) => a.title === 'Show documentation for memory-limits-missing');
    expect(docs).toHaveLength(1);
    const ignore = actions.find((a) => a.title.startsWith('Ignore memory-limits-missing'));
    expect(ignore?.diagnostics).toHaveLength(2);
  });
});

/** Two containers without memory limits: memory-limits-missing has more than one fixable finding. */
const TWO = `${POD}    - name: b
      image: nginx:1.25
`;

describe('"Fix all <rule> problems in this file" for a client that resolves edits', () => {
  const fixAllOf = (svc: KubewardService, version: number) => {
    const checked = svc.validate('file:///w/two.yaml', version, TWO, cfg());
    const d = checked.diagnostics.find((x) => x.code === 'memory-limits-missing');
    const actions = svc.codeActions('file:///w/two.yaml', {
      range: d!.range,
      context: { diagnostics: [d!] },
    });
    return actions.find((a) => a.title === 'Fix all memory-limits-missing problems in this file');
  };

  it('is listed without its edit and gets the same edit when resolved', () => {
    const eager = fixAllOf(new KubewardService({ rules }), 1);
    expect(eager?.edit).toBeDefined();
    const svc = new KubewardService({ rules });
    svc.resolveEdits = true;
    const lazy = fixAllOf(svc, 1);
    expect(lazy).toBeDefined();
    expect(lazy?.edit).toBeUndefined();
    expect(lazy?.data).toEqual({
      fixAllRule: 'memory-limits-missing',
      uri: 'file:///w/two.yaml',
      version: 1,
    });
    expect(svc.resolveCodeAction(lazy!).edit).toEqual(eager?.edit);
  });

  it('an action listed for an older version resolves to no edit', () => {
    const svc = new KubewardService({ rules });
    svc.resolveEdits = true;
    const old = fixAllOf(svc, 1);
    svc.validate('file:///w/two.yaml', 2, TWO, cfg());
    expect(svc.resolveCodeAction(old!).edit).toBeUndefined();
  });
});
