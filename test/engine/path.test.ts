// engine/path.ts (a finding's field path) and present/fingerprint.ts (what baselines and SARIF's
// partialFingerprints carry): both survive edits elsewhere in the file.
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { engineConfig } from '../../server/src/engine/config';
import { findingPath, pathAt } from '../../server/src/engine/path';
import { Engine } from '../../server/src/engine/run';
import { findingFingerprint, fingerprint } from '../../server/src/present/fingerprint';
import { rules } from '../../server/src/rules/index';

const at = (text: string, needle: string): string => {
  const doc = parseDocument(text);
  return findingPath(doc.contents, text.indexOf(needle));
};

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    container.apparmor.security.beta.kubernetes.io/web: unconfined
spec:
  template:
    spec:
      containers:
        - name: sidecar
          image: s:1
        - name: web
          securityContext: { privileged: true, capabilities: { add: [SYS_ADMIN] } }
        - image: nameless:1
          ports:
            - containerPort: 22
`;

describe('pathAt', () => {
  it.each([
    ['kind: Deployment', 'kind'],
    ['name: web', 'metadata.name'],
    ['container.apparmor', 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/web"]'],
    ['unconfined', 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/web"]'],
    ['image: s:1', 'spec.template.spec.containers[name="sidecar"].image'],
    ['privileged: true', 'spec.template.spec.containers[name="web"].securityContext.privileged'],
    ['true', 'spec.template.spec.containers[name="web"].securityContext.privileged'],
    ['SYS_ADMIN', 'spec.template.spec.containers[name="web"].securityContext.capabilities.add[0]'],
    ['containerPort', 'spec.template.spec.containers[2].ports[0].containerPort'],
    ['securityContext:', 'spec.template.spec.containers[name="web"].securityContext'],
  ])('%s → %s', (needle, path) => {
    expect(at(DEPLOYMENT, needle)).toBe(path);
  });

  it('is empty outside the object', () => {
    expect(pathAt(parseDocument('a: 1\n').contents, 100)).toEqual([]);
  });
});

describe('finding fingerprints', () => {
  const engine = new Engine(rules);
  const prints = (text: string, file = 'deploy/web.yaml'): string[] =>
    engine
      .check(text, engineConfig({ profile: 'all' }))
      .findings.map((f) => `${f.ruleId} ${findingFingerprint(file, f)}`)
      .sort();

  it('survive lines added above and a container added before (containers have names)', () => {
    const named = DEPLOYMENT.slice(0, DEPLOYMENT.indexOf('        - image: nameless'));
    const before = prints(named);
    expect(before.length).toBeGreaterThan(3);
    const edited = named
      .replace('metadata:\n', '# owned by team shop\n\nmetadata:\n')
      .replace(
        '        - name: sidecar',
        '        - name: init-ish\n          image: i:1\n        - name: sidecar',
      );
    const after = prints(edited);
    for (const p of before) expect(after).toContain(p);
  });

  it('change with the file, the object or the rule', () => {
    expect(prints(DEPLOYMENT, 'a.yaml')).not.toEqual(prints(DEPLOYMENT, 'b.yaml'));
    expect(prints(DEPLOYMENT)).not.toEqual(prints(DEPLOYMENT.replace('name: web\n', 'name: api\n')));
    const fields = { ruleId: 'r', file: 'f', kind: 'Pod', namespace: '', name: 'p', path: 'spec' };
    expect(fingerprint(fields)).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprint({ ...fields, ruleId: 's' })).not.toBe(fingerprint(fields));
    expect(fingerprint({ ...fields, namespace: 'x' })).not.toBe(fingerprint(fields));
    expect(fingerprint({ ...fields, path: 'spec.x' })).not.toBe(fingerprint(fields));
  });
});
