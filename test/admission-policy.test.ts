// The repository's own admission policies through the CLI (the same pipeline as the editor): found in
// other files and in `.kubeward.yaml` `policies.paths`, evaluated on the manifests, presented in text,
// JSON and SARIF, suppressible by policy name, and the policies not evaluated listed once each.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { yaml } from '../server/src/engine/yaml-tag';
import { runCli } from './support/cli-run';
import { tempTree } from './support/files';

/** The Kubernetes documentation's ValidatingAdmissionPolicy examples, as a fixture. */
const K8S_DOCS = readFileSync(join(__dirname, 'fixtures', 'policies', 'k8s-docs.yaml'), 'utf8');

const PATTERN_POLICY = yaml`
  apiVersion: kyverno.io/v1
  kind: ClusterPolicy
  metadata:
    name: require-labels
  spec:
    rules:
      - name: check-team
        match: { any: [{ resources: { kinds: [Pod] } }] }
        validate:
          pattern: { metadata: { labels: { team: '?*' } } }
`;

const TEAM_NS = yaml`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: team
    labels:
      environment: test
`;

const DEPLOYMENT = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: team
    labels: { app: web }
  spec:
    replicas: 6
    selector:
      matchLabels: { app: web }
    template:
      metadata:
        labels: { app: web }
      spec:
        containers:
          - name: app
            image: prod.example.com/web:1
            securityContext: { runAsNonRoot: true }
