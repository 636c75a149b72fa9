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
  ],
});
