import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { secretAsEnvVar } from './secret-as-env-var';

ruleTester(secretAsEnvVar, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            env: [{name: MODE, valueFrom: {configMapKeyRef: {name: c, key: mode}}}]
            envFrom: [{configMapRef: {name: c}}]
    `,
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              env:
                - name: TOKEN
                  valueFrom:
                    secretKeyRef:
                      name: api
                      key: token
              envFrom:
                - secretRef:
                    name: all
      `,
      errors: [
        {
          messageId: 'envVarFromSecret',
          data: { container: { list: 'containers', name: 'app' }, secret: 'api', variable: 'TOKEN' },
          line: 10,
          column: 13,
          endColumn: 25,
          severity: 'info',
        },
        {
          messageId: 'envFromSecret',
          data: { container: { list: 'containers', name: 'app' }, secret: 'all' },
          line: 14,
          column: 11,
          endColumn: 20,
        },
      ],
    },
  ],
});
