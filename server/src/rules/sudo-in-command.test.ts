import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { sudoInCommand } from './sudo-in-command';

ruleTester(sudoInCommand, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            command: [/app, --mode=pseudo]
            args: ["--config=/etc/sudoers.d", "sudo.example.com"]
    `,
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
              command: [sudo, -E, /app]
              args:
                - |
                  echo start
                  /usr/bin/sudo chown app /data
      `,
      errors: [
        {
          messageId: 'sudo',
          data: { container: { list: 'containers', name: 'app' }, field: 'command' },
          line: 7,
          column: 17,
          endColumn: 21,
          severity: 'info',
        },
        {
          messageId: 'sudo',
          data: { container: { list: 'containers', name: 'app' }, field: 'args' },
          line: 11,
          column: 20,
          endColumn: 24,
        },
      ],
    },
    {
      name: 'inside a shell command of an init container',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              initContainers:
                - name: init
                  command: ["sh", "-c", "sudo chown -R app /data"]
              containers:
                - name: app
      `,
      errors: [
        {
          messageId: 'sudo',
          data: { container: { list: 'initContainers', name: 'init' }, field: 'command' },
          line: 9,
          column: 34,
          endColumn: 38,
        },
      ],
    },
  ],
});
