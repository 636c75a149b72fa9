import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { imageNotPinned } from './image-not-pinned';

ruleTester(imageNotPinned, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0@sha256:3e1f46b54bbb4b2e56d1b7c5a8b7a8d0e3d0a6a6f0c4c7e6f3c1b7e0f3a8d9c2
    `,
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: job
                      image: registry:5000/job:1.0
      `,
      errors: [
        {
          messageId: 'notPinned',
          data: { container: { list: 'containers', name: 'job' }, image: 'registry:5000/job:1.0' },
          line: 11,
          column: 15,
          endColumn: 43,
          severity: 'hint',
        },
      ],
    },
  ],
});
