// server/src/engine/workspace-index.ts: the workspace index of ServiceAccounts, NetworkPolicies,
// Namespaces, roles and bindings as plain data: lookups with namespace defaulting, the version that
// changes only with indexed data, the files that depend on a changed file, per-chunk memoisation,
// snapshots for worker threads, and label-selector matching.
import { describe, expect, it } from 'vitest';
import { yaml } from '../../server/src/engine/yaml-tag';
import { parseChunk } from '../../server/src/engine/parse';
import { workspacePolicies } from '../../server/src/policies/workspace';
import {
  automountOf,
  effectiveNamespace,
  MAX_PARAM_TEXT,
  podSelectorOf,
  roleRulesOf,
  selectorMatches,
  WorkspaceIndex,
} from '../../server/src/engine/workspace-index';

const SA = yaml`
  apiVersion: v1
  kind: ServiceAccount
  metadata: {name: runner, namespace: apps}
  automountServiceAccountToken: no
`;

const RBAC = yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: reader}
  rules:
    - apiGroups: [""]
      resources: ["pods"]
      verbs: ["get"]
    - apiGroups: [""]
      resources: ["secrets"]
      resourceNames: ["tls"]
      verbs: ["get"]
  ---
  apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBinding
  metadata: {name: reader}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
  subjects: [{kind: ServiceAccount, name: app, namespace: apps}]
`;

const DEPLOYMENT = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web}
  spec:
    template:
      spec:
        containers: [{name: app, image: nginx:1.27}]
`;

