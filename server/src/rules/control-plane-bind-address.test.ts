import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { controlPlaneBindAddress } from './control-plane-bind-address';

ruleTester(controlPlaneBindAddress, {
  valid: [
    {
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-scheduler
          namespace: kube-system
        spec:
          containers:
          - command:
            - kube-scheduler
            - --bind-address=127.0.0.1
            image: registry.k8s.io/kube-scheduler:v1.31.0
            name: kube-scheduler
      `,
    },
    {
      name: 'API server is not checked',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-apiserver
          namespace: kube-system
        spec:
          containers:
          - command:
            - kube-apiserver
            - --bind-address=0.0.0.0
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
  ],
  invalid: [
    {
      name: 'all interfaces',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-controller-manager
          namespace: kube-system
        spec:
          containers:
          - command:
            - kube-controller-manager
            - --bind-address=0.0.0.0
            image: registry.k8s.io/kube-controller-manager:v1.31.0
            name: kube-controller-manager
      `,
      errors: [
        {
          messageId: 'nonLoopback',
          data: {
            process: { component: 'kube-controller-manager', container: 'kube-controller-manager' },
            address: '0.0.0.0',
            section: '1.3.7',
          },
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 29,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-controller-manager
          namespace: kube-system
        spec:
          containers:
          - command:
            - kube-controller-manager
            - --bind-address=127.0.0.1
            image: registry.k8s.io/kube-controller-manager:v1.31.0
            name: kube-controller-manager
      `,
    },
    {
      name: 'absent: binds 0.0.0.0',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-scheduler
          namespace: kube-system
        spec:
          containers:
          - command:
            - kube-scheduler
            - --leader-elect=true
            image: registry.k8s.io/kube-scheduler:v1.31.0
            name: kube-scheduler
      `,
      errors: [
        {
          messageId: 'listensOnAll',
          data: { process: { component: 'kube-scheduler', container: 'kube-scheduler' }, section: '1.4.2' },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 12,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-scheduler
          namespace: kube-system
        spec:
          containers:
          - command:
            - kube-scheduler
            - --leader-elect=true
            - --bind-address=127.0.0.1
            image: registry.k8s.io/kube-scheduler:v1.31.0
            name: kube-scheduler
      `,
    },
  ],
});
