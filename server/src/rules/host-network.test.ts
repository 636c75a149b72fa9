import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { hostNetwork } from './host-network';

ruleTester(hostNetwork, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        hostNetwork: false
        containers: [{name: app, image: nginx:1.27}]
    `,
    { name: 'not a Kubernetes object', code: 'hostNetwork: true\nspec:\n  hostNetwork: true\n' },
    {
      name: 'ConfigMap data is not a pod spec',
      code: yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        data:
          hostNetwork: "true"
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              hostNetwork: true # needed?
              containers:
                - name: app
                  image: nginx:1.27
      `,
      errors: [
        {
          messageId: 'sharedHostNamespace',
          data: { key: 'hostNetwork' },
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 24,
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              hostNetwork: false # needed?
              containers:
                - name: app
                  image: nginx:1.27
      `,
    },
    {
      name: 'YAML 1.1 boolean, as Kubernetes reads it',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {hostNetwork: yes, containers: [{name: c}]}\n',
      errors: [
        { messageId: 'sharedHostNamespace', data: { key: 'hostNetwork' }, line: 4, column: 8, endColumn: 24 },
      ],
      output:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {hostNetwork: false, containers: [{name: c}]}\n',
    },
    {
      name: 'second document of a CronJob stream, CRLF',
      code: 'kind: A\r\n---\r\napiVersion: batch/v1\r\nkind: CronJob\r\nmetadata:\r\n  name: c\r\nspec:\r\n  jobTemplate:\r\n    spec:\r\n      template:\r\n        spec:\r\n          hostNetwork: true\r\n',
      errors: [
        {
          messageId: 'sharedHostNamespace',
          data: { key: 'hostNetwork' },
          line: 12,
          column: 11,
          attack: ['T1611', 'T1046', 'T1053.007'],
        },
      ],
      output:
        'kind: A\r\n---\r\napiVersion: batch/v1\r\nkind: CronJob\r\nmetadata:\r\n  name: c\r\nspec:\r\n  jobTemplate:\r\n    spec:\r\n      template:\r\n        spec:\r\n          hostNetwork: false\r\n',
    },
  ],
});
