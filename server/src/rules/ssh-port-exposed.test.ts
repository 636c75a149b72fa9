import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { sshPortExposed } from './ssh-port-exposed';

ruleTester(sshPortExposed, {
  valid: [
    yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        template:
          spec:
            containers:
              - name: app
                ports:
                  - containerPort: 8080
                  - {containerPort: 22, protocol: UDP}
    `,
    yaml`
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        ports: [{port: 80, targetPort: 8080}]
    `,
  ],
  invalid: [
    {
      name: 'containerPort 22 without protocol (TCP by default)',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: app
              ports:
                - containerPort: 8080
                - containerPort: 22
                  name: ssh
      `,
      errors: [
        {
          messageId: 'containerPort',
          data: { container: { list: 'containers', name: 'app' } },
          line: 9,
          column: 11,
          endColumn: 28,
          severity: 'warning',
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: app
              ports:
                - containerPort: 8080
      `,
    },
    {
      name: 'Service port 2222 next to another port',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: git}
        spec:
          ports:
            - {port: 80, targetPort: 8080}
            - {port: 2222}
      `,
      errors: [
        {
          messageId: 'servicePort',
          data: { service: { kind: 'Service', name: 'git' }, port: 2222 },
          line: 7,
          column: 8,
          endColumn: 18,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: git}
        spec:
          ports:
            - {port: 80, targetPort: 8080}
      `,
    },
    {
      name: 'the only port of a Service (targetPort 22) has no fix',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: git}
        spec:
          ports: [{port: 80, targetPort: 22}]
      `,
      errors: [
        {
          messageId: 'servicePort',
          data: { service: { kind: 'Service', name: 'git' }, port: 22 },
          line: 5,
          column: 22,
          endColumn: 36,
        },
      ],
      output: null,
    },
  ],
});
