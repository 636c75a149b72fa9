import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { yaml } from '../engine/yaml-tag';
import { PolicyEvaluator, readPolicies, sourceObjects, type AdmissionContext } from './index';

const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'policies');

function setup(policies: string, ctx: AdmissionContext = {}) {
  const objects = sourceObjects(policies);
  const evaluator = new PolicyEvaluator(readPolicies(objects));
  const params = objects.filter((o) => !o.object.apiVersion.startsWith('admissionregistration'));
  return {
    evaluator,
    check(manifest: string, extra: AdmissionContext = {}) {
      const [target] = sourceObjects(manifest);
      if (!target) throw new Error('no object');
      const outcomes = evaluator.evaluate(target, { params, ...ctx, ...extra });
      return {
        outcomes,
        text: target.text,
        at: (s: { start: number; end: number }) => target.text.slice(s.start, s.end),
      };
    },
  };
}

const deployment = (replicas: number, ns = 'team') => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: ${ns}
    labels: { app: web }
  spec:
    replicas: ${replicas}
    template:
      metadata:
        labels: { app: web }
      spec:
        containers:
          - name: app
            image: prod.example.com/web:1
`;

describe('the Kubernetes documentation examples', () => {
  const docs = readFileSync(join(fixtures, 'k8s-docs.yaml'), 'utf8');
  const testNs: AdmissionContext = { namespaceLabels: new Map([['team', { environment: 'test' }]]) };

  it('denies more than 5 replicas in a test namespace, on the replicas field', () => {
    const { outcomes, at } = setup(docs, testNs).check(deployment(6));
    const demo = outcomes.find((o) => o.policy.name === 'demo-policy.example.com');
    expect(demo?.verdict).toBe('fail');
    const f = demo?.findings[0];
    expect(f?.severity).toBe('error');
    expect(f?.message).toBe('failed expression: object.spec.replicas <= 5');
    expect(f?.reason).toBe('Invalid');
    expect(f?.path).toEqual(['spec', 'replicas']);
    expect(at(f!.span)).toBe('replicas: 6');
  });

  it('skips namespaces the binding does not select, and assumes a match when labels are unknown', () => {
    const other = setup(docs, { namespaceLabels: new Map([['team', { environment: 'prod' }]]) }).check(
      deployment(6),
    );
    expect(other.outcomes.find((o) => o.policy.name === 'demo-policy.example.com')?.verdict).toBe('skip');
    const unknown = setup(docs).check(deployment(6));
    const demo = unknown.outcomes.find((o) => o.policy.name === 'demo-policy.example.com');
    expect(demo?.verdict).toBe('fail');
    expect(demo?.notes.join(' ')).toMatch(/not known; evaluated as if its namespaceSelector matched/);
  });

  it('uses the param and its messageExpression', () => {
    const { outcomes } = setup(docs, testNs).check(deployment(4));
    const limit = outcomes.find((o) => o.policy.name === 'replicalimit-policy.example.com');
    expect(limit?.verdict).toBe('fail');
    expect(limit?.findings[0]?.message).toBe('object.spec.replicas must be no greater than 3');
    expect(
      setup(docs, testNs)
        .check(deployment(3))
        .outcomes.find((o) => o.policy.name === 'replicalimit-policy.example.com')?.verdict,
    ).toBe('pass');
  });

  it('evaluates variables against the namespace object; Warn and Audit give a warning', () => {
    const ctx: AdmissionContext = { namespaceLabels: new Map([['team', { environment: 'staging' }]]) };
    const { outcomes, at } = setup(docs, ctx).check(deployment(1));
    const img = outcomes.find(
      (o) => o.policy.name === 'image-matches-namespace-environment.policy.example.com',
    );
    expect(img?.verdict).toBe('fail');
    expect(img?.findings[0]?.severity).toBe('warning');
    expect(img?.findings[0]?.message).toBe('only staging images are allowed in namespace team');
    expect(at(img!.findings[0]!.span)).toBe('image: prod.example.com/web:1');
  });
});

const podPolicy = yaml`
  apiVersion: admissionregistration.k8s.io/v1beta1
  kind: ValidatingAdmissionPolicy
  metadata: { name: no-host-network }
  spec:
    matchConstraints:
      resourceRules:
        - apiGroups: ['']
          apiVersions: [v1]
          operations: [CREATE]
          resources: [pods]
    validations:
      - expression: "!object.spec.?hostNetwork.orValue(false)"
        message: Pods may not use the host network.
