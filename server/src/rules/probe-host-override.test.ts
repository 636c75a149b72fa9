import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { probeHostOverride } from './probe-host-override';

ruleTester(probeHostOverride, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            livenessProbe:
              httpGet:
                path: /healthz
                port: 8080
                httpHeaders: [{name: Host, value: app.example}]
            readinessProbe:
              tcpSocket: {port: 8080, host: ""}
    `,
    {
      name: 'the check exists from 1.34',
      settings: { kubernetesVersion: '1.33' },
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              livenessProbe:
                httpGet: {host: 10.0.0.1, port: 80}
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
              livenessProbe:
                httpGet:
                  host: 169.254.169.254
                  path: /
                  port: 80
              readinessProbe:
                tcpSocket: {host: "::1", port: 8080}
              lifecycle:
                preStop:
                  httpGet:
                    port: 8080
                    host: localhost
                    path: /shutdown
      `,
      errors: [
        {
          messageId: 'hostOverride',
          data: {
            container: { list: 'containers', name: 'app' },
            handler: ['livenessProbe'],
            kind: 'httpGet',
            host: '169.254.169.254',
          },
          line: 9,
          column: 11,
          endColumn: 32,
        },
        {
          messageId: 'hostOverride',
          data: {
            container: { list: 'containers', name: 'app' },
            handler: ['readinessProbe'],
            kind: 'tcpSocket',
            host: '::1',
          },
          line: 13,
          column: 21,
          endColumn: 32,
        },
        {
          messageId: 'hostOverride',
          data: {
            container: { list: 'containers', name: 'app' },
            handler: ['lifecycle', 'preStop'],
            kind: 'httpGet',
            host: 'localhost',
          },
          line: 18,
          column: 13,
          endColumn: 28,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              livenessProbe:
                httpGet:
                  path: /
                  port: 80
              readinessProbe:
                tcpSocket: {port: 8080}
              lifecycle:
                preStop:
                  httpGet:
                    port: 8080
                    path: /shutdown
      `,
    },
    {
      name: 'init container startupProbe and postStart tcpSocket',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          initContainers:
            - name: init
              startupProbe:
                httpGet: {port: 80, host: db.internal}
              lifecycle:
                postStart:
                  tcpSocket:
                    host: kubelet.local
                    port: 10250
          containers:
            - name: app
      `,
      errors: [
        {
          messageId: 'hostOverride',
          data: {
            container: { list: 'initContainers', name: 'init' },
            handler: ['startupProbe'],
            kind: 'httpGet',
            host: 'db.internal',
          },
          line: 8,
          column: 29,
          endColumn: 46,
        },
        {
          messageId: 'hostOverride',
          data: {
            container: { list: 'initContainers', name: 'init' },
            handler: ['lifecycle', 'postStart'],
            kind: 'tcpSocket',
            host: 'kubelet.local',
          },
          line: 12,
          column: 13,
          endColumn: 32,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          initContainers:
            - name: init
              startupProbe:
                httpGet: {port: 80}
              lifecycle:
                postStart:
                  tcpSocket:
                    port: 10250
          containers:
            - name: app
      `,
    },
  ],
});
