import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { seccompProfileMissing } from './seccomp-profile-missing';

ruleTester(seccompProfileMissing, {
  valid: [
    {
      name: 'the annotation value copied into the pod field is not a profile type',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          selector:
            matchLabels:
              app: api
          template:
            metadata:
              labels:
                app: api
            spec:
              securityContext:
                seccompProfile:
                  type: runtime/default
              containers:
                - name: api
                  image: registry.example/api:2.3.1
      `,
    },
    {
      name: 'a miscased container type is invalid-value’s, not a missing profile',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: scanner
        spec:
          securityContext:
            seccompProfile:
              type: RuntimeDefault
          containers:
            - name: scanner
              image: registry.example/scanner:1.4.0
              securityContext:
                seccompProfile:
                  type: localhost
                  localhostProfile: profiles/scanner.json
      `,
    },
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            image: nginx:1.27
            securityContext:
              seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}
    `,
    {
      name: 'Unconfined is seccomp-unconfined, not this rule',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {securityContext: {seccompProfile: {type: Unconfined}}, containers: [{name: c, image: i:1}]}\n',
    },
  ],
  invalid: [
    {
      name: 'the dead annotation is not protection; the field is added to the pod securityContext',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            metadata:
              annotations:
                seccomp.security.alpha.kubernetes.io/pod: runtime/default
            spec:
              securityContext:
                runAsNonRoot: true
              containers:
                - name: web
                  image: web:1.0
      `,
      errors: [
        { messageId: 'missingProfile', data: { containers: ['web'] }, line: 10, column: 7, endColumn: 22 },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            metadata:
              annotations:
                seccomp.security.alpha.kubernetes.io/pod: runtime/default
            spec:
              securityContext:
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault
              containers:
                - name: web
                  image: web:1.0
      `,
    },
    {
      name: 'only the container without its own profile is named',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - {name: a, image: i:1, securityContext: {seccompProfile: {type: RuntimeDefault}}}\n  - {name: b, image: i:1}\n',
      errors: [
        { messageId: 'missingProfile', data: { containers: ['b'] }, line: 4, column: 1, endColumn: 5 },
      ],
      output:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - {name: a, image: i:1, securityContext: {seccompProfile: {type: RuntimeDefault}}}\n  - {name: b, image: i:1}\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n',
    },
  ],
});
