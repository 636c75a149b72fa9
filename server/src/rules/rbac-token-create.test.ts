import { indexed } from '../../../test/indexed';
import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rbacTokenCreate } from './rbac-token-create';

ruleTester(rbacTokenCreate, {
  valid: [
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: r}
      rules:
        - apiGroups: [""]
          resources: ["serviceaccounts", "serviceaccounts/token"]
          verbs: ["get"]
    `,
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r}
        rules:
          - apiGroups: [""]
            resources: ["serviceaccounts/token"]
            verbs: ["create"]
      `,
      errors: [
        {
          messageId: 'roleGrants',
          data: {
            role: { kind: 'Role', name: 'r' },
            rule: 0,
            resource: 'serviceaccounts/token',
            verbs: ['create'],
          },
          line: 6,
          column: 17,
          endColumn: 40,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r}
      `,
    },
    {
      name: 'a RoleBinding of a Role that mints service-account tokens, found through the index',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: vault-token-minter
          namespace: vault
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: token-minter
        subjects:
          - kind: ServiceAccount
            name: vault
            namespace: vault
      `,
      index: indexed(yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: token-minter
          namespace: vault
        rules:
          - apiGroups: [""]
            resources: ["serviceaccounts/token"]
            verbs: ["create"]
      `),
      errors: [
        {
          messageId: 'bindingGrants',
          data: {
            binding: { kind: 'RoleBinding', name: 'vault-token-minter' },
            subjects: [{ kind: 'ServiceAccount', name: 'vault', namespace: 'vault' }],
            role: { kind: 'Role', name: 'token-minter' },
          },
          line: 9,
          column: 3,
          endColumn: 21,
        },
      ],
    },
  ],
});
