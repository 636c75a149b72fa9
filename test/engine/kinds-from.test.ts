// Rules whose kinds the workspace decides (`kindsFrom`, engine/run.ts): the `admission-policy` rule
// makes the engine parse a kind no rule lists only while a policy may select it, so a workspace
// without policies does not parse megabytes of CRDs for it.
import { describe, expect, it } from 'vitest';
import { engineConfig } from '../../server/src/engine/config';
import { Engine } from '../../server/src/engine/run';
import { yaml } from '../../server/src/engine/yaml-tag';
import { rules } from '../../server/src/rules/index';
import { indexed } from '../indexed';

const CRD = yaml`
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata: { name: gizmos.example.com }
  spec:
    group: example.com
    names: { kind: Widget, plural: gizmos }
    scope: Namespaced
    versions: [{ name: v1, served: true, storage: true }]
`;

const policyFor = (resource: string) => yaml`
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicy
  metadata: { name: only-reviewed }
  spec:
    matchConstraints:
      resourceRules:
        - { apiGroups: ['*'], apiVersions: ['*'], operations: [CREATE], resources: [${resource}] }
    validations:
      - { expression: "has(object.metadata.labels) && 'reviewed' in object.metadata.labels", message: not reviewed }
  ---
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicyBinding
  metadata: { name: only-reviewed }
  spec: { policyName: only-reviewed, validationActions: [Deny] }
`;

describe('kinds decided by the workspace', () => {
  const config = engineConfig({ profile: 'all' });

  it('without a policy that may select it, a CRD is not parsed', () => {
    const engine = new Engine(rules);
    for (const index of [indexed(), indexed(policyFor('deployments'))]) {
      const r = engine.check(CRD, config, index);
      expect(r.objects).toBe(0);
      expect(engine.parse(CRD).skipped).toBe(true);
    }
  });

  it('a policy for customresourcedefinitions: the CRD is parsed and evaluated', () => {
    const engine = new Engine(rules);
    const r = engine.check(CRD, config, indexed(policyFor('customresourcedefinitions')));
    expect(r.objects).toBe(1);
    expect(r.findings.filter((f) => f.ruleId === 'admission-policy').map((f) => f.data.message)).toEqual([
      'not reviewed',
    ]);
  });

  it('the same engine parses the chunk once a policy arrives (the result cache follows the index)', () => {
    const engine = new Engine(rules);
    const index = indexed(policyFor('deployments'));
    expect(engine.check(CRD, config, index).objects).toBe(0);
    index.update('file:///1.yaml', policyFor('customresourcedefinitions'));
    expect(engine.check(CRD, config, index).objects).toBe(1);
  });
});
