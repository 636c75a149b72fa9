import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { writableRootFilesystem } from './writable-root-filesystem';

ruleTester(writableRootFilesystem, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            image: nginx:1.27
            securityContext: {readOnlyRootFilesystem: true}
    `,
  ],
  invalid: [
    {
      name: 'the pod-level field does not protect anything',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            readOnlyRootFilesystem: true
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                readOnlyRootFilesystem: false
      `,
      errors: [
        {
          messageId: 'writableRoot',
          data: { container: { list: 'containers', name: 'app' } },
          line: 11,
          column: 9,
          endColumn: 38,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            readOnlyRootFilesystem: true
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                readOnlyRootFilesystem: true
      `,
    },
    {
      name: 'CRLF line endings are kept in the inserted block',
      code: 'apiVersion: v1\r\nkind: Pod\r\nmetadata: {name: a}\r\nspec:\r\n  containers:\r\n  - name: c\r\n    image: i:1\r\n',
      errors: [
        {
          messageId: 'writableRoot',
          data: { container: { list: 'containers', name: 'c' } },
          line: 6,
          column: 5,
          endColumn: 12,
        },
      ],
      output:
        'apiVersion: v1\r\nkind: Pod\r\nmetadata: {name: a}\r\nspec:\r\n  containers:\r\n  - name: c\r\n    image: i:1\r\n    securityContext:\r\n      readOnlyRootFilesystem: true\r\n',
    },
  ],
});
