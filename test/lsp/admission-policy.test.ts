// Admission policies live in the editor, in process: editing a policy re-checks the open manifests it
// matches, editing a Namespace's labels re-checks its workloads, and policies that are not evaluated
// are logged once each in the output channel.
import { describe, expect, it } from 'vitest';
import { yaml } from '../../server/src/engine/yaml-tag';
import { replicasPolicy as POLICY, shopNamespace as NAMESPACE } from '../support/manifests';
import { state } from './support';

const DEPLOYMENT = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: shop
  spec:
    replicas: 6
    template:
      spec:
        containers: [{ name: app, image: registry.example/app:1.0 }]
`;

/** The admission-policy diagnostics of a URI's last publication: [line, character, message]. */
const policyDiagnostics = (s: ReturnType<typeof state>, uri: string) =>
  (s.last(uri)?.diagnostics ?? [])
    .filter((d) => d.code === 'admission-policy')
    .map((d) => [
      d.range.start.line,
      d.range.start.character,
      (typeof d.message === 'string' ? d.message : d.message.value).replace(/ ATT&CK: .*$/, ''),
    ]);

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('admission policies in the editor', () => {
  it('editing the policy or the Namespace labels re-checks the open Deployment', async () => {
    const s = state(() => ({ debounceMs: 0 }));
    const policy = 'file:///w/policy.yaml';
    const ns = 'file:///w/namespace.yaml';
    const app = 'file:///w/app.yaml';
    await s.checker.validate(s.documents.open(policy, POLICY('object.spec.replicas <= 5')));
    await s.checker.validate(s.documents.open(ns, NAMESPACE('prod')));
    await s.checker.validate(s.documents.open(app, DEPLOYMENT));
    const squiggle = [
      [6, 2, 'too many replicas (ValidatingAdmissionPolicy "replicas", binding "replicas").'],
    ];
    expect(policyDiagnostics(s, app)).toEqual(squiggle);

    // The policy is edited to allow 10 replicas: the Deployment is checked again, and the squiggle goes.
    await s.checker.validate(s.documents.open(policy, POLICY('object.spec.replicas <= 10'), 2));
    await settle();
    expect(policyDiagnostics(s, app)).toEqual([]);

    // Back to 5, then the Namespace's labels leave the binding's selector: it goes again.
    await s.checker.validate(s.documents.open(policy, POLICY('object.spec.replicas <= 5'), 3));
    await settle();
    expect(policyDiagnostics(s, app)).toEqual(squiggle);
    await s.checker.validate(s.documents.open(ns, NAMESPACE('dev'), 2));
    await settle();
    expect(policyDiagnostics(s, app)).toEqual([]);
  });

  it('a policy that is not evaluated is logged once, with the reason', async () => {
    const s = state(() => ({ debounceMs: 0 }));
    const uri = 'file:///w/kyverno.yaml';
    const text = yaml`
      apiVersion: kyverno.io/v1
      kind: ClusterPolicy
      metadata: { name: no-latest }
      spec:
        rules:
          - name: tag
            match: { any: [{ resources: { kinds: [Pod] } }] }
            validate:
              deny: { conditions: { any: [{ key: a, operator: Equals, value: a }] } }
    `;
    await s.checker.validate(s.documents.open(uri, text));
    await s.checker.validate(s.documents.open(uri, `# edited\n${text}`, 2));
    const logged = s.logs.filter((l) => l.startsWith('admission policy not evaluated'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(
      /^admission policy not evaluated: ClusterPolicy "no-latest" in file:\/\/\/w\/kyverno\.yaml: not evaluated: rule "tag" is/,
    );
  });
});
