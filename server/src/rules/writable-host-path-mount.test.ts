import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { writableHostPathMount } from './writable-host-path-mount';

ruleTester(writableHostPathMount, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            image: nginx:1.27
            volumeMounts:
              - {name: logs, mountPath: /logs, readOnly: true}
              - {name: tmp, mountPath: /tmp}
        volumes:
          - {name: logs, hostPath: {path: /var/log}}
          - {name: tmp, emptyDir: {}}
    `,
  ],
  invalid: [
    {
      name: 'each container mounting the volume is checked; readOnly false is flipped, missing readOnly added',
      code: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: shipper}
        spec:
          template:
            spec:
              containers:
                - name: shipper
                  image: shipper:1.0
                  volumeMounts:
                    - name: logs
                      mountPath: /logs
                      readOnly: false
                - name: sidecar
                  image: sidecar:1.0
                  volumeMounts:
                    - name: logs
                      mountPath: /logs
              volumes:
                - name: logs
                  hostPath:
                    path: /var/log
      `,
      errors: [
        {
          messageId: 'writableMount',
          data: { container: { list: 'containers', name: 'shipper' }, path: '/var/log', volume: 'logs' },
          line: 13,
          column: 15,
          endColumn: 30,
        },
        {
          messageId: 'writableMount',
          data: { container: { list: 'containers', name: 'sidecar' }, path: '/var/log', volume: 'logs' },
          line: 17,
          column: 15,
          endColumn: 25,
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: shipper}
        spec:
          template:
            spec:
              containers:
                - name: shipper
                  image: shipper:1.0
                  volumeMounts:
                    - name: logs
                      mountPath: /logs
                      readOnly: true
                - name: sidecar
                  image: sidecar:1.0
                  volumeMounts:
                    - name: logs
                      mountPath: /logs
                      readOnly: true
              volumes:
                - name: logs
                  hostPath:
                    path: /var/log
      `,
    },
  ],
});
