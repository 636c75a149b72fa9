import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { privilegeEscalationAllowed } from './privilege-escalation-allowed';

ruleTester(privilegeEscalationAllowed, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            image: nginx:1.27
            securityContext:
              allowPrivilegeEscalation: false
    `,
    {
      name: 'Windows pods are exempt from 1.25',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          os: {name: windows}
          containers: [{name: app, image: mcr.microsoft.com/windows/nanoserver:ltsc2022}]
      `,
    },
  ],
  invalid: [
    {
      name: 'unset: added to the existing securityContext, flush sequence style kept',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
              - name: web
                image: web:1.0
                securityContext:
                  runAsNonRoot: true
      `,
      errors: [
        {
          messageId: 'escalationNotDisabled',
          data: { container: { list: 'containers', name: 'web' } },
          line: 10,
          column: 9,
          endColumn: 24,
          severity: 'warning',
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
              - name: web
                image: web:1.0
                securityContext:
                  runAsNonRoot: true
                  allowPrivilegeEscalation: false
      `,
    },
    {
      name: 'explicit true is an error',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n    image: i:1\n    securityContext: {allowPrivilegeEscalation: true}\n',
      errors: [
        {
          messageId: 'escalationAllowed',
          data: { container: { list: 'containers', name: 'c' } },
          line: 8,
          column: 23,
          endColumn: 53,
          severity: 'error',
        },
      ],
      output:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n    image: i:1\n    securityContext: {allowPrivilegeEscalation: false}\n',
    },
    {
      name: 'no fix for a privileged container: Kubernetes rejects allowPrivilegeEscalation false with privileged',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n    image: i:1\n    securityContext: {privileged: true}\n',
      errors: [
        {
          messageId: 'escalationNotDisabled',
          data: { container: { list: 'containers', name: 'c' } },
          line: 8,
          column: 5,
          endColumn: 20,
        },
      ],
      output: null,
    },
  ],
});
