import { indexed } from '../../../test/indexed';
import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { defaultServiceAccount } from './default-service-account';

const POD = yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: p}
  spec:
    containers: [{name: app, image: nginx:1.27}]
`;

ruleTester(defaultServiceAccount, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        serviceAccountName: web
        containers: [{name: app, image: nginx:1.27}]
    `,
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        automountServiceAccountToken: false
        containers: [{name: app, image: nginx:1.27}]
    `,
    {
      name: 'the default ServiceAccount of the namespace does not mount its token',
      code: POD,
      index: indexed(yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: default}
        automountServiceAccountToken: false
      `),
    },
  ],
  invalid: [
    {
      name: 'serviceAccountName absent',
      code: POD,
      errors: [
        {
          messageId: 'defaultServiceAccount',
          data: { object: { kind: 'Pod', name: 'p' } },
          line: 4,
          column: 1,
          endColumn: 5,
          severity: 'info',
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: app, image: nginx:1.27}]
          serviceAccountName: p
      `,
    },
    {
      name: 'explicit default through the deprecated alias',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              serviceAccount: default
              containers: [{name: app, image: nginx:1.27}]
      `,
      errors: [
        {
          messageId: 'defaultServiceAccount',
          data: { object: { kind: 'Deployment', name: 'web' } },
          line: 7,
          column: 7,
          endColumn: 30,
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              serviceAccount: web
              containers: [{name: app, image: nginx:1.27}]
      `,
    },
  ],
});
