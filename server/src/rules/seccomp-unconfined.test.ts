import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { seccompUnconfined } from './seccomp-unconfined';

ruleTester(seccompUnconfined, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        securityContext:
          seccompProfile: {type: RuntimeDefault}
        containers: [{name: app, image: nginx:1.27}]
    `,
  ],
  invalid: [
    {
      name: 'a container override of a good pod profile is still flagged',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            seccompProfile: {type: RuntimeDefault}
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                seccompProfile:
                  type: "Unconfined"
      `,
      errors: [
        {
          messageId: 'unconfined',
          data: { container: { list: 'containers', name: 'app' } },
          line: 12,
          column: 11,
          endColumn: 29,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            seccompProfile: {type: RuntimeDefault}
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                seccompProfile:
                  type: RuntimeDefault
      `,
    },
  ],
});
