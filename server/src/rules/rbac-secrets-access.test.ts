import { indexed } from '../../../test/indexed';
import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rbacSecretsAccess } from './rbac-secrets-access';

const ROLE = yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: Role
  metadata: {name: reader, namespace: apps}
  rules:
    - apiGroups: [""]
      resources: ["configmaps"]
      verbs: ["get"]
    - apiGroups: [""]
      resources: ["configmaps", "secrets"]
      verbs: ["get", "list"]
`;

const BINDING = yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBinding
  metadata: {name: reader, namespace: apps}
  roleRef:
    apiGroup: rbac.authorization.k8s.io
    kind: Role
    name: reader
  subjects:
    - kind: ServiceAccount
      name: app
      namespace: apps
`;

ruleTester(rbacSecretsAccess, {
  valid: [
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: c}
      rules:
        - apiGroups: [""]
          resources: ["secrets"]
          verbs: ["create", "update"]
        - apiGroups: ["apps"]
          resources: ["*"]
          verbs: ["get"]
    `,
    {
      name: 'a RoleBinding does not see a Role of another namespace',
      code: BINDING,
      index: indexed(ROLE.replace('namespace: apps', 'namespace: other')),
    },
  ],
  invalid: [
    {
      name: 'the second rule grants get/list on secrets',
      code: ROLE,
      errors: [
        {
          messageId: 'roleGrants',
          data: {
            role: { kind: 'Role', name: 'reader' },
            rule: 1,
            resource: 'secrets',
            verbs: ['get', 'list'],
          },
          line: 9,
          column: 31,
          endColumn: 40,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: reader, namespace: apps}
        rules:
          - apiGroups: [""]
            resources: ["configmaps"]
            verbs: ["get"]
          - apiGroups: [""]
            resources: ["configmaps"]
            verbs: ["get", "list"]
      `,
    },
    {
      name: 'narrowed by resourceNames: a warning; the only resource removes the whole rule',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r}
        rules:
          - apiGroups: [""]
            resources: ["pods"]
            verbs: ["get"]
          - apiGroups: [""]
            resources:
              - secrets
            resourceNames: ["tls"]
            verbs: ["watch"]
      `,
      errors: [
        {
          messageId: 'roleGrants',
          data: { role: { kind: 'Role', name: 'r' }, rule: 1, resource: 'secrets', verbs: ['watch'] },
          line: 10,
          column: 9,
          endColumn: 16,
          severity: 'warning',
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r}
        rules:
          - apiGroups: [""]
            resources: ["pods"]
            verbs: ["get"]
      `,
    },
    {
      name: 'the binding of that role, found through the index',
      code: BINDING,
      index: indexed(ROLE),
      errors: [
        {
          messageId: 'bindingGrants',
          data: {
            binding: { kind: 'RoleBinding', name: 'reader' },
            subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: 'apps' }],
            role: { kind: 'Role', name: 'reader' },
          },
          line: 7,
          column: 3,
          endColumn: 15,
        },
      ],
    },
  ],
});
