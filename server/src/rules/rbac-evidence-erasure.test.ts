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
          line: 7,
          column: 21,
          endColumn: 39,
          severity: 'warning',
          message: 'grants `deletecollection` on `events`',
        },
        { line: 10, column: 13, endColumn: 21, message: 'grants `delete` on `pods/log`' },
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
  ],
});
