// The rules that read a misspelled field report once, pointing at the misspelling, with no fix that
// would add a second key; unknown-field carries the rename, and after it both are gone.
import { describe, expect, it } from 'vitest';
import { rules } from '../rules';
import { engineConfig } from './config';
import { applyEdits } from './fix';
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
