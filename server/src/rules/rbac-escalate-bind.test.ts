import { indexed } from '../../../test/indexed';
import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rbacEscalateBind } from './rbac-escalate-bind';

ruleTester(rbacEscalateBind, {
  valid: [
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: c}
      rules:
        - apiGroups: ["rbac.authorization.k8s.io"]
          resources: ["clusterroles", "roles"]
          verbs: ["get", "list"]
        - apiGroups: [""]
          resources: ["roles"]
          verbs: ["bind"]
    `,
  ],
  invalid: [
    {
      name: 'on clusterroles (Trivy KSV050 misses these)',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: c}
        rules:
          - apiGroups: ["rbac.authorization.k8s.io"]
            resources: ["clusterroles"]
            verbs: ["get", "escalate", "bind"]
      `,
      errors: [
        {
          messageId: 'roleGrants',
          data: {
            role: { kind: 'ClusterRole', name: 'c' },
            rule: 0,
            verb: 'escalate',
            resources: ['clusterroles'],
          },
          line: 7,
          column: 20,
          endColumn: 30,
          severity: 'error',
        },
        {
          messageId: 'roleGrants',
          data: {
            role: { kind: 'ClusterRole', name: 'c' },
            rule: 0,
            verb: 'bind',
            resources: ['clusterroles'],
          },
          line: 7,
          column: 32,
          endColumn: 38,
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: c}
        rules:
          - apiGroups: ["rbac.authorization.k8s.io"]
            resources: ["clusterroles"]
            verbs: ["get"]
      `,
    },
    {
      name: 'a ClusterRoleBinding of a ClusterRole with bind and escalate, found through the index',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: team-rbac-manager
        subjects:
          - kind: Group
            name: team-leads
            apiGroup: rbac.authorization.k8s.io
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: rbac-manager
      `,
      index: indexed(yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: rbac-manager
        rules:
          - apiGroups: ["rbac.authorization.k8s.io"]
            resources: ["roles", "rolebindings"]
            verbs: ["get", "list", "create", "update", "bind", "escalate"]
      `),
      errors: [
        {
          messageId: 'bindingGrants',
          data: {
            binding: { kind: 'ClusterRoleBinding', name: 'team-rbac-manager' },
            subjects: [{ kind: 'Group', name: 'team-leads' }],
            role: { kind: 'ClusterRole', name: 'rbac-manager' },
          },
          line: 12,
          column: 3,
          endColumn: 21,
        },
      ],
    },
  ],
});
