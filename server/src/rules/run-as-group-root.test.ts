import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { runAsGroupRoot } from './run-as-group-root';

ruleTester(runAsGroupRoot, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        securityContext:
          runAsGroup: 10001
          fsGroup: 10001
          supplementalGroups: [2000]
        containers:
          - name: app
            securityContext: {runAsGroup: 10002}
    `,
    {
      name: 'Windows pods are skipped',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          os: {name: windows}
          securityContext: {runAsGroup: 0}
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
            runAsGroup: 0
            fsGroup: 0
            supplementalGroups: [0, 2000]
          containers:
            - name: app
              securityContext:
                runAsGroup: 0
      `,
      errors: [
        {
          messageId: 'rootGroup',
          data: { key: 'runAsGroup' },
          line: 6,
          column: 5,
          endColumn: 18,
          severity: 'info',
        },
        { messageId: 'rootGroup', data: { key: 'fsGroup' }, line: 7, column: 5, endColumn: 15 },
        { messageId: 'rootSupplementalGroup', data: {}, line: 8, column: 26, endColumn: 27 },
        {
          messageId: 'rootGroup',
          data: { container: { list: 'containers', name: 'app' }, key: 'runAsGroup' },
          line: 12,
          column: 9,
          endColumn: 22,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            runAsGroup: 10001
            fsGroup: 10001
            supplementalGroups: [2000]
          containers:
            - name: app
              securityContext:
                runAsGroup: 10001
      `,
    },
    {
      name: 'the only supplemental group',
      code: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  securityContext:
                    runAsUser: 10001
                    supplementalGroups:
                      - 0
                  containers:
                    - name: job
      `,
      errors: [{ messageId: 'rootSupplementalGroup', data: {}, line: 12, column: 17, endColumn: 18 }],
      output: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  securityContext:
                    runAsUser: 10001
                  containers:
                    - name: job
      `,
    },
  ],
});
