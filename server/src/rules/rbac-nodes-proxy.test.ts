import { indexed } from '../../../test/indexed';
import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rbacNodesProxy } from './rbac-nodes-proxy';

ruleTester(rbacNodesProxy, {
  valid: [
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: metrics}
      rules:
        - apiGroups: [""]
          resources: ["nodes", "nodes/metrics", "nodes/stats"]
          verbs: ["get"]
    `,
  ],
  invalid: [
    {
      name: 'any verb, including get',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: metrics}
        rules:
          - apiGroups: [""]
            resources: ["nodes", "nodes/proxy"]
            verbs: ["get"]
      `,
      errors: [
        {
          messageId: 'roleGrants',
          data: {
            role: { kind: 'ClusterRole', name: 'metrics' },
            rule: 0,
            resource: 'nodes/proxy',
            verbs: ['get'],
          },
          line: 6,
          column: 26,
          endColumn: 39,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: metrics}
        rules:
          - apiGroups: [""]
            resources: ["nodes"]
            verbs: ["get"]
      `,
    },
    {
      name: 'the ClusterRoleBinding of a Prometheus ClusterRole with nodes/proxy, found through the index',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: prometheus
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: prometheus
        subjects:
          - kind: ServiceAccount
            name: prometheus
            namespace: monitoring
      `,
      index: indexed(yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: prometheus
        rules:
          - apiGroups: [""]
            resources: ["nodes", "nodes/metrics", "nodes/proxy", "services", "endpoints", "pods"]
            verbs: ["get", "list", "watch"]
      `),
      errors: [
        {
          messageId: 'bindingGrants',
          data: {
            binding: { kind: 'ClusterRoleBinding', name: 'prometheus' },
            subjects: [{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' }],
            role: { kind: 'ClusterRole', name: 'prometheus' },
          },
          line: 8,
          column: 3,
          endColumn: 19,
        },
      ],
    },
  ],
});
