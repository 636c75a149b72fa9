import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { runAsUserRoot } from './run-as-user-root';

ruleTester(runAsUserRoot, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        securityContext: {runAsUser: 1000}
        containers: [{name: app, image: nginx:1.27}]
    `,
    {
      name: 'before 1.23 there was no such check',
      settings: { kubernetesVersion: '1.22' },
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {securityContext: {runAsUser: 0}, containers: [{name: c, image: i:1}]}\n',
    },
  ],
  invalid: [
    {
      name: 'pod and container are flagged each on their own; the UID is a placeholder to type over',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            runAsUser: 0
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                runAsUser: 0 # root
      `,
      errors: [
        { messageId: 'rootUser', data: {}, line: 6, column: 5, endColumn: 17 },
        {
          messageId: 'rootUser',
          data: { container: { list: 'containers', name: 'app' } },
          line: 11,
          column: 9,
          endColumn: 21,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            runAsUser: 10001
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                runAsUser: 10001 # root
      `,
    },
  ],
});
