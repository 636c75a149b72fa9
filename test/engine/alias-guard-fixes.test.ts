// Fixes that would edit YAML shared through an anchor or a merge key are not offered, end to end
// through the engine (server/src/engine/alias-guard.ts).
import { describe, expect, it } from 'vitest';
import { yaml } from '../../server/src/engine/yaml-tag';
import { check } from '../support/suppress';

describe('fixes near anchors and merge keys', () => {
  it('a fix inside an anchor that an alias reuses is not offered; an unshared anchor is fine', () => {
    const shared = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: one
            image: a:1
            securityContext: &sc
              privileged: true
          - name: two
            image: a:1
            securityContext: *sc
    `;
    const f = check(shared).r.findings.find((x) => x.ruleId === 'privileged-container');
    expect(f).toBeDefined();
    expect(f?.fixes).toEqual([]);
    const alone = shared.replace('securityContext: *sc', 'securityContext: {}');
    expect(
      check(alone).r.findings.find((x) => x.ruleId === 'privileged-container')?.fixes.length,
    ).toBeGreaterThan(0);
  });
  it('a fix inside a map with a `<<` merge key is not offered', () => {
    const t = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: one
            image: a:1
            securityContext:
              <<: {runAsUser: 1000}
              privileged: true
    `;
    expect(check(t).r.findings.find((x) => x.ruleId === 'privileged-container')?.fixes).toEqual([]);
  });
});
