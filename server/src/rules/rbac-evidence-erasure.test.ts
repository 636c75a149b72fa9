import { indexed } from '../../../test/indexed';
import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rbacEvidenceErasure } from './rbac-evidence-erasure';

ruleTester(rbacEvidenceErasure, {
  valid: [
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: r}
      rules:
        - apiGroups: ["", "events.k8s.io"]
          resources: ["events"]
          verbs: ["get", "list", "watch", "create"]
    `,
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r}
        rules:
          - apiGroups: ["events.k8s.io"]
            resources: ["events"]
            verbs: ["list", "deletecollection"]
          - apiGroups: [""]
            resources: ["pods", "pods/log"]
            verbs: ["delete"]
      `,
      errors: [
        {
          messageId: 'roleGrants',
          data: {
            role: { kind: 'Role', name: 'r' },
            rule: 0,
            verb: 'deletecollection',
            resources: ['events'],
          },
          line: 7,
          column: 21,
          endColumn: 39,
          severity: 'warning',
        },
        {
          messageId: 'roleGrants',
          data: { role: { kind: 'Role', name: 'r' }, rule: 1, verb: 'delete', resources: ['pods/log'] },
          line: 10,
          column: 13,
          endColumn: 21,
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r}
        rules:
          - apiGroups: ["events.k8s.io"]
            resources: ["events"]
            verbs: ["list"]
      `,
    },
    {
      name: 'a ClusterRoleBinding of a ClusterRole that deletes events, found through the index',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: event-janitor
        subjects:
          - kind: ServiceAccount
            name: janitor
            namespace: ops
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: event-janitor
      `,
      index: indexed(yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: event-janitor
        rules:
          - apiGroups: ["", "events.k8s.io"]
            resources: ["events"]
            verbs: ["list", "delete", "deletecollection"]
      `),
      errors: [
        {
          messageId: 'bindingGrants',
          data: {
            binding: { kind: 'ClusterRoleBinding', name: 'event-janitor' },
            subjects: [{ kind: 'ServiceAccount', name: 'janitor', namespace: 'ops' }],
            role: { kind: 'ClusterRole', name: 'event-janitor' },
          },
          line: 12,
          column: 3,
          endColumn: 22,
        },
      ],
    },
  ],
});
