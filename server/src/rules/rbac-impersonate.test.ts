import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rbacImpersonate } from './rbac-impersonate';

ruleTester(rbacImpersonate, {
  valid: [
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: c}
      rules:
        - apiGroups: [""]
          resources: ["users", "serviceaccounts"]
          verbs: ["get", "list"]
    `,
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: c}
        rules:
          - apiGroups: [""]
            resources: ["serviceaccounts"]
            resourceNames: ["ci"]
            verbs: ["get", "impersonate"]
          - apiGroups: ["authentication.k8s.io"]
            resources: ["userextras/scopes"]
            verbs:
              - impersonate
      `,
      errors: [
        {
          messageId: 'roleGrants',
          data: {
            role: { kind: 'ClusterRole', name: 'c' },
            rule: 0,
            verb: 'impersonate',
            resources: ['serviceaccounts'],
          },
          line: 8,
          column: 20,
          endColumn: 33,
          severity: 'warning',
        },
        {
          messageId: 'roleGrants',
          data: {
            role: { kind: 'ClusterRole', name: 'c' },
            rule: 1,
            verb: 'impersonate',
            resources: ['userextras/scopes'],
          },
          line: 12,
          column: 9,
          endColumn: 20,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: c}
        rules:
          - apiGroups: [""]
            resources: ["serviceaccounts"]
            resourceNames: ["ci"]
            verbs: ["get"]
      `,
    },
  ],
});
