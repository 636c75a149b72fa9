import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { sensitiveHostPath } from './sensitive-host-path';

ruleTester(sensitiveHostPath, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers: [{name: app, image: nginx:1.27}]
        volumes:
          - {name: data, hostPath: {path: /srv/data}}
    `,
  ],
  invalid: [
    {
      name: 'trailing slash ignored; the volume and its mount are removed, other items stay',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              volumeMounts:
                - name: host-etc
                  mountPath: /host/etc
                - name: tmp
                  mountPath: /tmp
          volumes:
            - name: host-etc
              hostPath:
                path: /etc/
            - name: tmp
              emptyDir: {}
      `,
      errors: [
        {
          messageId: 'sensitivePath',
          data: { volume: 'host-etc', path: '/etc' },
          line: 16,
          column: 9,
          endColumn: 20,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              volumeMounts:
                - name: tmp
                  mountPath: /tmp
          volumes:
            - name: tmp
              emptyDir: {}
      `,
    },
  ],
});