describe('WorkspaceIndex', () => {
  it('records ServiceAccounts, roles and bindings as plain data', () => {
    const index = new WorkspaceIndex();
    index.update('file:///sa.yaml', SA);
    index.update('file:///rbac.yaml', RBAC);
    const sa = index.find('ServiceAccount', 'apps', 'runner');
    expect(sa?.uri).toBe('file:///sa.yaml');
    expect(sa && automountOf(sa)).toBe(false);
    const role = index.find('ClusterRole', 'anything', 'reader');
    expect(role && roleRulesOf(role)).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: [], nonResourceURLs: [] },
      {
        apiGroups: [''],
        resources: ['secrets'],
        verbs: ['get'],
        resourceNames: ['tls'],
        nonResourceURLs: [],
      },
    ]);
    expect(index.find('RoleBinding', undefined, 'reader')?.data).toEqual({
      roleRef: { kind: 'ClusterRole', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: 'apps' }],
    });
    expect(index.all('ConfigMap')).toEqual([]);
  });

  it('puts objects without a namespace in "default"; cluster-scoped kinds ignore it', () => {
    const index = new WorkspaceIndex();
    index.update('file:///a.yaml', SA.replace('namespace: apps', 'namespace: default'));
    expect(index.find('ServiceAccount', undefined, 'runner')).toBeDefined();
    expect(index.find('ServiceAccount', 'apps', 'runner')).toBeUndefined();
    index.update('file:///b.yaml', RBAC);
    expect(index.find('ClusterRole', undefined, 'reader')).toBeDefined();
    expect(index.find('RoleBinding', 'default', 'reader')).toBeDefined();
  });

  it('bumps the version only when indexed data changes', () => {
    const index = new WorkspaceIndex();
    expect(index.version).toBe(0);
    expect(index.update('file:///sa.yaml', SA)).toBe(true);
    expect(index.version).toBe(1);
    expect(index.update('file:///sa.yaml', `# a comment\n${SA}`)).toBe(false);
    expect(index.update('file:///d.yaml', DEPLOYMENT)).toBe(false);
    expect(index.version).toBe(1);
    expect(index.update('file:///sa.yaml', SA.replace('no', 'yes'))).toBe(true);
    expect(index.version).toBe(2);
    expect(index.remove('file:///d.yaml')).toBe(false);
    expect(index.remove('file:///sa.yaml')).toBe(true);
    expect(index.version).toBe(3);
    expect(index.find('ServiceAccount', 'apps', 'runner')).toBeUndefined();
  });

  it('lists the files that depend on a changed file', () => {
    const index = new WorkspaceIndex();
    index.update('file:///d.yaml', DEPLOYMENT);
    index.update('file:///rbac.yaml', RBAC);
    index.update('file:///sa.yaml', SA);
    // A workload reads ServiceAccounts and NetworkPolicies; a binding reads roles.
    expect(index.dependants('file:///sa.yaml')).toEqual(['file:///d.yaml']);
    expect(index.dependants('file:///rbac.yaml')).toEqual([]);
    index.update('file:///roles.yaml', RBAC.split('---')[0] ?? '');
    expect(index.dependants('file:///roles.yaml')).toEqual(['file:///rbac.yaml']);
    // After the ServiceAccount is removed, the workload still needs re-checking.
    index.remove('file:///sa.yaml');
    expect(index.dependants('file:///sa.yaml')).toEqual(['file:///d.yaml']);
    // Only once: a removed file leaves nothing behind (one entry per closed document was a leak).
    expect(index.dependants('file:///sa.yaml')).toEqual([]);
  });

  it('indexes NetworkPolicy selectors, List items, and skips templated chunks', () => {
    const index = new WorkspaceIndex();
    index.update(
      'file:///np.yaml',
      yaml`
        apiVersion: v1
        kind: List
        items:
          - apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web, namespace: prod}
            spec:
              podSelector:
                matchLabels: {app: web}
                matchExpressions: [{key: tier, operator: In, values: [front, back]}]
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: {{ .Values.name }}}
      `,
    );
    expect(index.all('ServiceAccount')).toEqual([]);
    const np = index.find('NetworkPolicy', 'prod', 'web');
    expect(np).toBeDefined();
    const sel = podSelectorOf(np!);
    expect(selectorMatches(sel, { app: 'web', tier: 'front' })).toBe(true);
    expect(selectorMatches(sel, { app: 'web' })).toBe(false);
    expect(selectorMatches(sel, { app: 'api', tier: 'front' })).toBe(false);
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [] }, {})).toBe(true);
    expect(
      selectorMatches(
        { matchLabels: {}, matchExpressions: [{ key: 'x', operator: 'DoesNotExist', values: [] }] },
        { x: '' },
      ),
    ).toBe(false);
    expect(
      selectorMatches(
        { matchLabels: {}, matchExpressions: [{ key: 'x', operator: 'Exists', values: [] }] },
        { x: '' },
      ),
    ).toBe(true);
  });

  it('records what a Namespace enforces and what a NetworkPolicy selects', () => {
    const index = new WorkspaceIndex();
    index.update(
      'file:///ns.yaml',
      yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: prod
          labels: {pod-security.kubernetes.io/enforce: restricted}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: dev}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: prod}
        spec:
          policyTypes: [Ingress, Egress]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: nowhere}
        spec: {podSelector: {}}
      `,
    );
    // The labels (for admission policies' namespaceSelector) and the text (for `namespaceObject`) too.
    expect(index.find('Namespace', undefined, 'prod')?.data).toEqual({
      labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
      enforce: 'restricted',
      enforceVersion: 'latest',
      text: expect.stringContaining('name: prod') as unknown,
    });
    expect(index.find('Namespace', undefined, 'dev')?.data).toEqual({
      labels: {},
      text: expect.stringContaining('name: dev') as unknown,
    });
    const np = index.find('NetworkPolicy', 'prod', 'deny');
    expect(np?.data).toMatchObject({ hasPodSelector: false, policyTypes: ['Ingress', 'Egress'] });
    expect(np && podSelectorOf(np)).toEqual({ matchLabels: {}, matchExpressions: [] });
    expect(index.inNamespace('NetworkPolicy', 'prod').map((o) => o.name)).toEqual(['deny']);
    expect(index.inNamespace('NetworkPolicy', undefined).map((o) => o.name)).toEqual(['nowhere']);
    expect(index.inNamespace('NetworkPolicy', 'default').map((o) => o.name)).toEqual(['nowhere']);
  });

  it('NotIn and an invalid operator, as the API server reads them', () => {
    const notIn = { matchLabels: {}, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] };
    expect(selectorMatches(notIn, { tier: 'web' })).toBe(true);
    expect(selectorMatches(notIn, {})).toBe(true);
    expect(selectorMatches(notIn, { tier: 'db' })).toBe(false);
    const bad = { matchLabels: {}, matchExpressions: [{ key: 'tier', operator: 'Is', values: ['web'] }] };
    expect(selectorMatches(bad, { tier: 'web' })).toBe(false);
  });

  it('effectiveNamespace: none or empty is "default"', () => {
    expect([effectiveNamespace(undefined), effectiveNamespace(''), effectiveNamespace('prod')]).toEqual([
      'default',
      'default',
      'prod',
    ]);
  });

  it('lists the files it holds: indexed objects, or objects that read them', () => {
    const index = new WorkspaceIndex();
    index.update('file:///sa.yaml', SA);
    index.update('file:///d.yaml', DEPLOYMENT);
    index.update('file:///svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n');
    // A ConfigMap may be an admission policy's params: indexed (as its text).
    index.update('file:///cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    expect(index.uris).toEqual(['file:///cm.yaml', 'file:///d.yaml', 'file:///sa.yaml', 'file:///svc.yaml']);
  });

  it('re-parses only the chunks whose text changed (unless memo is off)', () => {
    let parsed = 0;
    const parse = (text: string) => {
      parsed++;
      return parseChunk(text);
    };
    const two = `${SA}---\n${RBAC}`;
    const memo = new WorkspaceIndex({ parse });
    memo.update('file:///a.yaml', two);
    expect(parsed).toBe(3);
    memo.update(
      'file:///a.yaml',
      two.replace('automountServiceAccountToken: no', 'automountServiceAccountToken: yes'),
    );
    expect(parsed).toBe(4);
    const once = new WorkspaceIndex({ parse, memo: false });
    parsed = 0;
    once.update('file:///a.yaml', two);
    once.update('file:///a.yaml', two);
    expect(parsed).toBe(6);
  });

  it('a snapshot holds plain data, and an index built from it answers the same lookups', () => {
    const index = new WorkspaceIndex();
    index.update('file:///sa.yaml', SA);
    index.update('file:///rbac.yaml', RBAC);
    const snap = index.snapshot();
    expect(structuredClone(snap)).toEqual(snap);
    const copy = WorkspaceIndex.fromSnapshot(structuredClone(snap));
    expect(copy.version).toBe(1);
    expect(copy.uris).toEqual(index.uris);
    expect(copy.find('ServiceAccount', 'apps', 'runner')).toEqual(
      index.find('ServiceAccount', 'apps', 'runner'),
    );
    expect(copy.find('ClusterRole', undefined, 'reader')).toEqual(
      index.find('ClusterRole', undefined, 'reader'),
    );
    // Unchanged data is no change for the copy either.
    expect(copy.update('file:///sa.yaml', SA)).toBe(false);
  });
});

describe('CustomResourceDefinitions', () => {
  const crd = (spec: string) =>
    `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: gizmos.example.com\nspec:\n${spec}`;
  const NAMES = '  group: example.com\n  names:\n    kind: Widget\n    plural: gizmos\n  scope: Cluster\n';
  // A schema that is not YAML past its first line: only a read that stops before `versions` succeeds.
  const SCHEMAS = '  versions:\n    - name: v1\n      schema: { openAPIV3Schema: [unclosed\n';
  const expected = { group: 'example.com', kind: 'Widget', plural: 'gizmos', scope: 'Cluster' };

  it('records group, kind, plural and scope, read before the schemas', () => {
    const index = new WorkspaceIndex();
    index.update('file:///crd.yaml', crd(NAMES + SCHEMAS));
    expect(index.all('CustomResourceDefinition').map((o) => o.data)).toEqual([expected]);
  });

  it('reads the whole CRD when its names come after the schemas', () => {
    const index = new WorkspaceIndex();
    const versions = '  versions:\n    - name: v1\n      served: true\n';
    index.update('file:///crd.yaml', crd(versions + NAMES));
    expect(index.all('CustomResourceDefinition').map((o) => o.data)).toEqual([expected]);
  });

  it('a custom resource file depends on CRDs: editing one re-checks it', () => {
    const index = new WorkspaceIndex();
    index.update('file:///widget.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n');
    index.update('file:///crd.yaml', crd(NAMES + SCHEMAS));
    expect(index.dependants('file:///crd.yaml')).toEqual(['file:///widget.yaml']);
  });
});

describe('params above the size limit', () => {
  it('keep their size, not their text', () => {
    const index = new WorkspaceIndex();
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dashboards}\ndata:\n  a: "${'x'.repeat(MAX_PARAM_TEXT)}"\n`;
    const small = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: limits}\ndata: {max: "3"}\n';
    index.update('file:///cm.yaml', `${big}---\n${small}`);
    const [large, kept] = index.all('ConfigMap');
    expect(large?.data).toEqual({ tooLarge: big.length });
    expect(kept?.data).toEqual({ text: `---\n${small}` });
    // The snapshot (for worker threads) does not carry the text either.
    expect(JSON.stringify(index.snapshot()).length).toBeLessThan(10_000);
  });

  it('are read only for the kinds a policy names as its paramKind', () => {
    const policy = (paramKind: string) =>
      `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec:\n${paramKind}  matchConstraints: {resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}]}\n  validations: [{expression: 'true'}]\n`;
    const index = new WorkspaceIndex();
    index.update(
      'file:///cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: limits}\ndata: {max: "3"}\n',
    );
    index.update('file:///p.yaml', policy(''));
    expect(workspacePolicies(index).context.params).toEqual([]);
    index.update('file:///p.yaml', policy('  paramKind: {apiVersion: v1, kind: ConfigMap}\n'));
    expect(workspacePolicies(index).context.params?.map((p) => p.object.name)).toEqual(['limits']);
  });
});
