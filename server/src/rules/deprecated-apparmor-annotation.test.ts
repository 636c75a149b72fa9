import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { deprecatedApparmorAnnotation } from './deprecated-apparmor-annotation';

ruleTester(deprecatedApparmorAnnotation, {
  valid: [
    {
      name: 'before 1.30 the annotation is the only way to set a profile',
      settings: { profile: 'all', kubernetesVersion: '1.29' },
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
    {
      name: 'an unconfined annotation is apparmor-unconfined’s',
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
              image: nginx:1.27
      `,
    },
  ],
  invalid: [
    {
      name: 'runtime/default moves into an existing securityContext',
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
              securityContext:
                runAsNonRoot: true
      `,
      errors: [
        {
          messageId: 'deprecatedAnnotation',
          data: {
            annotation: 'container.apparmor.security.beta.kubernetes.io/app',
            container: { list: 'containers', name: 'app' },
          },
          line: 6,
          column: 5,
          endColumn: 72,
          severity: 'hint',
          attack: ['T1611'],
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                runAsNonRoot: true
                appArmorProfile:
                  type: RuntimeDefault
      `,
    },
    {
      name: 'localhost/<p> in a Deployment; an annotation for no container has no fix',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/sidecar: localhost/k8s-sidecar
                container.apparmor.security.beta.kubernetes.io/debug: runtime/default
            spec:
              containers:
                - name: sidecar
                  image: envoy:1.30
      `,
      errors: [
        {
          messageId: 'deprecatedAnnotation',
          data: {
            annotation: 'container.apparmor.security.beta.kubernetes.io/sidecar',
            container: { list: 'containers', name: 'sidecar' },
          },
          line: 9,
          column: 9,
          endColumn: 86,
        },
        {
          messageId: 'deprecatedAnnotation',
          data: {
            annotation: 'container.apparmor.security.beta.kubernetes.io/debug',
            container: { name: 'debug' },
          },
          line: 10,
          column: 9,
        },
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
                container.apparmor.security.beta.kubernetes.io/debug: runtime/default
            spec:
              containers:
                - name: sidecar
                  image: envoy:1.30
                  securityContext:
                    appArmorProfile: {type: Localhost, localhostProfile: "k8s-sidecar"}
      `,
    },
    {
      name: 'the field wins over the annotation: the annotation is only removed',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          annotations:
            container.apparmor.security.beta.kubernetes.io/app: localhost/mine
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                appArmorProfile: {type: RuntimeDefault}
      `,
      errors: [
        {
          messageId: 'deprecatedAnnotation',
          data: {
            annotation: 'container.apparmor.security.beta.kubernetes.io/app',
            container: { list: 'containers', name: 'app' },
          },
          line: 6,
          column: 5,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                appArmorProfile: {type: RuntimeDefault}
      `,
    },
  ],
});
