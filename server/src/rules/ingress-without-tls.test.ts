import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { ingressWithoutTls } from './ingress-without-tls';

ruleTester(ingressWithoutTls, {
  valid: [
    yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: web}
      spec:
        tls: [{hosts: [web.example.com], secretName: web-tls}]
        rules: [{host: web.example.com}]
    `,
  ],
  invalid: [
    {
      name: 'no tls: hosts of the rules go into the skeleton (a wildcard host is quoted)',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web}
        spec:
          rules:
            - host: "*.example.com"
            - host: api.example.com
      `,
      errors: [
        {
          messageId: 'noTls',
          data: { ingress: { kind: 'Ingress', name: 'web' } },
          line: 4,
          column: 1,
          endColumn: 5,
          severity: 'warning',
        },
      ],
      output: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web}
        spec:
          rules:
            - host: "*.example.com"
            - host: api.example.com
          tls: [{hosts: ["*.example.com", "api.example.com"], secretName: web-tls}]
      `,
    },
    {
      name: 'empty tls list',
      code: yaml`
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata: {name: old}
        spec:
          tls: []
          backend: {serviceName: web, servicePort: 80}
      `,
      errors: [
        {
          messageId: 'noTls',
          data: { ingress: { kind: 'Ingress', name: 'old' } },
          line: 5,
          column: 3,
          endColumn: 10,
        },
      ],
      output: yaml`
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata: {name: old}
        spec:
          tls: [{secretName: old-tls}]
          backend: {serviceName: web, servicePort: 80}
      `,
    },
  ],
});
