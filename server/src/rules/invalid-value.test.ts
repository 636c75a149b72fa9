import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { invalidValue } from './invalid-value';

ruleTester(invalidValue, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        restartPolicy: OnFailure
        securityContext: {seccompProfile: {type: RuntimeDefault}}
        containers:
          - name: app
            image: nginx:1.27
            imagePullPolicy: Always
            ports: [{containerPort: 80, protocol: TCP}]
            securityContext: {procMount: Default}
    `,
    {
      name: 'custom resources are not checked',
      code: yaml`
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w}
        spec:
          imagePullPolicy: always
      `,
    },
    {
      name: 'an empty value is the default; a value that is not a string is not an enum case',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              imagePullPolicy:
          volumes:
            - name: h
              hostPath: {path: /tmp, type: ""}
      `,
    },
  ],
  invalid: [
    {
      name: 'case only: fixed, quoting kept',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              securityContext:
                seccompProfile:
                  type: runtimeDefault # from the docs
              containers:
                - name: app
                  image: nginx:1.27
                  imagePullPolicy: "always"
                  securityContext: {procMount: unmasked}
      `,
      errors: [
        {
          messageId: 'invalidValue',
          data: {
            field: 'type',
            value: 'runtimeDefault',
            values: ['Localhost', 'RuntimeDefault', 'Unconfined'],
            suggestion: 'RuntimeDefault',
          },
          line: 11,
          column: 11,
          endColumn: 31,
          severity: 'error',
          attack: ['T1611', 'T1068'],
        },
        {
          messageId: 'invalidValue',
          data: {
            field: 'imagePullPolicy',
            value: 'always',
            values: ['Always', 'IfNotPresent', 'Never'],
            suggestion: 'Always',
          },
          line: 15,
          column: 11,
          attack: ['T1525'],
        },
        {
          messageId: 'invalidValue',
          data: {
            field: 'procMount',
            value: 'unmasked',
            values: ['Default', 'Unmasked'],
            suggestion: 'Unmasked',
          },
          line: 16,
          column: 29,
          attack: ['T1611'],
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              securityContext:
                seccompProfile:
                  type: RuntimeDefault # from the docs
              containers:
                - name: app
                  image: nginx:1.27
                  imagePullPolicy: "Always"
                  securityContext: {procMount: Unmasked}
      `,
    },
    {
      name: 'not a case slip: no fix; a Service and a list item',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec:
          type: Public
          ports:
            - port: 53
              protocol: tcp
      `,
      errors: [
        {
          messageId: 'invalidValue',
          data: {
            field: 'type',
            value: 'Public',
            values: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
          },
          line: 5,
          column: 3,
          attack: ['T1562'],
        },
        {
          messageId: 'invalidValue',
          data: { field: 'protocol', value: 'tcp', values: ['SCTP', 'TCP', 'UDP'], suggestion: 'TCP' },
          line: 8,
          column: 7,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec:
          type: Public
          ports:
            - port: 53
              protocol: TCP
      `,
    },
  ],
});
