import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { duplicateKey } from './duplicate-key';

ruleTester(duplicateKey, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            securityContext: {privileged: false}
          - name: app
            securityContext: {privileged: false}
    `,
    { name: 'not a Kubernetes object', code: 'a: 1\na: 2\n' },
    {
      name: 'ConfigMap is not checked',
      code: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: "1"\n  x: "2"\n',
    },
    {
      name: 'merge keys are not duplicates',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              securityContext:
                <<: {runAsNonRoot: true}
                <<: {readOnlyRootFilesystem: true}
      `,
    },
  ],
  invalid: [
    {
      name: 'privileged twice: the ignored first one is reported, as an error',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          containers:
            - name: app
              securityContext:
                privileged: false
                runAsNonRoot: true
                privileged: true
      `,
      errors: [
        {
          messageId: 'duplicateKey',
          data: { key: 'privileged', count: 2, line: 11 },
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 26,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          containers:
            - name: app
              securityContext:
                runAsNonRoot: true
                privileged: true
      `,
    },
    {
      name: 'a label twice is a warning; three times gives two findings',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: a, app: b, app: c}
        spec:
          template:
            spec:
              hostNetwork: true
              hostNetwork: false
      `,
      errors: [
        {
          messageId: 'duplicateKey',
          data: { key: 'app', count: 3, line: 5 },
          line: 5,
          column: 12,
          severity: 'warning',
        },
        {
          messageId: 'duplicateKey',
          data: { key: 'app', count: 3, line: 5 },
          line: 5,
          column: 20,
          severity: 'warning',
        },
        {
          messageId: 'duplicateKey',
          data: { key: 'hostNetwork', count: 2, line: 10 },
          line: 9,
          column: 7,
          endColumn: 24,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: c}
        spec:
          template:
            spec:
              hostNetwork: false
      `,
    },
    {
      name: 'RBAC verbs key twice in a rule, CRLF',
      code: 'apiVersion: rbac.authorization.k8s.io/v1\r\nkind: Role\r\nmetadata: {name: r}\r\nrules:\r\n  - apiGroups: [""]\r\n    resources: [pods]\r\n    verbs: [get]\r\n    verbs: ["*"]\r\n',
      errors: [
        {
          messageId: 'duplicateKey',
          data: { key: 'verbs', count: 2, line: 8 },
          line: 7,
          column: 5,
          endColumn: 17,
          severity: 'error',
        },
      ],
      output:
        'apiVersion: rbac.authorization.k8s.io/v1\r\nkind: Role\r\nmetadata: {name: r}\r\nrules:\r\n  - apiGroups: [""]\r\n    resources: [pods]\r\n    verbs: ["*"]\r\n',
    },
    {
      name: 'numeric and boolean keys compare by their text',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          annotations:
            1: x
            1: y
        spec: {containers: [{name: c}]}
      `,
      errors: [
        {
          messageId: 'duplicateKey',
          data: { key: '1', count: 2, line: 7 },
          line: 6,
          column: 5,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          annotations:
            1: y
        spec: {containers: [{name: c}]}
      `,
    },
  ],
});
