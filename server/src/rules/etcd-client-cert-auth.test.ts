import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { etcdClientCertAuth } from './etcd-client-cert-auth';

ruleTester(etcdClientCertAuth, {
  valid: [
    {
      name: 'kubeadm flags',
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
            - --client-cert-auth=true
            - --peer-client-cert-auth=true
            image: registry.k8s.io/etcd:v1.31.0
            name: etcd
      `,
    },
    {
      name: 'environment variables',
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
            - name: ETCD_CLIENT_CERT_AUTH
              value: "true"
            - name: ETCD_PEER_CLIENT_CERT_AUTH
              value: "true"
      `,
    },
  ],
  invalid: [
    {
      name: 'peer auth missing',
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
            - --client-cert-auth=true
            image: registry.k8s.io/etcd:v1.31.0
            name: etcd
      `,
      errors: [
        {
          messageId: 'insecureDefault',
          data: {
            process: { component: 'etcd', container: 'etcd' },
            flag: 'peer-client-cert-auth',
            default: false,
            want: true,
            section: '2.5',
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
          name: etcd
          namespace: kube-system
        spec:
          containers:
          - command:
            - etcd
            - --client-cert-auth=true
            - --peer-client-cert-auth=true
            image: registry.k8s.io/etcd:v1.31.0
            name: etcd
      `,
    },
    {
      name: 'single-dash flag false, env false',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: etcd
          namespace: kube-system
        spec:
          containers:
          - command:
            - /usr/local/bin/etcd
            - -client-cert-auth=false
            image: registry.k8s.io/etcd:v1.31.0
            name: etcd
            env:
            - name: ETCD_PEER_CLIENT_CERT_AUTH
              value: "false"
      `,
      errors: [
        {
          messageId: 'insecureFlag',
          data: {
            process: { component: 'etcd', container: 'etcd' },
            flag: 'client-cert-auth',
            value: 'false',
            want: true,
            section: '2.2',
          },
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 30,
        },
        {
          messageId: 'insecureEnv',
          data: {
            process: { component: 'etcd', container: 'etcd' },
            flag: 'peer-client-cert-auth',
            variable: 'ETCD_PEER_CLIENT_CERT_AUTH',
            value: 'false',
            want: true,
            section: '2.5',
          },
          line: 15,
          column: 7,
          endLine: 15,
          endColumn: 21,
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
            - /usr/local/bin/etcd
            - -client-cert-auth=true
            image: registry.k8s.io/etcd:v1.31.0
            name: etcd
            env:
            - name: ETCD_PEER_CLIENT_CERT_AUTH
              value: "true"
      `,
    },
  ],
});
