import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { selinuxCustomOptions } from './selinux-custom-options';

ruleTester(selinuxCustomOptions, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        securityContext:
          seLinuxOptions: {type: container_t, level: "s0:c1,c2"}
        initContainers:
          - name: init
            securityContext:
              seLinuxOptions: {type: container_init_t, user: "", role: ""}
        containers:
          - name: app
            securityContext:
              seLinuxOptions:
                type: container_kvm_t
    `,
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            securityContext:
              seLinuxOptions:
                type: container_engine_t
    `,
  ],
  invalid: [
    {
      name: 'pod-level user, role and type; level is not restricted',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            seLinuxOptions:
              user: system_u
              role: system_r
              type: spc_t
              level: s0:c1,c2
          containers:
            - name: app
              securityContext:
                seLinuxOptions: {type: container_engine_t}
      `,
      errors: [
        {
          messageId: 'customUserOrRole',
          data: { key: 'user', value: 'system_u' },
          line: 7,
          column: 7,
          endColumn: 21,
        },
        {
          messageId: 'customUserOrRole',
          data: { key: 'role', value: 'system_r' },
          line: 8,
          column: 7,
          endColumn: 21,
        },
        { messageId: 'customType', data: { type: 'spc_t' }, line: 9, column: 7, endColumn: 18 },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            seLinuxOptions:
              type: container_t
              level: s0:c1,c2
          containers:
            - name: app
              securityContext:
                seLinuxOptions: {type: container_engine_t}
      `,
    },
    {
      name: 'container_engine_t is allowed only from 1.31',
      settings: { kubernetesVersion: '1.30' },
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              securityContext:
                seLinuxOptions: {type: container_engine_t}
      `,
      errors: [
        {
          messageId: 'customType',
          data: { container: { list: 'containers', name: 'app' }, type: 'container_engine_t' },
          line: 8,
          column: 26,
          endColumn: 50,
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
                seLinuxOptions: {type: container_t}
      `,
    },
    {
      name: 'removing the only option removes the empty seLinuxOptions',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              securityContext:
                runAsNonRoot: true
                seLinuxOptions:
                  role: sysadm_r
      `,
      errors: [
        {
          messageId: 'customUserOrRole',
          data: { container: { list: 'containers', name: 'app' }, key: 'role', value: 'sysadm_r' },
          line: 10,
          column: 11,
          endColumn: 25,
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
                runAsNonRoot: true
      `,
    },
  ],
});
