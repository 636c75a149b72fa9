import { indexed } from '../../../test/indexed';
import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rbacClusterAdminBinding } from './rbac-cluster-admin-binding';

ruleTester(rbacClusterAdminBinding, {
  valid: [
    {
      name: 'the control plane’s own default bindings (system: prefix) are reconciled by the API server',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: system:masters-admin
          labels: {kubernetes.io/bootstrapping: rbac-defaults}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects: [{kind: Group, name: system:masters}]
      `,
    },
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: b}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
      subjects: [{kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}]
    `,
    {
      name: 'a namespaced Role that happens to be called cluster-admin',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: b}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cluster-admin}
        subjects: [{kind: User, name: alice}]
      `,
    },
  ],
  invalid: [
    {
      name: 'ClusterRoleBinding spelled as the API does',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: ci}
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: cluster-admin
        subjects:
          - {kind: ServiceAccount, name: ci, namespace: ci}
      `,
      errors: [
        {
          messageId: 'clusterAdmin',
          data: {
            binding: { kind: 'ClusterRoleBinding', name: 'ci' },
            subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'ci' }],
          },
          line: 7,
          column: 3,
          endColumn: 22,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: ci}
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: least-privilege-role
        subjects:
          - {kind: ServiceAccount, name: ci, namespace: ci}
      `,
    },
    {
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: ns-admin, namespace: apps}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects: [{kind: Group, name: devs}]
      `,
      errors: [
        {
          messageId: 'clusterAdmin',
          data: {
            binding: { kind: 'RoleBinding', name: 'ns-admin' },
            subjects: [{ kind: 'Group', name: 'devs' }],
          },
          line: 4,
          column: 67,
          endColumn: 86,
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: ns-admin, namespace: apps}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: least-privilege-role}
        subjects: [{kind: Group, name: devs}]
      `,
    },
    {
      name: 'a workspace ClusterRole granting every verb on everything is cluster-admin by another name',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: ops}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: everything}
        subjects: [{kind: User, name: alice}]
      `,
      index: indexed(yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: everything}
        rules:
          - apiGroups: ["*"]
            resources: ["*"]
            verbs: [get, list, watch, create, update, patch, delete]
      `),
      errors: [
        {
          messageId: 'bindingGrants',
          data: {
            binding: { kind: 'ClusterRoleBinding', name: 'ops' },
            subjects: [{ kind: 'User', name: 'alice' }],
            role: { kind: 'ClusterRole', name: 'everything' },
          },
          line: 4,
          column: 67,
          endColumn: 83,
        },
      ],
    },
  ],
});
