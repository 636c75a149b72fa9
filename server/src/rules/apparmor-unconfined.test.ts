import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { apparmorUnconfined } from './apparmor-unconfined';

ruleTester(apparmorUnconfined, {
  valid: [
    {
      name: 'an allowed annotation is deprecated-apparmor-annotation’s, not an unconfined pod',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          annotations:
            container.apparmor.security.beta.kubernetes.io/app: runtime/default
        spec:
          containers:
            - name: app
              image: nginx:1.27
      `,
    },
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        securityContext:
          appArmorProfile: {type: RuntimeDefault}
        containers:
          - name: app
            securityContext:
              appArmorProfile:
                type: Localhost
                localhostProfile: k8s-app
    `,
    {
      name: 'before 1.30 the annotation is the only way to set a profile',
      settings: { kubernetesVersion: '1.29' },
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          annotations:
            container.apparmor.security.beta.kubernetes.io/app: localhost/k8s-app
        spec:
          containers:
            - name: app
      `,
    },
    {
      name: 'annotations on the Deployment itself are not pod annotations',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          annotations:
            container.apparmor.security.beta.kubernetes.io/app: unconfined
        spec:
          template:
            spec:
              containers:
                - name: app
      `,
    },
  ],
  invalid: [
    {
      name: 'container field',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              securityContext:
                appArmorProfile:
                  type: Unconfined # debugging
      `,
      errors: [
        {
          messageId: 'unconfinedType',
          data: { container: { list: 'containers', name: 'app' }, type: 'Unconfined' },
          line: 9,
          column: 11,
          endColumn: 27,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              securityContext:
                appArmorProfile:
                  type: RuntimeDefault # debugging
      `,
    },
    {
      name: 'pod field and unconfined annotation in a Deployment; the allowed annotation is another rule’s',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/app: unconfined
                container.apparmor.security.beta.kubernetes.io/sidecar: localhost/k8s-sidecar
            spec:
              securityContext:
                appArmorProfile:
                  type: Unconfined
              containers:
                - name: app
                  image: nginx:1.27
                - name: sidecar
                  image: envoy:1.30
      `,
      errors: [
        {
          messageId: 'unconfinedAnnotation',
          data: {
            annotation: 'container.apparmor.security.beta.kubernetes.io/app',
            container: { list: 'containers', name: 'app' },
            profile: 'unconfined',
          },
          line: 9,
          column: 9,
          endColumn: 71,
          severity: 'error',
        },
        { messageId: 'unconfinedType', data: { type: 'Unconfined' }, line: 14, column: 11, endColumn: 27 },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/sidecar: localhost/k8s-sidecar
            spec:
              securityContext:
                appArmorProfile:
                  type: RuntimeDefault
              containers:
                - name: app
                  image: nginx:1.27
                  securityContext:
                    appArmorProfile:
                      type: RuntimeDefault
                - name: sidecar
                  image: envoy:1.30
      `,
    },
    {
      name: 'the unconfined annotation moves; the allowed one (for no container) is not this rule’s',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          annotations:
            container.apparmor.security.beta.kubernetes.io/app: unconfined
            container.apparmor.security.beta.kubernetes.io/debug: runtime/default
        spec:
          containers:
            - name: app
              image: nginx:1.27
      `,
      errors: [
        {
          messageId: 'unconfinedAnnotation',
          data: {
            annotation: 'container.apparmor.security.beta.kubernetes.io/app',
            container: { list: 'containers', name: 'app' },
            profile: 'unconfined',
          },
          line: 6,
          column: 5,
          endColumn: 67,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          annotations:
            container.apparmor.security.beta.kubernetes.io/debug: runtime/default
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                appArmorProfile:
                  type: RuntimeDefault
      `,
    },
    {
      name: 'before 1.30 the fix rewrites the annotation',
      settings: { kubernetesVersion: '1.29' },
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          annotations:
            container.apparmor.security.beta.kubernetes.io/app: unconfined
        spec:
          containers:
            - name: app
      `,
      errors: [
        {
          messageId: 'unconfinedAnnotation',
          data: {
            annotation: 'container.apparmor.security.beta.kubernetes.io/app',
            container: { list: 'containers', name: 'app' },
            profile: 'unconfined',
          },
          line: 6,
          column: 5,
          endColumn: 67,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          annotations:
            container.apparmor.security.beta.kubernetes.io/app: runtime/default
        spec:
          containers:
            - name: app
      `,
    },
  ],
});
