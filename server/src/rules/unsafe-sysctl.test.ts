import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { unsafeSysctl } from './unsafe-sysctl';

ruleTester(unsafeSysctl, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        securityContext:
          sysctls:
            - {name: kernel.shm_rmid_forced, value: "1"}
            - {name: net.ipv4.ip_local_reserved_ports, value: "30000"}
            - {name: net.ipv4.tcp_keepalive_time, value: "600"}
            - {name: net.ipv4.tcp_wmem, value: "4096 16384 4194304"}
            - {name: net.ipv4.tcp_notsent_lowat, value: "16384"}
        containers:
          - name: app
    `,
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            sysctls:
              - name: net.ipv4.tcp_syncookies
                value: "1"
              - name: kernel.msgmax
                value: "65536"
              - name: net.ipv4.tcp_rmem
                value: "4096 87380 16777216"
          containers:
            - name: app
      `,
      errors: [
        { messageId: 'unsafeSysctl', data: { name: 'kernel.msgmax' }, line: 9, column: 9, endColumn: 28 },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            sysctls:
              - name: net.ipv4.tcp_syncookies
                value: "1"
              - name: net.ipv4.tcp_rmem
                value: "4096 87380 16777216"
          containers:
            - name: app
      `,
    },
    {
      name: 'the allow-list depends on the target version; the last item removes the list',
      settings: { kubernetesVersion: '1.31' },
      code: yaml`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          template:
            spec:
              securityContext:
                runAsNonRoot: true
                sysctls:
                  - name: net.ipv4.tcp_rmem
                    value: "4096 87380 16777216"
              containers:
                - name: db
      `,
      errors: [
        {
          messageId: 'unsafeSysctl',
          data: { name: 'net.ipv4.tcp_rmem', allowedSince: 32 },
          line: 10,
          column: 13,
          endColumn: 36,
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          template:
            spec:
              securityContext:
                runAsNonRoot: true
              containers:
                - name: db
      `,
    },
  ],
});
