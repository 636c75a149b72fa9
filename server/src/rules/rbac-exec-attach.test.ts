import { indexed } from '../../../test/indexed';
import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rbacExecAttach } from './rbac-exec-attach';

const ROLE = yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: debugger}
  rules:
    - apiGroups: [""]
      resources: ["pods", "pods/exec", "pods/attach"]
      verbs: ["get"]
`;

ruleTester(rbacExecAttach, {
  valid: [
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: r}
      rules:
        - apiGroups: [""]
          resources: ["pods", "pods/log"]
          verbs: ["get", "create"]
    `,
  ],
  invalid: [
    {
      name: 'get is enough (WebSocket exec)',
      code: ROLE,
      errors: [
        {
          messageId: 'roleGrants',
          data: {
            role: { kind: 'ClusterRole', name: 'debugger' },
            rule: 0,
            resource: 'pods/exec',
            verbs: ['get'],
          },
          line: 6,
          column: 25,
          endColumn: 36,
          severity: 'error',
        },
        {
          messageId: 'roleGrants',
          data: {
            role: { kind: 'ClusterRole', name: 'debugger' },
            rule: 0,
            resource: 'pods/attach',
            verbs: ['get'],
          },
          line: 6,
          column: 38,
          endColumn: 51,
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: debugger}
        rules:
          - apiGroups: [""]
            resources: ["pods"]
            verbs: ["get"]
      `,
    },
    {
      name: '*/exec covers pods/exec',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r}
        rules:
          - apiGroups: [""]
            resources: ["pods", "*/exec"]
            verbs: ["create"]
      `,
      errors: [
        {
          messageId: 'roleGrants',
          data: { role: { kind: 'Role', name: 'r' }, rule: 0, resource: '*/exec', verbs: ['create'] },
          line: 6,
          column: 25,
          endColumn: 33,
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r}
        rules:
          - apiGroups: [""]
            resources: ["pods"]
            verbs: ["create"]
      `,
    },
    {
      name: 'a ClusterRoleBinding of that ClusterRole',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: b}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: debugger}
        subjects: [{kind: User, name: alice}]
      `,
      index: indexed(ROLE),
      errors: [
        {
          messageId: 'bindingGrants',
          data: {
            binding: { kind: 'ClusterRoleBinding', name: 'b' },
            subjects: [{ kind: 'User', name: 'alice' }],
            role: { kind: 'ClusterRole', name: 'debugger' },
          },
          line: 4,
          column: 67,
          endColumn: 81,
        },
      ],
    },
  ],
});