`;
const bindingDeny = yaml`
  ---
  apiVersion: admissionregistration.k8s.io/v1beta1
  kind: ValidatingAdmissionPolicyBinding
  metadata: { name: no-host-network-binding }
  spec:
    policyName: no-host-network
    validationActions: [Deny]
`;

describe('ValidatingAdmissionPolicy semantics', () => {
  it('a policy without a binding enforces nothing, and says so on the policy', () => {
    const s = setup(podPolicy);
    const evaluator = s.evaluator;
    expect(evaluator.notices.map((n) => n.code)).toEqual(['no-binding']);
    const { outcomes } = s.check(yaml`
      apiVersion: v1
      kind: Pod
      metadata: { name: p }
      spec: { hostNetwork: true, containers: [{ name: a, image: x }] }
    `);
    expect(outcomes.every((o) => o.findings.length === 0)).toBe(true);
  });

  it('applies a pod policy to the pod template of a workload, mapping the path back', () => {
    const { outcomes, at } = setup(podPolicy + bindingDeny).check(yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata: { name: c, namespace: ops }
      spec:
        schedule: '* * * * *'
        jobTemplate:
          spec:
            template:
              spec:
                hostNetwork: true
                containers: [{ name: a, image: x }]
    `);
    const f = outcomes[0]?.findings[0];
    expect(f?.podTemplate).toBe(true);
    expect(f?.path).toEqual(['spec', 'jobTemplate', 'spec', 'template', 'spec', 'hostNetwork']);
    expect(at(f!.span)).toBe('hostNetwork: true');
  });

  it('the pod built from a template has the name the API server gives it before validation', () => {
    const policy = yaml`
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: { name: named-pods }
      spec:
        matchConstraints:
          resourceRules:
            - { apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods] }
        validations:
          - expression: object.metadata.name.startsWith('web-')
            messageExpression: "'unexpected pod name ' + object.metadata.name"
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: { name: named-pods }
      spec: { policyName: named-pods, validationActions: [Deny] }
    `;
    const s = setup(policy);
    const workload = (kind: string, apiVersion: string, name: string) =>
      s
        .check(
          yaml`
        apiVersion: ${apiVersion}
        kind: ${kind}
        metadata: { name: ${name} }
        spec:
          selector: { matchLabels: { app: a } }
          template:
            metadata: { labels: { app: a } }
            spec: { containers: [{ name: a, image: x }] }
      `,
        )
        .outcomes.flatMap((o) => o.findings.map((f) => f.message));
    // A Deployment's and a StatefulSet's pods are named after them: no error, no refusal.
    expect(workload('Deployment', 'apps/v1', 'web')).toEqual([]);
    expect(workload('StatefulSet', 'apps/v1', 'web')).toEqual([]);
    // Another workload's pods do not start with web-: refused, with the name the pod would have.
    expect(workload('DaemonSet', 'apps/v1', 'agent')).toEqual(['unexpected pod name agent-xxxxx']);
  });

  it('excludeResourceRules, objectSelector and matchConditions', () => {
    const policy = yaml`
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: { name: labels }
      spec:
        matchConstraints:
          objectSelector: { matchExpressions: [{ key: skip, operator: DoesNotExist }] }
          resourceRules:
            - { apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'] }
          excludeResourceRules:
            - { apiGroups: [''], apiVersions: [v1], operations: ['*'], resources: [configmaps] }
        matchConditions:
          - name: not-kube-system
            expression: object.metadata.?namespace.orValue('') != 'kube-system'
        validations:
          - expression: has(object.metadata.labels) && 'owner' in object.metadata.labels
            messageExpression: "'missing owner label on ' + object.kind"
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: { name: labels }
      spec: { policyName: labels, validationActions: [Audit] }
    `;
    const s = setup(policy);
    const svc = (ns: string, labels: string) => yaml`
      apiVersion: v1
      kind: Service
      metadata: { name: s, namespace: ${ns}, labels: ${labels} }
    `;
    const denied = s.check(svc('a', '{ app: x }')).outcomes[0];
    expect(denied?.verdict).toBe('fail');
    expect(denied?.findings[0]?.severity).toBe('info');
    expect(denied?.findings[0]?.message).toBe('missing owner label on Service');
    expect(s.check(svc('a', '{ skip: y }')).outcomes[0]?.verdict).toBe('skip');
    expect(s.check(svc('kube-system', '{ app: x }')).outcomes[0]?.verdict).toBe('skip');
    const cm = s.check(yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: c }
    `);
    expect(cm.outcomes[0]?.verdict).toBe('skip');
  });

  it('failurePolicy decides what an expression error does', () => {
    const policy = (fp: string) => yaml`
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: { name: p }
      spec:
        failurePolicy: ${fp}
        matchConstraints:
          resourceRules: [{ apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods] }]
        validations:
          - expression: object.spec.nodeName.startsWith('a')
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: { name: b }
      spec: { policyName: p, validationActions: [Deny] }
    `;
    const pod = yaml`
      apiVersion: v1
      kind: Pod
      metadata: { name: p }
      spec: { containers: [{ name: a, image: x }] }
    `;
    const fail = setup(policy('Fail')).check(pod).outcomes[0];
    expect(fail?.verdict).toBe('error');
    expect(fail?.findings[0]?.evaluation).toBe('error');
    expect(fail?.findings[0]?.message).toMatch(/No such key: nodeName/);
    expect(setup(policy('Ignore')).check(pod).outcomes[0]?.verdict).toBe('pass');
  });

  it('params by selector, parameterNotFoundAction Allow and Deny', () => {
    const policy = (action: string, selector: string) => yaml`
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: { name: max }
      spec:
        paramKind: { apiVersion: v1, kind: ConfigMap }
        matchConstraints:
          resourceRules: [{ apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments] }]
        validations:
          - expression: object.spec.replicas <= int(params.data.max)
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: { name: max }
      spec:
        policyName: max
        validationActions: [Deny]
        paramRef: { selector: { matchLabels: ${selector} }, parameterNotFoundAction: ${action} }
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: limits, namespace: team, labels: { kind: limits } }
      data: { max: "2" }
    `;
    expect(setup(policy('Deny', '{ kind: limits }')).check(deployment(3)).outcomes[0]?.verdict).toBe('fail');
    expect(setup(policy('Deny', '{ kind: limits }')).check(deployment(2)).outcomes[0]?.verdict).toBe('pass');
    const missing = setup(policy('Deny', '{ kind: other }')).check(deployment(1)).outcomes[0];
    expect(missing?.verdict).toBe('fail');
    expect(missing?.findings[0]?.message).toMatch(
      /no params found for policy binding with `Deny` parameterNotFoundAction/,
    );
    expect(setup(policy('Allow', '{ kind: other }')).check(deployment(1)).outcomes[0]?.verdict).toBe('skip');
  });

  it('a compile error is shown at its line and column inside a block scalar', () => {
    const text = yaml`
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: { name: broken }
      spec:
        matchConstraints:
          resourceRules: [{ apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods] }]
        validations:
          - expression: |
              object.spec.containers.all(c,
                c.image.startsWith('x') &&)
    `;
    const { evaluator } = setup(text);
    const n = evaluator.notices.find((x) => x.code === 'compile-error');
    expect(n?.message).toMatch(/spec\.validations\[0\]\.expression: compilation failed/);
    const before = text.slice(0, n!.span.start);
    expect(before.split('\n').length).toBe(10);
    expect(text.slice(n!.span.start, n!.span.start + 1)).toBe(')');
  });

  it('the authorizer is reported as not evaluable offline, never guessed', () => {
    const text = yaml`
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: { name: authz }
      spec:
        matchConstraints:
          resourceRules: [{ apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods] }]
        validations:
          - expression: authorizer.group('').resource('pods').check('create').allowed()
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: { name: authz }
      spec: { policyName: authz, validationActions: [Deny] }
    `;
    const s = setup(text);
    expect(s.evaluator.notices.find((n) => n.code === 'not-evaluable')?.message).toMatch(/authorizer/);
    const o = s.check(yaml`
      apiVersion: v1
      kind: Pod
      metadata: { name: p }
      spec: { containers: [] }
    `).outcomes[0];
    expect(o?.verdict).toBe('not-evaluated');
  });

  it('an expensive expression hits the cost limit and fails closed', () => {
    const text = yaml`
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: { name: expensive }
      spec:
        matchConstraints:
          resourceRules: [{ apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods] }]
        variables:
          - name: r
            expression: lists.range(200)
        validations:
          - expression: variables.r.all(a, variables.r.all(b, variables.r.all(c, a + b + c >= 0)))
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: { name: expensive }
      spec: { policyName: expensive, validationActions: [Deny] }
    `;
    const started = Date.now();
    const o = setup(text).check(yaml`
      apiVersion: v1
      kind: Pod
      metadata: { name: p }
      spec: { containers: [] }
    `).outcomes[0];
    expect(o?.verdict).toBe('error');
    expect(o?.findings[0]?.message).toMatch(/actual cost limit exceeded/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('hostile policies stop at the cost limit, in well under a second', () => {
  const policy = (name: string, variables: string, validation: string) => `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: ${name} }
