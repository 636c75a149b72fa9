import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { serviceExposed } from './service-exposed';

ruleTester(serviceExposed, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        type: ClusterIP
        ports: [{port: 80}]
    `,
    {
      name: 'a Knative Service is not a core Service',
      code: yaml`
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata: {name: web}
        spec:
          type: NodePort
          template:
            spec:
              containers: [{name: app, image: nginx:1.27}]
      `,
    },
  ],
  invalid: [
    {
      name: 'NodePort without a fixed nodePort',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          type: NodePort
          ports:
            - port: 80
      `,
      errors: [
        {
          messageId: 'nodePort',
          data: { service: { kind: 'Service', name: 'web' } },
          line: 5,
          column: 3,
          endColumn: 17,
          severity: 'hint',
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          type: ClusterIP
          ports:
            - port: 80
      `,
    },
    {
      name: 'LoadBalancer open to any address; no fix while a nodePort is set',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          type: LoadBalancer
          ports: [{port: 80, nodePort: 30080}]
      `,
      errors: [
        {
          messageId: 'openLoadBalancer',
          data: { service: { kind: 'Service', name: 'web' } },
          line: 5,
          column: 3,
          endColumn: 21,
        },
      ],
      output: null,
    },
  ],
});
