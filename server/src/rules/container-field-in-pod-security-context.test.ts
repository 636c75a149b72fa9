import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { containerFieldInPodSecurityContext } from './container-field-in-pod-security-context';

ruleTester(containerFieldInPodSecurityContext, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        securityContext:
          runAsNonRoot: true
          fsGroup: 2000
        containers: [{name: app, image: nginx:1.27}]
    `,
  ],
  invalid: [
    {
      name: 'moved into every container that does not set it; the pod keeps its other fields',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            runAsNonRoot: true
            readOnlyRootFilesystem: true
          initContainers:
            - name: init
              image: busybox:1.36
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                runAsUser: 1000
      `,
      errors: [
        {
          messageId: 'containerOnlyField',
          data: { key: 'readOnlyRootFilesystem' },
          line: 7,
          column: 5,
          endColumn: 33,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            runAsNonRoot: true
          initContainers:
            - name: init
              image: busybox:1.36
              securityContext:
                readOnlyRootFilesystem: true
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                runAsUser: 1000
                readOnlyRootFilesystem: true
      `,
    },
    {
      name: 'a capabilities map has no single value to move: reported without a fix',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  securityContext:\n    capabilities: {drop: [ALL]}\n  containers: [{name: c, image: i:1}]\n',
      errors: [
        { messageId: 'containerOnlyField', data: { key: 'capabilities' }, line: 6, column: 5, endColumn: 32 },
      ],
      output: null,
    },
  ],
});
