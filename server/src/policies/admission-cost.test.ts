// What one check of an object costs with many policies: the object is converted to CEL values once,
// whatever the number of policies and bindings that match it (the edit-with-20-policies bench row).
import { describe, expect, it, vi } from 'vitest';
import { yaml } from '../engine/yaml-tag';
import { PolicyEvaluator, readPolicies, sourceObjects } from './index';
import * as values from './yaml-value';

vi.mock('./yaml-value', async (importOriginal) => {
  const original = await importOriginal<typeof import('./yaml-value')>();
  return { ...original, toValue: vi.fn(original.toValue) };
});

/** `n` policies with bindings, alternately for pods (applied to the pod template) and Deployments. */
function policies(n: number, paramKind = false): string {
  return Array.from(
    { length: n },
    (_, i) => yaml`
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: { name: p${i} }
      spec:
        ${paramKind ? 'paramKind: { apiVersion: v1, kind: ConfigMap }' : 'failurePolicy: Fail'}
        matchConstraints:
          resourceRules:
            - ${i % 2 === 0 ? "{ apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods] }" : '{ apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments] }'}
        validations:
          - expression: "namespaceObject.metadata.name == 'shop' && has(object.spec)"
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: { name: p${i} }
      spec:
        policyName: p${i}
        validationActions: [Deny]
        ${paramKind ? 'paramRef: { name: limits, parameterNotFoundAction: Deny }' : ''}
    `,
  ).join('---\n');
}

const DEPLOYMENT = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: { name: web, namespace: shop }
  spec:
    template:
      metadata: { labels: { app: web } }
      spec:
        containers: [{ name: app, image: registry.example/app:1 }]
`;

const NAMESPACE = yaml`
  apiVersion: v1
  kind: Namespace
  metadata: { name: shop, labels: { team: a } }
`;

const PARAM = yaml`
  apiVersion: v1
  kind: ConfigMap
  metadata: { name: limits, namespace: shop }
  data: { max: "3" }
`;

describe('one check of an object with many policies', () => {
  it('converts the object, its Namespace and each param once, not once per policy', () => {
    for (const withParams of [false, true]) {
      const evaluator = new PolicyEvaluator(readPolicies(sourceObjects(policies(20, withParams))));
      const [target] = sourceObjects(DEPLOYMENT);
      const [ns] = sourceObjects(NAMESPACE);
      const [param] = sourceObjects(PARAM);
      if (!target || !ns || !param) throw new Error('fixtures');
      const ctx = {
        namespaceLabels: new Map([['shop', { team: 'a' }]]),
        namespaceObjects: new Map([['shop', ns]]),
        params: [param],
      };
      const converted = vi.mocked(values.toValue);
      const conversionsOf = (node: unknown) => converted.mock.calls.filter((c) => c[0] === node).length;
      for (let round = 0; round < 2; round++) {
        converted.mockClear();
        const outcomes = evaluator.evaluate(target, ctx);
        // Every policy was evaluated (half on the pod template) and passed.
        expect(outcomes.map((o) => o.verdict)).toEqual(Array.from({ length: 20 }, () => 'pass'));
        expect(conversionsOf(target.object.root)).toBe(1);
        expect(conversionsOf(ns.object.root)).toBe(1);
        // A param is converted once per evaluator (the workspace's set of policies), not per check.
        expect(conversionsOf(param.object.root)).toBe(withParams && round === 0 ? 1 : 0);
      }
    }
  });

  it('does not convert an object that no policy matches', () => {
    const evaluator = new PolicyEvaluator(readPolicies(sourceObjects(policies(4))));
    const [service] = sourceObjects(yaml`
      apiVersion: v1
      kind: Service
      metadata: { name: web }
      spec: { ports: [{ port: 80 }] }
    `);
    if (!service) throw new Error('fixture');
    const converted = vi.mocked(values.toValue);
    converted.mockClear();
    const outcomes = evaluator.evaluate(service, {});
    expect(outcomes.map((o) => o.verdict)).toEqual(['skip', 'skip', 'skip', 'skip']);
    expect(converted.mock.calls.filter((c) => c[0] === service.object.root)).toEqual([]);
  });
});
