import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { hostIpc } from './host-ipc';

ruleTester(hostIpc, {
  valid: [
    yaml`
      apiVersion: v1
      kind: PodTemplate
      metadata: {name: t}
      template:
        spec:
          hostIPC: false
          containers: [{name: app, image: nginx:1.27}]
    `,
  ],
  invalid: [
    {
      name: 'PodTemplate keeps its pod spec under the top-level template',
      code: yaml`
        apiVersion: v1
        kind: PodTemplate
        metadata: {name: t}
        template:
          spec:
            hostIPC: true
            containers: [{name: app, image: nginx:1.27}]
      `,
      errors: [
        { messageId: 'sharedHostNamespace', data: { key: 'hostIPC' }, line: 6, column: 5, endColumn: 18 },
      ],
      output: yaml`
        apiVersion: v1
        kind: PodTemplate
        metadata: {name: t}
        template:
          spec:
            hostIPC: false
            containers: [{name: app, image: nginx:1.27}]
      `,
    },
  ],
});
