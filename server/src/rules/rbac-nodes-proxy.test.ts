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
  ],
});
