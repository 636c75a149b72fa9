import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { hostPort } from './host-port';

ruleTester(hostPort, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            ports:
              - containerPort: 8080
    `,
    {
      name: 'hostPort 0 means no host port',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              ports:
                - containerPort: 8080
                  hostPort: 0
      `,
    },
    {
      name: 'not a workload',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: a}
        spec:
          ports:
            - port: 80
              hostPort: 80
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: nginx:1.27
                  ports:
                    - containerPort: 8080
                      hostPort: 8080 # node port
                    - containerPort: 9090
      `,
      errors: [
        {
          messageId: 'hostPort',
          data: { container: { list: 'containers', name: 'app' }, port: 8080 },
          line: 13,
          column: 15,
          endColumn: 29,
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: nginx:1.27
                  ports:
                    - containerPort: 8080
                    - containerPort: 9090
      `,
    },
    {
      name: 'init container, hostPort first in the item, flow map',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          initContainers:
            - name: setup
              ports:
                - hostPort: 53
                  containerPort: 53
          containers:
            - name: app
              ports: [{containerPort: 80, hostPort: 80}]
      `,
      errors: [
        {
          messageId: 'hostPort',
          data: { container: { list: 'initContainers', name: 'setup' }, port: 53 },
          line: 8,
          column: 11,
          endColumn: 23,
        },
        {
          messageId: 'hostPort',
          data: { container: { list: 'containers', name: 'app' }, port: 80 },
          line: 12,
          column: 35,
          endColumn: 47,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          initContainers:
            - name: setup
              ports:
                - containerPort: 53
          containers:
            - name: app
              ports: [{containerPort: 80}]
      `,
    },
  ],
});
