import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { unmaskedProcMount } from './unmasked-proc-mount';

ruleTester(unmaskedProcMount, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            securityContext:
              procMount: Default
    `,
    {
      name: 'Baseline allows Unmasked with hostUsers: false from 1.35',
      settings: { profile: 'baseline' },
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          hostUsers: false
          containers:
            - name: app
              securityContext:
                procMount: Unmasked
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: builder}
        spec:
          template:
            spec:
              initContainers:
                - name: init
                  securityContext:
                    procMount: Unmasked
              containers:
                - name: app
      `,
      errors: [
        {
          messageId: 'unmasked',
          data: { container: { list: 'initContainers', name: 'init' }, procMount: 'Unmasked' },
          line: 10,
          column: 13,
          endColumn: 32,
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: builder}
        spec:
          template:
            spec:
              initContainers:
                - name: init
                  securityContext:
                    procMount: Default
              containers:
                - name: app
      `,
    },
    {
      name: 'user namespaces: reported at the Restricted level',
      settings: { profile: 'restricted' },
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          hostUsers: false
          containers:
            - name: app
              securityContext:
                procMount: Unmasked
          initContainers:
            - name: init
              securityContext: {procMount: Default}
      `,
      errors: [
        {
          messageId: 'unmaskedWithUserNamespace',
          data: { container: { list: 'containers', name: 'app' }, procMount: 'Unmasked' },
          line: 9,
          column: 9,
          endColumn: 28,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          hostUsers: false
          containers:
            - name: app
              securityContext:
                procMount: Default
          initContainers:
            - name: init
              securityContext: {procMount: Default}
      `,
    },
    {
      name: 'before 1.35 hostUsers: false does not relax Baseline',
      settings: { profile: 'baseline', kubernetesVersion: '1.34' },
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          hostUsers: false
          containers:
            - name: app
              securityContext: {procMount: Unmasked}
      `,
      errors: [
        {
          messageId: 'unmasked',
          data: { container: { list: 'containers', name: 'app' }, procMount: 'Unmasked' },
          line: 8,
          column: 25,
          endColumn: 44,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          hostUsers: false
          containers:
            - name: app
              securityContext: {procMount: Default}
      `,
    },
  ],
});
