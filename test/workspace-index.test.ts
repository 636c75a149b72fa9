import { describe, expect, it } from 'vitest';
import { yaml } from '../server/src/engine/yaml-tag';
import {
  automountOf,
  podSelectorOf,
  roleRulesOf,
  selectorMatches,
  WorkspaceIndex,
} from '../server/src/engine/workspace-index';

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
});
