import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { privilegedContainer } from './privileged-container';

ruleTester(privilegedContainer, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            image: nginx:1.27
            securityContext: {privileged: false}
    `,
    {
      name: 'privileged is a container field only; the pod-level one is another rule',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            privileged: true
          containers: [{name: app, image: nginx:1.27}]
      `,
    },
  ],
  invalid: [
    {
      name: 'init and ephemeral containers are checked too; the comment stays',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          initContainers:
            - name: setup
              image: busybox:1.36
              securityContext:
                privileged: true   # needs the device
          containers:
            - name: app
              image: nginx:1.27
          ephemeralContainers:
            - name: debug
              image: busybox:1.36
              securityContext: {privileged: yes}
      `,
      errors: [
        {
          messageId: 'privileged',
          data: { container: { list: 'initContainers', name: 'setup' } },
          line: 9,
          column: 9,
          endColumn: 25,
        },
        {
          messageId: 'privileged',
          data: { container: { list: 'ephemeralContainers', name: 'debug' } },
          line: 16,
          column: 25,
          endColumn: 40,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          initContainers:
            - name: setup
              image: busybox:1.36
              securityContext:
                privileged: false   # needs the device
          containers:
            - name: app
              image: nginx:1.27
          ephemeralContainers:
            - name: debug
              image: busybox:1.36
              securityContext: {privileged: false}
      `,
    },
  ],
});
