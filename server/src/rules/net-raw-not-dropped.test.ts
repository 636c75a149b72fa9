import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { netRawNotDropped } from './net-raw-not-dropped';

ruleTester(netRawNotDropped, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            securityContext:
              capabilities:
                drop: ["ALL"]
          - name: net
            securityContext: {capabilities: {drop: [CAP_NET_RAW]}}
          - name: adds
            securityContext: {capabilities: {add: [NET_RAW]}}
    `,
    {
      name: 'Windows pods have no Linux capabilities',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          os: {name: windows}
          containers:
            - name: app
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              securityContext:
                capabilities:
                  drop:
                    - SYS_ADMIN
            - name: sidecar
              securityContext:
                runAsNonRoot: true
            - name: bare
      `,
      errors: [
        {
          messageId: 'netRawKept',
          data: { container: { list: 'containers', name: 'app' } },
          line: 9,
          column: 11,
          endColumn: 15,
          severity: 'info',
        },
        {
          messageId: 'netRawKept',
          data: { container: { list: 'containers', name: 'sidecar' } },
          line: 12,
          column: 7,
          endColumn: 22,
        },
        {
          messageId: 'netRawKept',
          data: { container: { list: 'containers', name: 'bare' } },
          line: 14,
          column: 7,
          endColumn: 17,
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
                capabilities:
                  drop:
                    - SYS_ADMIN
                    - NET_RAW
            - name: sidecar
              securityContext:
                runAsNonRoot: true
                capabilities:
                  drop:
                    - NET_RAW
            - name: bare
              securityContext:
                capabilities:
                  drop:
                    - NET_RAW
      `,
    },
    {
      name: 'flow-style drop list',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          initContainers:
            - name: init
              securityContext: {capabilities: {drop: [SETUID]}}
          containers:
            - name: app
              securityContext: {capabilities: {drop: [ALL]}}
      `,
      errors: [
        {
          messageId: 'netRawKept',
          data: { container: { list: 'initContainers', name: 'init' } },
          line: 7,
          column: 40,
          endColumn: 54,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          initContainers:
            - name: init
              securityContext: {capabilities: {drop: [SETUID, NET_RAW]}}
          containers:
            - name: app
              securityContext: {capabilities: {drop: [ALL]}}
      `,
    },
  ],
});
