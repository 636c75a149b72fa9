import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { ingressNginxSnippetAnnotation } from './ingress-nginx-snippet-annotation';

ruleTester(ingressNginxSnippetAnnotation, {
  valid: [
    yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
        annotations:
          nginx.ingress.kubernetes.io/ssl-redirect: "true"
          nginx.ingress.kubernetes.io/auth-url: https://auth.example.com/oauth2/auth
    `,
  ],
  invalid: [
    {
      name: 'a snippet annotation is removed with the annotations map it leaves empty',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          annotations:
            nginx.ingress.kubernetes.io/server-snippet: |
              location /x { return 200; }
        spec: {}
      `,
      errors: [
        {
          messageId: 'snippet',
          data: {
            ingress: { kind: 'Ingress', name: 'web' },
            annotation: 'nginx.ingress.kubernetes.io/server-snippet',
          },
          line: 6,
          column: 5,
          endLine: 7,
          endColumn: 34,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
        spec: {}
      `,
    },
    {
      name: 'auth-url with directive-ending characters',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          annotations:
            nginx.ingress.kubernetes.io/ssl-redirect: "true"
            nginx.ingress.kubernetes.io/auth-url: "http://a/;} location ~ /x {"
      `,
      errors: [
        {
          messageId: 'injection',
          data: {
            ingress: { kind: 'Ingress', name: 'web' },
            annotation: 'nginx.ingress.kubernetes.io/auth-url',
          },
          line: 7,
          column: 5,
          endColumn: 72,
        },
      ],
      output: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          annotations:
            nginx.ingress.kubernetes.io/ssl-redirect: "true"
      `,
    },
  ],
});
