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
    {
      name: 'LoadBalancer restricted to source ranges; no fix while they are set',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          namespace: prod
        spec:
          type: LoadBalancer
          loadBalancerSourceRanges:
            - 203.0.113.0/24
            - 198.51.100.0/24
          selector:
            app: api
          ports:
            - name: https
              port: 443
              targetPort: 8443
      `,
      errors: [
        {
          messageId: 'loadBalancer',
          data: { service: { kind: 'Service', name: 'api' } },
          line: 7,
          column: 3,
          endColumn: 21,
        },
      ],
      output: null,
    },
  ],
});
