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
          messageId: 'insecureFlag',
          data: {
            process: { component: 'etcd', container: 'etcd' },
            flag: 'auto-tls',
            value: 'true',
            want: false,
            section: '2.3',
          },
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 22,
        },
        {
          messageId: 'insecureFlag',
          data: {
            process: { component: 'etcd', container: 'etcd' },
            flag: 'peer-auto-tls',
            value: 'true',
            want: false,
            section: '2.6',
          },
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 22,
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
          messageId: 'insecureEnv',
          data: {
            process: { component: 'etcd', container: 'etcd' },
            flag: 'auto-tls',
            variable: 'ETCD_AUTO_TLS',
            value: 'true',
            want: false,
            section: '2.3',
          },
          line: 14,
          column: 7,
          endLine: 14,
          endColumn: 20,
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
