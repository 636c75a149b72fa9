import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { kubeSystemWorkload } from './kube-system-workload';

ruleTester(kubeSystemWorkload, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p, namespace: apps}
      spec:
        containers: [{name: app, image: nginx:1.27}]
    `,
    {
      name: 'not a workload',
      code: yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c, namespace: kube-system}
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
          namespace: kube-system
        spec:
          template:
            spec:
              containers: [{name: agent, image: agent:1.0}]
      `,
      errors: [
        {
          messageId: 'kubeSystem',
          data: { object: { kind: 'DaemonSet', name: 'agent' } },
          line: 5,
          column: 3,
          endColumn: 25,
          severity: 'info',
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
          namespace: agent
        spec:
          template:
            spec:
              containers: [{name: agent, image: agent:1.0}]
      `,
    },
  ],
});
