import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { secretInEnv } from './secret-in-env';

ruleTester(secretInEnv, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            env:
              - {name: greeting, value: hello}
              - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: s, key: k}}}
              - {name: SECRET_NAME, value: app-secrets}
              - {name: TOKEN_FILE, value: /var/run/secrets/token}
              - {name: PASSWORD_MIN_LENGTH, value: "12"}
              - {name: API_TOKEN, value: $(OTHER_TOKEN)}
              - {name: CACHE_KEY, value: users}
              - {name: EMPTY_SECRET, value: ""}
    `,
  ],
  invalid: [
    {
      name: 'secret-like name, block style',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
                - name: app
                  env:
                    - name: DB_PASSWORD
                      value: hunter2
      `,
      errors: [
        {
          messageId: 'literalSecret',
          data: {
            container: { list: 'containers', name: 'app' },
            variable: 'DB_PASSWORD',
            reason: { by: 'name' },
          },
          line: 11,
          column: 15,
          endColumn: 29,
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
                - name: app
                  env:
                    - name: DB_PASSWORD
                      valueFrom:
                        secretKeyRef:
                          name: web-secrets
                          key: db-password
      `,
    },
    {
      name: 'value pattern (AWS key id) under a neutral name, flow style',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              env: [{name: CONFIG, value: AKIAIOSFODNN7EXAMPLE}]
      `,
      errors: [
        {
          messageId: 'literalSecret',
          data: {
            container: { list: 'containers', name: 'app' },
            variable: 'CONFIG',
            reason: { by: 'value', looksLike: 'awsAccessKeyId' },
          },
          line: 7,
          column: 28,
          endColumn: 55,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              env: [{name: CONFIG, valueFrom: {secretKeyRef: {name: a-secrets, key: config}}}]
      `,
    },
  ],
});
