import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rbacDangerousSubject } from './rbac-dangerous-subject';

ruleTester(rbacDangerousSubject, {
  valid: [
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: b}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
      subjects:
        - {kind: ServiceAccount, name: app}
        - {kind: Group, name: platform}
        - {kind: ServiceAccount, name: system:anonymous}
    `,
    // Names that are properties of every JavaScript object are ordinary names here.
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: b}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
      subjects:
        - {kind: Group, name: toString}
        - {kind: User, name: constructor}
        - {kind: Group, name: __proto__}
    `,
  ],
  invalid: [
    {
      name: 'system group in a ClusterRoleBinding',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: b}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects:
          - kind: Group
            name: devs
          - kind: Group
            name: system:unauthenticated
      `,
      errors: [
        {
          messageId: 'systemSubject',
          data: {
            binding: { kind: 'ClusterRoleBinding', name: 'b' },
            kind: 'Group',
            name: 'system:unauthenticated',
          },
          line: 9,
          column: 5,
          endColumn: 33,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: b}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects:
          - kind: Group
            name: devs
      `,
    },
    {
      name: 'the default ServiceAccount is a warning',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: b, namespace: apps}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
        subjects:
          - {kind: ServiceAccount, name: default}
      `,
      errors: [
        {
          messageId: 'defaultServiceAccount',
          data: { binding: { kind: 'RoleBinding', name: 'b' }, namespace: 'apps' },
          line: 6,
          column: 28,
          endColumn: 41,
          severity: 'warning',
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: b, namespace: apps}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
      `,
    },
  ],
});