spec:
  matchConstraints:
    resourceRules: [{ apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods] }]
  variables:${variables === '' ? ' []' : `\n${variables}`}
  validations:
    - expression: '${validation}'
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: ${name} }
spec: { policyName: ${name}, validationActions: [Deny] }
`;
  /** Variables `s0` = "aaaaaaaaaa" and `s<k>` = `s<k-1>` + `s<k-1>`: `s<k>` is 10 × 2^k characters long. */
  const doubling = (n: number) =>
    [
      '    - { name: s0, expression: "\'aaaaaaaaaa\'" }',
      ...Array.from(
        { length: n },
        (_, k) => `    - { name: s${k + 1}, expression: "variables.s${k} + variables.s${k}" }`,
      ),
    ].join('\n');
  const pod = (annotation = 'x') => yaml`
    apiVersion: v1
    kind: Pod
    metadata: { name: p, annotations: { x: ${annotation} } }
    spec: { containers: [] }
  `;
  const run = (text: string, manifest = pod()) => {
    const started = performance.now();
    const outcome = setup(text).check(manifest).outcomes[0];
    return { outcome, ms: performance.now() - started };
  };

  it('an expensive comprehension', () => {
    const { outcome, ms } = run(
      policy('loops', '', 'lists.range(1000).all(a, lists.range(1000).all(b, a + b >= 0))'),
    );
    expect(outcome?.verdict).toBe('error');
    expect(outcome?.findings[0]?.message).toMatch(/actual cost limit exceeded/);
    expect(ms).toBeLessThan(1000);
  });

  it('a huge string built by repeated concatenation', () => {
    const { outcome, ms } = run(policy('doubling', doubling(40), 'size(variables.s40) > 0'));
    expect(outcome?.verdict).toBe('error');
    expect(outcome?.findings[0]?.message).toMatch(/actual cost limit exceeded/);
    expect(ms).toBeLessThan(1000);
  });

  it("a pathological regular expression against a long string of a's followed by b", () => {
    const { outcome, ms } = run(
      policy('backtracking', doubling(22), '(variables.s22 + "b").matches("^(a+)+$")'),
    );
    expect(outcome?.verdict).toBe('error');
    expect(outcome?.findings[0]?.message).toMatch(/actual cost limit exceeded/);
    expect(ms).toBeLessThan(1000);
  });

  it("the same regular expression against an annotation of 100,000 a's and a b is just false", () => {
    const { outcome, ms } = run(
      policy('backtracking', '', '!object.metadata.annotations.x.matches("^(a+)+$")'),
      pod(`${'a'.repeat(100_000)}b`),
    );
    expect(outcome?.verdict).toBe('pass');
    expect(ms).toBeLessThan(1000);
  });

  it('a join of one long string held many times over by a list', () => {
    const { outcome, ms } = run(
      policy('join', doubling(16), 'size(lists.range(10000).map(i, variables.s16).join()) > 0'),
    );
    expect(outcome?.verdict).toBe('error');
    expect(outcome?.findings[0]?.message).toMatch(/actual cost limit exceeded/);
    expect(ms).toBeLessThan(1000);
  });
});

describe('Kyverno ClusterPolicy rules', () => {
  it('evaluates validate.cel with autogen, and lists pattern rules as unsupported once', () => {
    const text = yaml`
      apiVersion: kyverno.io/v1
      kind: ClusterPolicy
      metadata: { name: mixed }
      spec:
        validationFailureAction: Enforce
        rules:
          - name: cel
            match: { any: [{ resources: { kinds: [Pod] } }] }
            validate:
              cel:
                expressions:
                  - expression: object.spec.containers.all(c, !c.image.endsWith(':latest'))
                    message: no latest
          - name: pattern
            match: { any: [{ resources: { kinds: [Pod] } }] }
            validate: { pattern: { spec: { hostPID: 'false' } } }
          - name: deny
            match: { any: [{ resources: { kinds: [Pod] } }] }
            validate: { deny: {} }
    `;
    const s = setup(text);
    expect(s.evaluator.notices.filter((n) => n.code === 'unsupported')).toHaveLength(1);
    expect(s.evaluator.notices[0]?.message).toMatch(/pattern.*deny/);
    const { outcomes, at } = s.check(yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: d }
      spec:
        template:
          spec:
            containers:
              - name: a
                image: nginx:latest
    `);
    expect(outcomes[0]?.verdict).toBe('fail');
    expect(outcomes[0]?.findings[0]?.severity).toBe('error');
    expect(at(outcomes[0]!.findings[0]!.span)).toBe('image: nginx:latest');
  });
});
