import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { cpuLimitsMissing } from './cpu-limits-missing';

ruleTester(cpuLimitsMissing, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            resources:
              requests: {cpu: 100m}
              limits: {cpu: 500m}
    `,
    {
      name: 'a limit alone: the request defaults to it',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - {name: app, resources: {limits: {cpu: "1"}}}
      `,
    },
  ],
  invalid: [
    {
      name: 'no resources at all',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: nginx:1.27
      `,
      errors: [
        {
          messageId: 'missingLimit',
          data: { container: { list: 'containers', name: 'app' }, resource: 'cpu' },
          line: 8,
          column: 11,
          endColumn: 20,
          severity: 'warning',
        },
        {
          messageId: 'missingRequest',
          data: { container: { list: 'containers', name: 'app' }, resource: 'cpu' },
          line: 8,
          column: 11,
          endColumn: 20,
          severity: 'info',
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: nginx:1.27
                  resources:
                    limits:
                      cpu: 500m
      `,
    },
    {
      name: 'request set, limit missing: the limit placeholder starts at the request',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers: [{name: app, resources: {limits: {cpu: "1"}}}]
          initContainers:
            - name: init
              resources:
                requests:
                  cpu: 100m
      `,
      errors: [
        {
          messageId: 'missingLimit',
          data: { container: { list: 'initContainers', name: 'init' }, resource: 'cpu' },
          line: 8,
          column: 7,
          endColumn: 16,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers: [{name: app, resources: {limits: {cpu: "1"}}}]
          initContainers:
            - name: init
              resources:
                requests:
                  cpu: 100m
                limits:
                  cpu: 100m
      `,
    },
  ],
});
