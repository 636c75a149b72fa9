import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { lowUserId } from './low-user-id';

ruleTester(lowUserId, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        securityContext: {runAsUser: 10001, runAsGroup: 10001}
        containers:
          - name: app
    `,
    {
      name: 'a pod value every container overrides is not effective; 0 is left to the root rules',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext: {runAsUser: 1000}
          containers:
            - name: app
              securityContext: {runAsUser: 0}
      `,
    },
    {
      name: 'user namespaces map the IDs away from the host',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          hostUsers: false
          securityContext: {runAsUser: 1000}
          containers:
            - name: app
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            runAsUser: 1000
            runAsGroup: 3000
          containers:
            - name: app
            - name: web
            - name: own
              securityContext:
                runAsUser: 20000
                runAsGroup: 0
      `,
      errors: [
        {
          messageId: 'lowId',
          data: { key: 'runAsUser', id: 1000, containers: ['app', 'web'] },
          line: 6,
          column: 5,
          endColumn: 20,
          severity: 'info',
        },
        {
          messageId: 'lowId',
          data: { key: 'runAsGroup', id: 3000, containers: ['app', 'web'] },
          line: 7,
          column: 5,
          endColumn: 21,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            runAsUser: 10001
            runAsGroup: 10001
          containers:
            - name: app
            - name: web
            - name: own
              securityContext:
                runAsUser: 20000
                runAsGroup: 0
      `,
    },
    {
      name: 'container level',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              securityContext: {runAsUser: 101}
      `,
      errors: [
        {
          messageId: 'lowId',
          data: { key: 'runAsUser', id: 101, container: { list: 'containers', name: 'app' } },
          line: 7,
          column: 25,
          endColumn: 39,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              securityContext: {runAsUser: 10001}
      `,
    },
  ],
});
