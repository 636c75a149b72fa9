import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { hostPid } from './host-pid';

ruleTester(hostPid, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers: [{name: app, image: nginx:1.27}]
    `,
    {
      name: 'quoted "true" is a string, which the API rejects; not a host namespace',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {hostPID: "true", containers: [{name: c, image: i:1}]}\n',
    },
  ],
  invalid: [
    {
      name: 'DaemonSet adds T1543.005',
      code: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          template:
            spec:
              hostPID: true
              containers:
              - name: agent
                image: agent:1.0
      `,
      errors: [
        {
          messageId: 'sharedHostNamespace',
          data: { key: 'hostPID' },
          line: 8,
          column: 7,
          endColumn: 20,
          attack: ['T1611', 'T1543.005'],
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          template:
            spec:
              hostPID: false
              containers:
              - name: agent
                image: agent:1.0
      `,
    },
  ],
});
