import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { runAsNonRoot } from './run-as-non-root';

ruleTester(runAsNonRoot, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        securityContext: {runAsNonRoot: true}
        containers: [{name: app, image: nginx:1.27}]
    `,
    {
      name: 'every container sets it',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: i:1, securityContext: {runAsNonRoot: true}}]}\n',
    },
    {
      name: 'user namespaces (hostUsers: false) relax the check from 1.35',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {hostUsers: false, containers: [{name: c, image: i:1}]}\n',
    },
  ],
  invalid: [
    {
      name: 'unset: added to the pod, whose spec has no securityContext yet',
      code: yaml`
        apiVersion: batch/v1
        kind: Job
        metadata: {name: j}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: job
                  image: job:1.0
      `,
      errors: [
        { messageId: 'mayRunAsRoot', data: { containers: ['job'] }, line: 6, column: 5, endColumn: 9 },
      ],
      output: yaml`
        apiVersion: batch/v1
        kind: Job
        metadata: {name: j}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: job
                  image: job:1.0
              securityContext:
                runAsNonRoot: true
      `,
    },
    {
      name: 'a pod-level false fails even when every container overrides it (Pod Security Admission)',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  securityContext:\n    runAsNonRoot: false\n  containers:\n  - name: c\n    image: i:1\n    securityContext: {runAsNonRoot: true}\n',
      errors: [{ messageId: 'nonRootDisabled', data: {}, line: 6, column: 5, endColumn: 24 }],
      output:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: c\n    image: i:1\n    securityContext: {runAsNonRoot: true}\n',
    },
    {
      name: 'hostUsers: false does not relax before 1.35',
      settings: { kubernetesVersion: '1.34' },
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {hostUsers: false, containers: [{name: c, image: i:1}]}\n',
      errors: [{ messageId: 'mayRunAsRoot', data: { containers: ['c'] }, line: 4, column: 1, endColumn: 5 }],
      output:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {hostUsers: false, containers: [{name: c, image: i:1}], securityContext: {runAsNonRoot: true}}\n',
    },
    {
      name: 'a misspelled runAsNonRoot: reported on the misspelling, with no fix adding a second key',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            runAsNonroot: true
          containers: [{name: c, image: i:1}]
      `,
      errors: [{ messageId: 'mayRunAsRoot', data: { containers: ['c'] }, line: 6, column: 5, endColumn: 23 }],
      output: null,
    },
  ],
});
