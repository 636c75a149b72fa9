// Collecting directives (server/src/engine/suppress/collect.ts): which comments and annotations are
// suppressions, and what each one covers, seen through Engine.check.
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../server/src/engine/fix';
import { placeDirectives, withoutIds, type Directive } from '../../../server/src/engine/suppress/collect';
import { yaml } from '../../../server/src/engine/yaml-tag';
import { check, HOSTNET, metaOf, POD } from '../../support/suppress';

describe('comment suppressions', () => {
  it('next-line: suppresses the finding on the next line and records how and why', () => {
    const t = POD(
      `  # kubeward-disable-next-line host-network -- CNI agent\n  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
    );
    const c = check(t);
    expect(c.ids).not.toContain('host-network');
    expect(c.suppressed).toContain('host-network comment-line CNI agent');
    expect(c.meta).toEqual([]);
  });
  it('next-line: covers only the next line; stacked directives all apply', () => {
    const t = POD(
      `  # kubeward-disable-next-line host-pid -- x\n  # kubeward-disable-next-line host-network -- y\n  hostNetwork: true\n  hostPID: true\n  containers: [{name: app, image: a:1}]\n`,
    );
    const c = check(t);
    expect(c.ids).toContain('host-pid');
    expect(c.suppressed).toContain('host-network comment-line y');
    // host-pid reports on the line after, so its directive is unused.
    expect(c.meta.map(metaOf)).toEqual([
      {
        ruleId: 'unused-suppression',
        messageId: 'unused',
        data: { unknown: [], unused: ['host-pid'], how: 'comment-line' },
      },
    ]);
  });
  it('container: a directive above `- name:` covers every finding in that container only', () => {
    const t = POD(
      [
        '  containers:',
        '    # kubeward-disable-next-line privileged-container, capabilities-not-dropped -- device plugin',
        '    - name: dev',
        '      image: a:1',
        '      securityContext:',
        '        privileged: true',
        '    - name: other',
        '      image: a:1',
        '      securityContext:',
        '        privileged: true',
        '',
      ].join('\n'),
    );
    const c = check(t);
    expect(c.suppressed).toContain('privileged-container comment-container device plugin');
    expect(c.suppressed).toContain('capabilities-not-dropped comment-container device plugin');
    expect(
      c.r.findings.filter((f) => f.ruleId === 'privileged-container').map((f) => f.data.container),
    ).toEqual([expect.objectContaining({ name: 'other' })]);
    expect(c.meta).toEqual([]);
  });
  it('document: `kubeward-disable` before the first key covers the document, and only it', () => {
    const t = `# kubeward-disable host-network -- node agent\n${HOSTNET}---\n${HOSTNET}`;
    const c = check(t);
    expect(c.suppressed.filter((s) => s.startsWith('host-network comment-document'))).toHaveLength(1);
    expect(c.ids.filter((i) => i === 'host-network')).toHaveLength(1);
    const second = c.r.findings.find((f) => f.ruleId === 'host-network');
    expect(second?.start).toBeGreaterThan(t.indexOf('---'));
  });
  it('document: a comment after `---` and a comment-only stretch before `---` both count', () => {
    expect(check(`---\n# kubeward-disable host-network -- a\n${HOSTNET}`).suppressed).toContain(
      'host-network comment-document a',
    );
    expect(check(`# kubeward-disable host-network -- b\n---\n${HOSTNET}`).suppressed).toContain(
      'host-network comment-document b',
    );
  });
  it('document: anywhere but the top it has no effect and says so', () => {
    const t = HOSTNET.replace('spec:\n', 'spec:\n  # kubeward-disable host-network -- late\n');
    const c = check(t);
    expect(c.ids).toContain('host-network');
    expect(c.meta.map(metaOf)).toEqual([
      { ruleId: 'unused-suppression', messageId: 'afterFirstKey', data: {} },
    ]);
  });
  it('a `#` line inside a block scalar is text, not a directive', () => {
    const t = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  s: |\n    # kubeward-disable-next-line host-network\n    x\n---\n${HOSTNET}`;
    const c = check(t);
    expect(c.meta).toEqual([]);
    expect(c.ids).toContain('host-network');
  });
  it('CRLF text: directives work and the removal fix takes the whole line', () => {
    const t = POD(
      `  # kubeward-disable-next-line host-pid -- x\n  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
    ).replace(/\n/g, '\r\n');
    const c = check(t);
    const unused = c.meta.find((m) => m.ruleId === 'unused-suppression');
    expect(unused).toBeDefined();
    const fixed = applyEdits(t, unused?.fixes[0]?.edits ?? []);
    expect(fixed).toBe(t.replace('  # kubeward-disable-next-line host-pid -- x\r\n', ''));
    const t2 = t.replace('host-pid', 'host-network');
    expect(check(t2).suppressed).toContain('host-network comment-line x');
  });
});

describe('annotations', () => {
  it('on the object metadata', () => {
    const t = POD(
      `  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
      `  name: web\n  annotations:\n    kubeward.dev/ignore.host-network: "CNI agent"\n`,
    );
    expect(check(t).suppressed).toContain('host-network annotation CNI agent');
  });
  it('on the pod template metadata of a Deployment and a CronJob', () => {
    const dep = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: d}
      spec:
        template:
          metadata:
            annotations:
              kubeward.dev/ignore.host-network: "node exporter"
          spec:
            hostNetwork: true
            containers: [{name: app, image: a:1}]
    `;
    expect(check(dep).suppressed).toContain('host-network annotation node exporter');
    const cron = yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: c}
      spec:
        jobTemplate:
          spec:
            template:
              metadata: {annotations: {kubeward.dev/ignore.host-network: "backup agent until 2027-01-01"}}
              spec:
                hostNetwork: true
                containers: [{name: app, image: a:1}]
    `;
    expect(check(cron).suppressed).toContain('host-network annotation backup agent 2027-01-01');
  });
  it('an empty or `"true"` value suppresses but asks for a reason; turning the requirement off silences that', () => {
    for (const v of ['""', '"true"']) {
      const t = POD(
        `  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
        `  name: web\n  annotations:\n    kubeward.dev/ignore.host-network: ${v}\n`,
      );
      const c = check(t);
      expect(c.suppressed).toContain('host-network annotation -');
      expect(c.meta.map(metaOf)).toEqual([
        { ruleId: 'suppression-without-reason', messageId: 'annotation', data: { rules: ['host-network'] } },
      ]);
      const fx = c.meta[0]?.fixes[0];
      expect(fx?.snippet).toBe(true);
      expect(applyEdits(t, fx?.edits ?? [])).toContain('kubeward.dev/ignore.host-network: "${1:reason}"');
      expect(check(t, { requireSuppressionReason: false }).meta).toEqual([]);
    }
  });
});
describe('multi-document and List files', () => {
  it('keys stay unique and suppressed findings keep their own', () => {
    const t = `${HOSTNET}---\n# kubeward-disable host-network -- r\n${HOSTNET}`;
    const c = check(t);
    const keys = [...c.r.findings, ...c.r.suppressed.map((s) => s.finding)].map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(c.suppressed).toHaveLength(1);
  });
  it('an annotation on one item of a kind: List covers that item only', () => {
    const t = yaml`
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: Pod
          metadata: {name: a, annotations: {kubeward.dev/ignore.host-network: "r"}}
          spec: {hostNetwork: true, containers: [{name: app, image: a:1}]}
        - apiVersion: v1
          kind: Pod
          metadata: {name: b}
          spec: {hostNetwork: true, containers: [{name: app, image: a:1}]}
    `;
    const c = check(t);
    expect(c.suppressed).toEqual(['host-network annotation r']);
    expect(c.r.findings.filter((f) => f.ruleId === 'host-network').map((f) => f.object.name)).toEqual(['b']);
  });
});

describe('placing and editing directives', () => {
  const directive = (over: Partial<Directive>): Directive => ({
    how: 'comment-line',
    rules: ['a', 'b'],
    ruleSpans: [],
    reason: undefined,
    until: undefined,
    at: { start: 0, end: 10 },
    from: 0,
    to: 10,
    removal: { start: 0, end: 11, newText: '' },
    idList: { start: 5, end: 9 },
    addReason: undefined,
    object: undefined,
    ...over,
  });
  it('shifts chunk offsets to the text; `kubeward-disable` in a comment-only chunk covers the next', () => {
    const carried = directive({ how: 'comment-document', carry: true, from: 0, to: 12 });
    const own = directive({ from: 2, to: 5 });
    const placed = placeDirectives([
      { start: 0, end: 12, directives: [carried], complete: true },
      { start: 12, end: 40, directives: [own], complete: false },
    ]);
    expect(placed.map((d) => [d.how, d.from, d.to, d.unusedOk, d.carry])).toEqual([
      ['comment-document', 12, 40, false, false],
      ['comment-line', 14, 17, false, undefined],
    ]);
    expect(placed[1]?.removal).toEqual({ start: 12, end: 23, newText: '' });
  });
  it('is misplaced when no document follows', () => {
    const placed = placeDirectives([
      {
        start: 0,
        end: 12,
        directives: [directive({ how: 'comment-document', carry: true })],
        complete: true,
      },
    ]);
    expect(placed.map((d) => d.misplaced)).toEqual(['no-document-follows']);
  });
  it('dropping ids rewrites the id list, or removes the directive when none is left', () => {
    const d = directive({});
    expect(withoutIds(d, ['a'])).toEqual({ start: 5, end: 9, newText: 'b' });
    expect(withoutIds(d, ['a', 'b'])).toBe(d.removal);
    expect(withoutIds(directive({ rules: ['a'], removal: undefined }), ['a'])).toBeUndefined();
  });
});
