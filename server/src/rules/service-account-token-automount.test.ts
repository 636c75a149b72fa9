import { indexed } from '../../../test/indexed';
import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { serviceAccountTokenAutomount } from './service-account-token-automount';

const POD_WITH_SA = yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: p, namespace: apps}
  spec:
    serviceAccountName: runner
    containers: [{name: app, image: nginx:1.27}]
`;

ruleTester(serviceAccountTokenAutomount, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        automountServiceAccountToken: false
        containers: [{name: app, image: nginx:1.27}]
    `,
    {
      name: 'the referenced ServiceAccount (another file, same namespace) disables automounting',
      code: POD_WITH_SA,
      index: indexed(yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: runner, namespace: apps}
        automountServiceAccountToken: false
      `),
    },
    yaml`
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: runner}
      automountServiceAccountToken: false
    `,
  ],
  invalid: [
    {
      name: 'nothing set: the API default is true',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: nginx:1.27
      `,
      errors: [
        {
          messageId: 'automountNotDisabled',
          data: { kind: 'Deployment', name: 'web', serviceAccount: 'default', inWorkspace: false },
          line: 6,
          column: 5,
          endColumn: 9,
          severity: 'warning',
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: nginx:1.27
              automountServiceAccountToken: false
      `,
    },
    {
      name: 'the pod value wins over a ServiceAccount that disables it',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: apps}
        spec:
          serviceAccountName: runner
          automountServiceAccountToken: true
          containers: [{name: app, image: nginx:1.27}]
      `,
      index: indexed(yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: runner, namespace: apps}
        automountServiceAccountToken: false
      `),
      errors: [
        {
          messageId: 'automountEnabled',
          data: { kind: 'Pod', name: 'p' },
          line: 6,
          column: 3,
          endColumn: 37,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: apps}
        spec:
          serviceAccountName: runner
          automountServiceAccountToken: false
          containers: [{name: app, image: nginx:1.27}]
      `,
    },
    {
      name: 'a ServiceAccount in another namespace does not count',
      code: POD_WITH_SA,
      index: indexed(yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: runner}
        automountServiceAccountToken: false
      `),
      errors: [
        {
          messageId: 'automountNotDisabled',
          data: { kind: 'Pod', name: 'p', serviceAccount: 'runner', inWorkspace: false },
          line: 4,
          column: 1,
          endColumn: 5,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: apps}
        spec:
          serviceAccountName: runner
          containers: [{name: app, image: nginx:1.27}]
          automountServiceAccountToken: false
      `,
    },
    {
      name: 'the ServiceAccount object itself',
      code: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: runner
      `,
      errors: [
        {
          messageId: 'serviceAccountAutomount',
          data: { serviceAccount: 'runner' },
          line: 2,
          column: 1,
          endColumn: 21,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: runner
        automountServiceAccountToken: false
      `,
    },
  ],
});
