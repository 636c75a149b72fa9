import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { etcdAutoTls } from './etcd-auto-tls';

ruleTester(etcdAutoTls, {
  valid: [
    {
      name: 'absent: defaults to false',
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
            - --cert-file=/etc/kubernetes/pki/etcd/server.crt
            image: registry.k8s.io/etcd:v1.31.0
            name: etcd
      `,
    },
  ],
  invalid: [
    {
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
            - --auto-tls=true
            - --peer-auto-tls
            image: registry.k8s.io/etcd:v1.31.0
            name: etcd
      `,
      errors: [
        {
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 22,
          message: 'etcd sets `--auto-tls=true`; CIS Kubernetes Benchmark v1.10.0 §2.3',
        },
        {
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 22,
          message: 'etcd sets `--peer-auto-tls=true`; CIS Kubernetes Benchmark v1.10.0',
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: etcd
          namespace: kube-system
        spec:
          containers:
          - command:
            - etcd
            - --auto-tls=false
            - --peer-auto-tls=false
            image: registry.k8s.io/etcd:v1.31.0
            name: etcd
      `,
    },
    {
      name: 'environment variable',
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
            image: registry.k8s.io/etcd:v1.31.0
            name: etcd
            env:
            - name: ETCD_AUTO_TLS
              value: "true"
      `,
      errors: [
        {
          line: 14,
          column: 7,
          endLine: 14,
          endColumn: 20,
          message: 'etcd sets ETCD_AUTO_TLS=true; CIS Kubernetes Benchmark v1.10.0 §2.3',
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: etcd
          namespace: kube-system
        spec:
          containers:
          - command:
            - etcd
            image: registry.k8s.io/etcd:v1.31.0
            name: etcd
            env:
            - name: ETCD_AUTO_TLS
              value: "false"
      `,
    },
  ],
});
