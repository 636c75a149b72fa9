import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { containerRuntimeSocket } from './container-runtime-socket';

ruleTester(containerRuntimeSocket, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers: [{name: app, image: nginx:1.27}]
        volumes:
          - {name: run, hostPath: {path: /run/app}}
    `,
  ],
  invalid: [
    {
      name: 'containerd socket in a CronJob; the only volume and mount go with their keys',
      code: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: gc}
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: gc
                      image: gc:1.0
                      volumeMounts:
                        - {name: sock, mountPath: /run/containerd/containerd.sock}
                  volumes:
                    - name: sock
                      hostPath: {path: /run/containerd/containerd.sock, type: Socket}
      `,
      errors: [
        {
          messageId: 'runtimeSocket',
          data: { volume: 'sock', path: '/run/containerd/containerd.sock' },
          line: 18,
          column: 26,
          endColumn: 63,
          attack: ['T1611', 'T1609', 'T1053.007'],
        },
      ],
      output: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: gc}
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: gc
                      image: gc:1.0
      `,
    },
  ],
});
