import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { imagePullPolicyNotAlways } from './image-pull-policy-not-always';

ruleTester(imagePullPolicyNotAlways, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - {name: explicit, image: nginx:1.27, imagePullPolicy: Always}
          - {name: latest-defaults-to-always, image: nginx:latest}
          - {name: untagged-defaults-to-always, image: registry:5000/app}
    `,
  ],
  invalid: [
    {
      name: 'explicit IfNotPresent',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              imagePullPolicy: IfNotPresent
      `,
      errors: [
        {
          messageId: 'policyNotAlways',
          data: { container: { list: 'containers', name: 'app' }, policy: 'IfNotPresent' },
          line: 8,
          column: 7,
          endColumn: 36,
          severity: 'info',
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              imagePullPolicy: Always
      `,
    },
    {
      name: 'API defaulting: a tag or a digest defaults to IfNotPresent',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
            - {name: pinned, image: nginx@sha256:0a1b}
      `,
      errors: [
        {
          messageId: 'missingPolicy',
          data: { container: { list: 'containers', name: 'app' }, image: 'nginx:1.27' },
          line: 7,
          column: 7,
          endColumn: 24,
        },
        {
          messageId: 'missingPolicy',
          data: { container: { list: 'containers', name: 'pinned' }, image: 'nginx@sha256:0a1b' },
          line: 8,
          column: 22,
          endColumn: 46,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              imagePullPolicy: Always
            - {name: pinned, image: nginx@sha256:0a1b, imagePullPolicy: Always}
      `,
    },
  ],
});
