import { indexed } from '../../../test/indexed';
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
    {
      name: 'a RoleBinding of a ClusterRole that impersonates service accounts, found through the index',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: ci-impersonates-deployers
          namespace: deploy
        subjects:
          - kind: ServiceAccount
            name: ci-runner
            namespace: ci
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: sa-impersonator
      `,
      index: indexed(yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: sa-impersonator
        rules:
          - apiGroups: [""]
            resources: ["serviceaccounts"]
            verbs: ["impersonate"]
      `),
      errors: [
        {
          messageId: 'bindingGrants',
          data: {
            binding: { kind: 'RoleBinding', name: 'ci-impersonates-deployers' },
            subjects: [{ kind: 'ServiceAccount', name: 'ci-runner', namespace: 'ci' }],
            role: { kind: 'ClusterRole', name: 'sa-impersonator' },
          },
          line: 13,
          column: 3,
          endColumn: 24,
        },
      ],
    },
  ],
});