`;

interface Row {
  ruleId: string;
  line: number;
  column: number;
  endColumn: number;
  severity: string;
  message: string;
  policy?: { kind: string; name: string; binding: string | null; validation: number | null };
}

const policyRows = (out: string): Row[] =>
  (JSON.parse(out) as { findings: Row[] }).findings.filter((f) => f.ruleId === 'admission-policy');

describe('admission policies through the CLI', () => {
  const files = {
    '.kubeward.yaml': 'exclude: [cluster/**]\npolicies:\n  paths: [cluster]\n',
    'cluster/k8s-docs.yaml': K8S_DOCS,
    'cluster/require-labels.yaml': PATTERN_POLICY,
    'cluster/namespace.yaml': TEAM_NS,
    'app/deploy.yaml': DEPLOYMENT,
  };

  it('reads policies from policies.paths and reports each failing validation on its field, with its action', async () => {
    const dir = tempTree('kubeward-policies-', files);
    const r = await runCli(['scan', '--format', 'json', '.'], dir);
    const rows = policyRows(r.out).map((f) => ({
      line: f.line,
      column: f.column,
      endColumn: f.endColumn,
      severity: f.severity,
      policy: f.policy,
      message: f.message.replace(/ ATT&CK: .*$/, ''),
    }));
    expect(rows).toEqual([
      {
        // `replicas: 6`, the field `object.spec.replicas <= 5` reads.
        line: 8,
        column: 3,
        endColumn: 14,
        severity: 'error',
        policy: {
          kind: 'ValidatingAdmissionPolicy',
          name: 'demo-policy.example.com',
          binding: 'demo-binding-test.example.com',
          validation: 0,
        },
        message:
          'failed expression: object.spec.replicas <= 5 (ValidatingAdmissionPolicy "demo-policy.example.com", binding "demo-binding-test.example.com").',
      },
      {
        // The param (a ReplicaLimit custom resource in another file) and its messageExpression.
        line: 8,
        column: 3,
        endColumn: 14,
        severity: 'error',
        policy: {
          kind: 'ValidatingAdmissionPolicy',
          name: 'replicalimit-policy.example.com',
          binding: 'replicalimit-binding-test.example.com',
          validation: 0,
        },
        message:
          'object.spec.replicas must be no greater than 3 (ValidatingAdmissionPolicy "replicalimit-policy.example.com", binding "replicalimit-binding-test.example.com").',
      },
      {
        // validationActions [Warn, Audit]: a warning, on the image the expression reads.
        line: 17,
        column: 11,
        endColumn: 40,
        severity: 'warning',
        policy: {
          kind: 'ValidatingAdmissionPolicy',
          name: 'image-matches-namespace-environment.policy.example.com',
          binding: 'image-matches-binding',
          validation: 0,
        },
        message:
          'only test images are allowed in namespace team (ValidatingAdmissionPolicy "image-matches-namespace-environment.policy.example.com", binding "image-matches-binding").',
      },
    ]);
    // The Kyverno pattern policy: listed once, with the reason, and no verdict.
    expect(r.err).toContain('kubeward: 1 admission policy not evaluated:\n');
    expect(r.err).toContain(
      'kubeward:   ClusterPolicy "require-labels" (cluster/require-labels.yaml): not evaluated: rule "check-team" is a `validate.pattern` rule',
    );
    expect(r.code).toBe(1);
  });

  it('the Namespace labels decide the binding: another environment selects nothing', async () => {
    const dir = tempTree('kubeward-policies-', {
      ...files,
      'cluster/namespace.yaml': TEAM_NS.replace('environment: test', 'environment: prod'),
    });
    const r = await runCli(['scan', '--format', 'json', '.'], dir);
    // The two test-namespace bindings select nothing; the image policy now wants prod images, as used.
    expect(policyRows(r.out).map((f) => f.policy?.name)).toEqual([]);
  });

  it('a config-file exception names one policy: its findings are suppressed, the others stay', async () => {
    const dir = tempTree('kubeward-policies-', {
      ...files,
      '.kubeward.yaml': `${files['.kubeward.yaml']}exceptions:\n  - rules: [admission-policy/demo-policy.example.com]\n    reason: replicas are reviewed\n`,
    });
    const r = await runCli(['scan', '--format', 'json', '.'], dir);
    expect(policyRows(r.out).map((f) => f.policy?.name)).toEqual([
      'replicalimit-policy.example.com',
      'image-matches-namespace-environment.policy.example.com',
    ]);
    const suppressed = (JSON.parse(r.out) as { suppressed: Row[] }).suppressed.filter(
      (f) => f.ruleId === 'admission-policy',
    );
    expect(suppressed.map((f) => f.policy?.name)).toEqual(['demo-policy.example.com']);
  });

  it('SARIF has one rule per policy', async () => {
    const dir = tempTree('kubeward-policies-', files);
    const r = await runCli(['scan', '--format', 'sarif', '.'], dir);
    const run = (
      JSON.parse(r.out) as {
        runs: {
          tool: { driver: { rules: { id: string }[] } };
          results: { ruleId: string; ruleIndex: number }[];
        }[];
      }
    ).runs[0];
    const ids = run?.tool.driver.rules.map((x) => x.id) ?? [];
    const results = (run?.results ?? []).filter((x) => x.ruleId.startsWith('admission-policy'));
    expect(results.map((x) => x.ruleId)).toEqual([
      'admission-policy/demo-policy.example.com',
      'admission-policy/replicalimit-policy.example.com',
      'admission-policy/image-matches-namespace-environment.policy.example.com',
    ]);
    for (const x of results) expect(ids[x.ruleIndex]).toBe(x.ruleId);
  });

  it('a policy file alone: compile errors at their position, and a policy without a binding says so', async () => {
    const dir = tempTree('kubeward-policies-', {
      'policy.yaml': yaml`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: typo
        spec:
          matchConstraints:
            resourceRules:
              - { apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods] }
          validations:
            - expression: |
                object.spec.containers.all(c,
                  c.image.startsWith('registry.example/') &&)
      `,
    });
    const r = await runCli(['scan', '--format', 'json', '.'], dir);
    expect(
      policyRows(r.out).map((f) => [f.line, f.column, f.severity, f.message.replace(/ ATT&CK: .*$/, '')]),
    ).toEqual([
      [
        2,
        1,
        'info',
        'No ValidatingAdmissionPolicyBinding binds "typo" in the workspace: the policy enforces nothing.',
      ],
      [
        12,
        53,
        'error',
        'Policy "typo" does not compile: spec.validations[0].expression: compilation failed: Unexpected token: RPAREN',
      ],
    ]);
  });
});
