import { indexed } from '../../../test/indexed';
import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rbacWildcard } from './rbac-wildcard';

const ADMIN_ROLE = yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: everything}
  rules:
    - apiGroups: ["*"]
      resources: ["*"]
      verbs: ["*"]
`;

ruleTester(rbacWildcard, {
  valid: [
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: r}
      rules:
        - apiGroups: [""]
          resources: ["pods"]
          verbs: ["get", "list"]
    `,
    {
      name: 'a binding to a role outside the workspace',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: b}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: everything}
        subjects: [{kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}]
      `,
    },
  ],
  invalid: [
    {
      name: 'every rule is checked, not only rules[0]',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r}
        rules:
          - apiGroups: [""]
            resources: ["configmaps"]
            verbs: ["get"]
          - apiGroups: [""]
            resources: ["pods"]
            verbs: ["get", "*"]
      `,
      errors: [
        {
          messageId: 'wildcardVerb',
          data: { role: { kind: 'Role', name: 'r' }, rule: 1 },
          line: 10,
          column: 20,
          endColumn: 23,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r}
        rules:
          - apiGroups: [""]
            resources: ["configmaps"]
            verbs: ["get"]
          - apiGroups: [""]
            resources: ["pods"]
            verbs: ["get", "get"]
      `,
    },
    {
      name: 'a wildcard API group on a read-only role',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: dashboard-viewer
        rules:
          - apiGroups: ["*"]
            resources: ["deployments", "statefulsets", "daemonsets"]
            verbs: ["get", "list", "watch"]
      `,
      errors: [
        {
          messageId: 'wildcardApiGroup',
          data: { role: { kind: 'ClusterRole', name: 'dashboard-viewer' }, rule: 0 },
          line: 6,
          column: 17,
          endColumn: 20,
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: dashboard-viewer
        rules:
          - apiGroups: [""]
            resources: ["deployments", "statefulsets", "daemonsets"]
            verbs: ["get", "list", "watch"]
      `,
    },
    {
      name: 'every resource of one API group, block style',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: monitoring-reader
          namespace: monitoring
        rules:
          - apiGroups:
              - monitoring.coreos.com
            resources:
              - '*'
            verbs:
              - get
              - list
              - watch
      `,
      errors: [
        {
          messageId: 'wildcardResource',
          data: { role: { kind: 'Role', name: 'monitoring-reader' }, rule: 0 },
          line: 10,
          column: 9,
          endColumn: 12,
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: monitoring-reader
          namespace: monitoring
        rules:
          - apiGroups:
              - monitoring.coreos.com
            resources:
              - 'pods'
            verbs:
              - get
              - list
              - watch
      `,
    },
    {
      name: 'all three wildcards: full admin',
      code: ADMIN_ROLE,
      errors: [
        {
          messageId: 'fullAdmin',
          data: { role: { kind: 'ClusterRole', name: 'everything' }, rule: 0 },
          line: 5,
          column: 17,
          endColumn: 20,
        },
        {
          messageId: 'fullAdmin',
          data: { role: { kind: 'ClusterRole', name: 'everything' }, rule: 0 },
          line: 6,
          column: 17,
          endColumn: 20,
        },
        {
          messageId: 'fullAdmin',
          data: { role: { kind: 'ClusterRole', name: 'everything' }, rule: 0 },
          line: 7,
          column: 13,
          endColumn: 16,
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: everything}
        rules:
          - apiGroups: [""]
            resources: ["pods"]
            verbs: ["get"]
      `,
    },
    {
      name: 'a ClusterRoleBinding granting a wildcard role found in another file',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: b}
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: everything
        subjects: [{kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}]
      `,
      index: indexed(ADMIN_ROLE),
      errors: [
        {
          messageId: 'bindingGrants',
          data: {
            binding: { kind: 'ClusterRoleBinding', name: 'b' },
            subjects: [{ kind: 'Group', name: 'devs' }],
            role: { kind: 'ClusterRole', name: 'everything' },
          },
          line: 7,
          column: 3,
          endColumn: 19,
        },
      ],
    },
  ],
});
