// engine/fix-all.ts: the rounds the editor's fix-all and `kubeward scan --fix` share.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineConfig } from '../server/src/engine/config';
import { applyEdits, type Fix } from '../server/src/engine/fix';
import { ALL_FIXES, fixAll, minimalEdit, pickNonOverlapping, SAFE_FIXES } from '../server/src/engine/fix-all';
import { Engine } from '../server/src/engine/run';
import { rules } from '../server/src/rules/index';
import { KubewardService } from '../server/src/service';

const config = engineConfig({ profile: 'all' });
const engine = new Engine(rules);
const recheck = (t: string) => engine.check(t, config).findings;

// A container with no securityContext: several safe fixes insert at the same point.
const BARE = `apiVersion: v1
kind: Pod
metadata:
  name: p # keep this comment
spec:
  containers:
    - name: 'c'
      image: c:1
`;

const fix = (start: number, end: number, newText = 'x'): Fix => ({
  title: 't',
  safety: 'safe',
  edits: [{ start, end, newText }],
});

describe('fixAll', () => {
  it('applies fixes that meet at one point in separate rounds, keeping comments and quoting', () => {
    const r = fixAll(BARE, recheck(BARE), recheck, SAFE_FIXES);
    expect(r.rounds).toBeGreaterThan(1);
    expect(r.applied).toBeGreaterThan(1);
    expect(r.text).toContain('name: p # keep this comment');
    expect(r.text).toContain("- name: 'c'");
    expect(r.text).toContain('allowPrivilegeEscalation: false');
    expect(r.findings).toEqual(recheck(r.text));
    expect(r.findings.some((f) => f.fixes.some((fx) => fx.safety === 'safe' && !fx.snippet))).toBe(false);
    expect(engine.parse(r.text).errors).toEqual([]);
  });

  it('applies unsafe fixes only when asked', () => {
    const text = readFileSync(join(__dirname, '..', 'examples', 'insecure', 'deployment.yaml'), 'utf8');
    const safe = fixAll(text, recheck(text), recheck, SAFE_FIXES);
    const all = fixAll(text, recheck(text), recheck, ALL_FIXES);
    expect(safe.text).toContain('privileged: true');
    expect(all.text).not.toContain('privileged: true');
    expect(all.applied).toBeGreaterThan(safe.applied);
  });

  it('is what the editor applies: the service builds its fix-all edit from it', () => {
    for (const name of ['deployment.yaml', 'cronjob.yaml']) {
      const text = readFileSync(join(__dirname, '..', 'examples', 'insecure', name), 'utf8');
      const svc = new KubewardService();
      const checked = svc.validate(`file:///x/${name}`, 1, text, config);
      for (const wanted of [SAFE_FIXES, ALL_FIXES]) {
        const edits = svc.fixAllEdits(checked, wanted.finding, wanted.fix);
        const r = fixAll(text, recheck(text), recheck, wanted);
        expect(applyEdits(text, edits)).toBe(r.text);
      }
    }
  });

  it('stops when nothing is left to apply', () => {
    const r = fixAll('kind: ConfigMap\n', [], recheck, ALL_FIXES);
    expect(r).toEqual({ text: 'kind: ConfigMap\n', applied: 0, rounds: 0, findings: [] });
  });
});

describe('pickNonOverlapping and minimalEdit', () => {
  it('keeps the first of overlapping fixes, and insertions at one point count as overlapping', () => {
    const a = fix(0, 2);
    const b = fix(1, 3);
    const c = fix(5, 5);
    const d = fix(5, 5, 'y');
    const e = fix(6, 7);
    expect(pickNonOverlapping([a, b, c, d, e])).toEqual([a, c, e]);
  });

  it('replaces only the differing middle', () => {
    expect(minimalEdit('abcdef', 'abXYef')).toEqual({ start: 2, end: 4, newText: 'XY' });
    expect(minimalEdit('same', 'same')).toEqual({ start: 4, end: 4, newText: '' });
    expect(minimalEdit('aa', 'aaa')).toEqual({ start: 2, end: 2, newText: 'a' });
  });
});
