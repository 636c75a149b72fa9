import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { deprecatedSeccompAnnotation } from './deprecated-seccomp-annotation';

ruleTester(deprecatedSeccompAnnotation, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: a
        annotations:
          example.com/owner: team-a
      spec:
        containers: [{name: app, image: nginx:1.27}]
    `,
  ],
  invalid: [
    {
      name: 'pod key → pod field; other annotations stay',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          annotations:
            example.com/owner: team-a
            seccomp.security.alpha.kubernetes.io/pod: runtime/default
        spec:
          containers:
            - name: app
              image: nginx:1.27
      `,
      errors: [
        {
          messageId: 'deadAnnotation',
          data: { annotation: 'seccomp.security.alpha.kubernetes.io/pod', target: 'pod' },
          line: 7,
          column: 5,
          endColumn: 62,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          annotations:
            example.com/owner: team-a
        spec:
          containers:
            - name: app
              image: nginx:1.27
          securityContext:
            seccompProfile:
              type: RuntimeDefault
      `,
    },
    {
      name: 'container key with a localhost profile → that container; the empty annotations key goes too',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            metadata:
              annotations:
                container.seccomp.security.alpha.kubernetes.io/web: localhost/profiles/web.json
            spec:
              containers:
                - name: web
                  image: web:1.0
      `,
      errors: [
        {
          messageId: 'deadAnnotation',
          data: {
            annotation: 'container.seccomp.security.alpha.kubernetes.io/web',
            target: { container: 'web' },
          },
          line: 8,
          column: 9,
          endColumn: 88,
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
                    seccompProfile: {type: Localhost, localhostProfile: "profiles/web.json"}
      `,
    },
  ],
});
