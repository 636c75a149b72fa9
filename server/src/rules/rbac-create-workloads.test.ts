import { indexed } from '../../../test/indexed';
import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rbacCreateWorkloads } from './rbac-create-workloads';

ruleTester(rbacCreateWorkloads, {
  valid: [
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: r}
      rules:
        - apiGroups: ["apps"]
          resources: ["deployments"]
          verbs: ["get", "list", "patch"]
        - apiGroups: [""]
          resources: ["deployments"]
          verbs: ["create"]
    `,
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: deployer}
        rules:
          - apiGroups: ["apps", "batch"]
            resources: ["deployments", "cronjobs"]
            verbs: ["get", "create"]
          - apiGroups: [""]
            resources: ["pods"]
            verbs: ["*"]
      `,
      errors: [
        {
          messageId: 'roleGrants',
          data: {
            role: { kind: 'ClusterRole', name: 'deployer' },
            rule: 0,
            verb: 'create',
            resources: ['deployments', 'cronjobs'],
          },
          line: 7,
          column: 20,
          endColumn: 28,
          severity: 'warning',
        },
        {
          messageId: 'roleGrants',
          data: { role: { kind: 'ClusterRole', name: 'deployer' }, rule: 1, verb: '*', resources: ['pods'] },
          line: 10,
          column: 13,
          endColumn: 16,
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: deployer}
        rules:
          - apiGroups: ["apps", "batch"]
            resources: ["deployments", "cronjobs"]
            verbs: ["get"]
          - apiGroups: [""]
            resources: ["pods"]
            verbs: ["*"]
      `,
    },
    {
      name: 'a RoleBinding of a Role that creates Deployments, found through the index',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: pipeline-deployer
          namespace: ci
        subjects:
          - kind: ServiceAccount
            name: pipeline
            namespace: ci
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: deployer
      `,
      index: indexed(yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: deployer
          namespace: ci
        rules:
          - apiGroups: ["apps"]
            resources: ["deployments"]
            verbs: ["get", "list", "create", "update"]
      `),
      errors: [
        {
          messageId: 'bindingGrants',
          data: {
            binding: { kind: 'RoleBinding', name: 'pipeline-deployer' },
            subjects: [{ kind: 'ServiceAccount', name: 'pipeline', namespace: 'ci' }],
            role: { kind: 'Role', name: 'deployer' },
          },
          line: 13,
          column: 3,
          endColumn: 17,
        },
      ],
    },
  ],
});
