import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { apiserverEncryptionConfig } from './apiserver-encryption-config';

ruleTester(apiserverEncryptionConfig, {
  valid: [
    {
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
            - --encryption-provider-config=/etc/kubernetes/enc/enc.yaml
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
  ],
  invalid: [
    {
      name: 'missing',
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
            - --etcd-servers=https://127.0.0.1:2379
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'noEncryptionConfig',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'encryption-provider-config',
            empty: false,
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
          name: kube-apiserver
          namespace: kube-system
        spec:
          containers:
          - command:
            - kube-apiserver
            - --etcd-servers=https://127.0.0.1:2379
            - --encryption-provider-config=/etc/kubernetes/enc/enc.yaml
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'empty value',
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
            - --encryption-provider-config=
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'noEncryptionConfig',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'encryption-provider-config',
            empty: true,
          },
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 36,
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
            - --encryption-provider-config=/etc/kubernetes/enc/enc.yaml
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
  ],
});
