import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { windowsHostProcess } from './windows-host-process';

ruleTester(windowsHostProcess, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        os: {name: windows}
        securityContext:
          windowsOptions: {hostProcess: false}
        containers:
          - name: app
            securityContext:
              windowsOptions:
                runAsUserName: ContainerUser
    `,
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          os: {name: windows}
          hostNetwork: true
          securityContext:
            windowsOptions:
              hostProcess: true
          containers:
            - name: app
              securityContext:
                windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\SYSTEM"}
      `,
      errors: [
        { messageId: 'hostProcess', data: {}, line: 9, column: 7, endColumn: 24 },
        {
          messageId: 'hostProcess',
          data: { container: { list: 'containers', name: 'app' } },
          line: 13,
          column: 26,
          endColumn: 43,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          os: {name: windows}
          hostNetwork: true
          securityContext:
            windowsOptions:
              hostProcess: false
          containers:
            - name: app
              securityContext:
                windowsOptions: {hostProcess: false, runAsUserName: "NT AUTHORITY\\SYSTEM"}
      `,
    },
    {
      name: 'ephemeral container in a Job, YAML 1.1 boolean',
      code: yaml`
        apiVersion: batch/v1
        kind: Job
        metadata: {name: j}
        spec:
          template:
            spec:
              containers:
                - name: app
              ephemeralContainers:
                - name: debug
                  securityContext:
                    windowsOptions:
                      hostProcess: yes
      `,
      errors: [
        {
          messageId: 'hostProcess',
          data: { container: { list: 'ephemeralContainers', name: 'debug' } },
          line: 13,
          column: 15,
          endColumn: 31,
        },
      ],
      output: yaml`
        apiVersion: batch/v1
        kind: Job
        metadata: {name: j}
        spec:
          template:
            spec:
              containers:
                - name: app
              ephemeralContainers:
                - name: debug
                  securityContext:
                    windowsOptions:
                      hostProcess: false
      `,
    },
  ],
});
