// The rules that read a misspelled field report once, pointing at the misspelling, with no fix that
// would add a second key; unknown-field carries the rename, and after it both are gone.
import { describe, expect, it } from 'vitest';
import { rules } from '../rules';
import { engineConfig } from './config';
import { applyEdits } from './fix';
import { ALL_FIXES, fixAll, SAFE_FIXES } from './fix-all';
import { Engine, type Finding } from './run';
import { yaml } from './yaml-tag';

const engine = new Engine(rules, { cache: false });
const config = engineConfig({ profile: 'all' });

function check(text: string): Finding[] {
  return engine.check(text, config).findings;
}

function at(text: string, f: Finding): string {
  return text.slice(f.start, f.end);
}

/** Applies unknown-field's renames only. */
function renameAll(text: string): string {
  const edits = check(text)
    .filter((f) => f.ruleId === 'unknown-field')
    .flatMap((f) => f.fixes[0]?.edits ?? []);
  return applyEdits(text, edits);
}

const POD = yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: a}
  spec:
    securityContext:
      runAsNonroot: true
    containers:
      - name: app
        image: nginx:1.27
        securityContext:
          allowPrivilegeEscalaton: false
          readOnlyRootFileSystem: true
`;

describe('rules that read a misspelled field', () => {
  it('point at the misspelling, say so, and offer no fix; unknown-field offers the rename', () => {
    const findings = check(POD);
    const on = (key: string) => findings.filter((f) => at(POD, f).startsWith(key));
    const cases: [string, string, string][] = [
      ['runAsNonroot', 'run-as-non-root', 'runAsNonRoot'],
      ['allowPrivilegeEscalaton', 'privilege-escalation-allowed', 'allowPrivilegeEscalation'],
      ['readOnlyRootFileSystem', 'writable-root-filesystem', 'readOnlyRootFilesystem'],
    ];
    for (const [written, ruleId, intended] of cases) {
      const here = on(written);
      expect(here.map((f) => f.ruleId).sort()).toEqual([ruleId, 'unknown-field'].sort());
      const reader = here.find((f) => f.ruleId === ruleId);
      expect(reader?.misspelled).toEqual({ written, intended });
      expect(reader?.message).toContain(`It is written \`${written}\` here`);
      expect(reader?.fixes).toEqual([]);
      const uf = here.find((f) => f.ruleId === 'unknown-field');
      expect(uf?.fixes.map((x) => [x.title, x.safety])).toEqual([[`Rename to \`${intended}\``, 'safe']]);
    }
  });

  it('do not name unknown-field when the settings turn it off', () => {
    const off = engine.check(
      POD,
      engineConfig({ profile: 'all', rules: { 'unknown-field': 'off' } }),
    ).findings;
    const reader = off.find((f) => f.ruleId === 'run-as-non-root' && at(POD, f).startsWith('runAsNonroot'));
    expect(reader?.message).toMatch(
      /It is written `runAsNonroot` here, a misspelling Kubernetes drops: rename it to `runAsNonRoot`\.$/,
    );
    expect(off.some((f) => f.ruleId === 'unknown-field')).toBe(false);
    const on = check(POD).find(
      (f) => f.ruleId === 'run-as-non-root' && at(POD, f).startsWith('runAsNonroot'),
    );
    expect(on?.message).toMatch(/rename it to `runAsNonRoot` \(unknown-field\)\.$/);
  });

  it('are gone together with unknown-field once the keys are renamed', () => {
    const fixed = renameAll(POD);
    expect(fixed).toBe(
      POD.replace('runAsNonroot', 'runAsNonRoot')
        .replace('allowPrivilegeEscalaton', 'allowPrivilegeEscalation')
        .replace('readOnlyRootFileSystem', 'readOnlyRootFilesystem'),
    );
    const ids = check(fixed).map((f) => f.ruleId);
    for (const id of [
      'unknown-field',
      'run-as-non-root',
      'privilege-escalation-allowed',
      'writable-root-filesystem',
    ])
      expect(ids).not.toContain(id);
  });

  it('work for a misspelled block too: every rule missing a field under it points at the key', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            image: nginx:1.27
            securityContex:
              allowPrivilegeEscalation: false
    `;
    const findings = check(text).filter((f) => at(text, f) === 'securityContex');
    const readers = findings.filter((f) => f.ruleId !== 'unknown-field');
    expect(readers.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining([
        'privilege-escalation-allowed',
        'capabilities-not-dropped',
        'writable-root-filesystem',
      ]),
    );
    for (const f of readers) {
      expect(f.misspelled).toEqual({ written: 'securityContex', intended: 'securityContext' });
      expect(f.fixes).toEqual([]);
    }
    const ids = check(renameAll(text)).map((f) => f.ruleId);
    expect(ids).not.toContain('privilege-escalation-allowed');
    expect(ids).not.toContain('unknown-field');
  });

  it('keep their own fix when nothing is misspelled', () => {
    const text = POD.replace('runAsNonroot', 'fsGroup').replace('true\n', '2000\n');
    const r = check(text).find((f) => f.ruleId === 'run-as-non-root');
    expect(r?.misspelled).toBeUndefined();
    expect(r?.fixes.length).toBe(1);
  });
});

/** Applies unknown-field's moves (unsafe fixes) in the fix-all rounds `kubeward scan --fix-unsafe` runs. */
function moveAll(text: string, wanted = ALL_FIXES): string {
  return fixAll(text, check(text), check, {
    finding: (f) => f.ruleId === 'unknown-field',
    fix: wanted.fix,
  }).text;
}

const MISPLACED = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web}
  spec:
    securityContext: {runAsNonRoot: true}
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec:
        containers:
          - name: app
            image: nginx:1.27
`;

describe('rules that read a misplaced field', () => {
  it('point at the misplaced block, say where it belongs, and offer no fix; unknown-field offers the move', () => {
    const findings = check(MISPLACED).filter((f) => at(MISPLACED, f).startsWith('securityContext:'));
    const reader = findings.find((f) => f.ruleId === 'run-as-non-root');
    expect(reader?.messageId).toBe('mayRunAsRoot');
    expect(reader?.misspelled).toEqual({
      written: 'securityContext',
      intended: 'securityContext',
      misplaced: { at: 'spec', belongs: 'spec.template.spec' },
    });
    expect(reader?.message).toBe(
      'Container "app" may run as root: set `securityContext.runAsNonRoot: true` on the pod. It is written under `spec` here, where Kubernetes drops it: move it to `spec.template.spec` (unknown-field).',
    );
    expect(reader?.fixes).toEqual([]);
    const uf = findings.find((f) => f.ruleId === 'unknown-field');
    expect(uf?.messageId).toBe('misplaced');
    expect(uf?.fixes.map((x) => [x.title, x.safety])).toEqual([['Move to `spec.template.spec`', 'unsafe']]);
  });

  it('are gone together with unknown-field once the block is moved; fix-all of safe fixes leaves it', () => {
    expect(moveAll(MISPLACED, SAFE_FIXES)).toBe(MISPLACED);
    const moved = moveAll(MISPLACED);
    expect(moved).toBe(yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
              - name: app
                image: nginx:1.27
            securityContext: {runAsNonRoot: true}
    `);
    const ids = check(moved).map((f) => f.ruleId);
    expect(ids).not.toContain('unknown-field');
    expect(ids).not.toContain('run-as-non-root');
  });

  it('work for a field one level too high inside the pod spec (created securityContext)', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        runAsNonRoot: true
        containers:
          - name: app
            image: nginx:1.27
    `;
    const reader = check(text).find((f) => f.ruleId === 'run-as-non-root');
    expect(reader && at(text, reader)).toBe('runAsNonRoot: true');
    expect(reader?.misspelled?.misplaced).toEqual({ at: 'spec', belongs: 'spec.securityContext' });
    expect(reader?.fixes).toEqual([]);
    const ids = check(moveAll(text)).map((f) => f.ruleId);
    expect(ids).not.toContain('unknown-field');
    expect(ids).not.toContain('run-as-non-root');
  });

  it('keep their own fix when the move is not offered (the pod template has its own securityContext)', () => {
    const text = MISPLACED.replace(
      '    spec:\n      containers',
      '    spec:\n      securityContext: {runAsUser: 10001}\n      containers',
    );
    expect(text).not.toBe(MISPLACED);
    const r = check(text).find((f) => f.ruleId === 'run-as-non-root');
    expect(r?.misspelled).toBeUndefined();
    expect(r?.fixes.map((x) => x.title)).toEqual(['Add `runAsNonRoot: true` to the pod']);
    const uf = check(text).find((f) => f.ruleId === 'unknown-field');
    expect(uf?.fixes).toEqual([]);
  });
});

describe('a move that creates a map and another rule adding to the same map', () => {
  it('apply a round apart, so the map is created once', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            image: nginx:1.27
        runAsNonRoot: true
    `;
    const wanted = new Set(['unknown-field', 'seccomp-profile-missing']);
    const fixed = fixAll(text, check(text), check, {
      finding: (f) => wanted.has(f.ruleId),
      fix: ALL_FIXES.fix,
    });
    expect(fixed.rounds).toBe(2);
    expect(fixed.text).toBe(yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            image: nginx:1.27
        securityContext:
          seccompProfile:
            type: RuntimeDefault
          runAsNonRoot: true
    `);
  });
});
