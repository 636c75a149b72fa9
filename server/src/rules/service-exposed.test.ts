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
          data: {
            service: { kind: 'Service', name: 'api' },
            ranges: '203.0.113.0/24, 198.51.100.0/24',
          },
          line: 7,
          column: 3,
          endColumn: 21,
        },
      ],
      output: null,
    },
    {
      name: 'a source range of 0.0.0.0/0 admits every address: reported on that range',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          type: LoadBalancer
          loadBalancerSourceRanges: ["10.0.0.0/8", "0.0.0.0/0"]
          ports: [{port: 443}]
      `,
      errors: [
        {
          messageId: 'anyAddressRange',
          data: { service: { kind: 'Service', name: 'web' }, range: '0.0.0.0/0' },
          line: 6,
          column: 44,
          endColumn: 55,
        },
      ],
      output: null,
    },
    {
      name: 'an empty source range list is every address, as Kubernetes reads it',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          type: LoadBalancer
          loadBalancerSourceRanges: []
          ports: [{port: 443}]
      `,
      errors: [
        {
          messageId: 'openLoadBalancer',
          data: { service: { kind: 'Service', name: 'web' } },
          line: 5,
          column: 3,
        },
      ],
      output: null,
    },
    {
      name: 'the source-ranges annotation restricts it when the spec lists none',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          annotations:
            service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8, 192.168.0.0/16"
        spec:
          type: LoadBalancer
          ports: [{port: 443}]
      `,
      errors: [
        {
          messageId: 'loadBalancer',
          data: { service: { kind: 'Service', name: 'web' }, ranges: '10.0.0.0/8, 192.168.0.0/16' },
          line: 8,
          column: 3,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          annotations:
            service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8, 192.168.0.0/16"
        spec:
          type: ClusterIP
          ports: [{port: 443}]
      `,
    },
    {
      name: 'an annotation of ::/0 admits every address: reported on the annotation',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          annotations:
            service.beta.kubernetes.io/load-balancer-source-ranges: "::/0"
        spec:
          type: LoadBalancer
          ports: [{port: 443}]
      `,
      errors: [
        {
          messageId: 'anyAddressRange',
          data: { service: { kind: 'Service', name: 'web' }, range: '::/0' },
          line: 6,
          column: 61,
          endColumn: 67,
        },
      ],
      output: null,
    },
  ],
});
