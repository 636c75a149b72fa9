import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { controlPlaneProfiling } from './control-plane-profiling';

ruleTester(controlPlaneProfiling, {
  valid: [
    {
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
            - --profiling=false
            image: registry.k8s.io/kube-controller-manager:v1.31.0
            name: kube-controller-manager
      `,
    },
    {
      name: 'scheduler with a config file',
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
            - --config=/etc/kubernetes/scheduler-config.yaml
            image: registry.k8s.io/kube-scheduler:v1.31.0
            name: kube-scheduler
      `,
    },
    {
      name: 'etcd is not checked',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: etcd
          namespace: kube-system
        spec:
          containers:
          - command:
            - etcd
            - --data-dir=/var/lib/etcd
            image: registry.k8s.io/etcd:v1.31.0
            name: etcd
      `,
    },
  ],
  invalid: [
    {
      name: 'kubeadm scheduler',
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
            - --leader-elect=true
            image: registry.k8s.io/kube-scheduler:v1.31.0
            name: kube-scheduler
      `,
      errors: [
        {
          messageId: 'insecureDefault',
          data: {
            process: { component: 'kube-scheduler', container: 'kube-scheduler' },
            flag: 'profiling',
            default: true,
            want: false,
            section: '1.4.1',
          },
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
            - --bind-address=127.0.0.1
            - --leader-elect=true
            - --profiling=false
            image: registry.k8s.io/kube-scheduler:v1.31.0
            name: kube-scheduler
      `,
    },
    {
      name: 'explicit true on the API server',
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
            - --profiling=true
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'insecureFlag',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'profiling',
            value: 'true',
            want: false,
            section: '1.2.15',
          },
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 23,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-apiserver
          namespace: kube-system
        spec:
          containers:
          - command:
            - kube-apiserver
            - --profiling=false
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'bare boolean does not consume the next item',
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
            - --profiling
            - false
            image: registry.k8s.io/kube-controller-manager:v1.31.0
            name: kube-controller-manager
      `,
      errors: [
        {
          messageId: 'insecureFlag',
          data: {
            process: { component: 'kube-controller-manager', container: 'kube-controller-manager' },
            flag: 'profiling',
            value: 'true',
            want: false,
            section: '1.3.2',
          },
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 18,
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
            - --profiling=false
            - false
            image: registry.k8s.io/kube-controller-manager:v1.31.0
            name: kube-controller-manager
      `,
    },
  ],
});
