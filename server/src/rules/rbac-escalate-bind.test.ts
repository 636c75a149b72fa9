import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rbacEscalateBind } from './rbac-escalate-bind';

ruleTester(rbacEscalateBind, {
  valid: [
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: c}
      rules:
        - apiGroups: ["rbac.authorization.k8s.io"]
          resources: ["clusterroles", "roles"]
          verbs: ["get", "list"]
        - apiGroups: [""]
          resources: ["roles"]
          verbs: ["bind"]
    `,
  ],
  invalid: [
    {
      name: 'on clusterroles (Trivy KSV050 misses these)',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: c}
        rules:
          - apiGroups: ["rbac.authorization.k8s.io"]
            resources: ["clusterroles"]
            verbs: ["get", "escalate", "bind"]
      `,
      errors: [
        {
          messageId: 'roleGrants',
          data: {
            role: { kind: 'ClusterRole', name: 'c' },
            rule: 0,
            verb: 'escalate',
            resources: ['clusterroles'],
          },
          line: 7,
          column: 20,
          endColumn: 30,
          severity: 'error',
        },
        {
          messageId: 'roleGrants',
          data: {
            role: { kind: 'ClusterRole', name: 'c' },
            rule: 0,
            verb: 'bind',
            resources: ['clusterroles'],
          },
          line: 7,
          column: 32,
          endColumn: 38,
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: c}
        rules:
          - apiGroups: ["rbac.authorization.k8s.io"]
            resources: ["clusterroles"]
            verbs: ["get"]
      `,
    },
  ],
});
