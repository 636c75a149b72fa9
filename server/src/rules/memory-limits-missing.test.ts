import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { memoryLimitsMissing } from './memory-limits-missing';

ruleTester(memoryLimitsMissing, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - {name: app, resources: {requests: {memory: 64Mi}, limits: {memory: 128Mi}}}
        ephemeralContainers:
          - {name: debug, image: busybox:1.36}
    `,
  ],
  invalid: [
    {
      name: 'flow style resources without memory',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - {name: app, resources: {requests: {cpu: 100m}}}
      `,
      errors: [
        {
          messageId: 'missingLimit',
          data: { container: { list: 'containers', name: 'app' }, resource: 'memory' },
          line: 6,
          column: 19,
          endColumn: 28,
          severity: 'warning',
        },
        {
          messageId: 'missingRequest',
          data: { container: { list: 'containers', name: 'app' }, resource: 'memory' },
          line: 6,
          column: 31,
          endColumn: 39,
          severity: 'info',
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - {name: app, resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 512Mi}}}
      `,
    },
  ],
});
