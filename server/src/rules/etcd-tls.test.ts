import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { etcdTls } from './etcd-tls';

ruleTester(etcdTls, {
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
            - --cert-file=/etc/kubernetes/pki/etcd/server.crt
            - --key-file=/etc/kubernetes/pki/etcd/server.key
            - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
            - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
            image: registry.k8s.io/etcd:v1.31.0
            name: etcd
      `,
    },
  ],
  invalid: [
    {
      name: 'no peer certificates',
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
            - --key-file=/etc/kubernetes/pki/etcd/server.key
            image: registry.k8s.io/etcd:v1.31.0
            name: etcd
      `,
      errors: [
        {
          messageId: 'noPeerCert',
          data: { process: { component: 'etcd', container: 'etcd' }, flag: 'peer-cert-file', empty: false },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 12,
        },
        {
          messageId: 'noPeerCert',
          data: { process: { component: 'etcd', container: 'etcd' }, flag: 'peer-key-file', empty: false },
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
            - --cert-file=/etc/kubernetes/pki/etcd/server.crt
            - --key-file=/etc/kubernetes/pki/etcd/server.key
            - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
            - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
            image: registry.k8s.io/etcd:v1.31.0
            name: etcd
      `,
    },
    {
      name: 'clients over plain HTTP; the peer certificates from environment variables count',
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
            - --listen-client-urls=https://127.0.0.1:2379
            - --advertise-client-urls=https://127.0.0.1:2379
            env:
            - name: ETCD_PEER_CERT_FILE
              value: /etc/kubernetes/pki/etcd/peer.crt
            - name: ETCD_PEER_KEY_FILE
              value: /etc/kubernetes/pki/etcd/peer.key
            image: registry.k8s.io/etcd:3.5.15-0
            name: etcd
      `,
      errors: [
        {
          messageId: 'noServingCert',
          data: { process: { component: 'etcd', container: 'etcd' }, flag: 'cert-file', empty: false },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 12,
        },
        {
          messageId: 'noServingCert',
          data: { process: { component: 'etcd', container: 'etcd' }, flag: 'key-file', empty: false },
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
            - --data-dir=/var/lib/etcd
            - --listen-client-urls=https://127.0.0.1:2379
            - --advertise-client-urls=https://127.0.0.1:2379
            - --cert-file=/etc/kubernetes/pki/etcd/server.crt
            - --key-file=/etc/kubernetes/pki/etcd/server.key
            env:
            - name: ETCD_PEER_CERT_FILE
              value: /etc/kubernetes/pki/etcd/peer.crt
            - name: ETCD_PEER_KEY_FILE
              value: /etc/kubernetes/pki/etcd/peer.key
            image: registry.k8s.io/etcd:3.5.15-0
            name: etcd
      `,
    },
    {
      name: 'http:// client and peer URLs: plain text whatever certificates are set (flag and ETCD_ variable)',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: etcd
          namespace: kube-system
        spec:
          containers:
          - name: etcd
            image: registry.k8s.io/etcd:3.5.15-0
            command:
            - etcd
            - --cert-file=/etc/kubernetes/pki/etcd/server.crt
            - --key-file=/etc/kubernetes/pki/etcd/server.key
            - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
            - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
            - --listen-client-urls=https://127.0.0.1:2379,http://10.0.0.5:2379
            - --listen-metrics-urls=http://127.0.0.1:2381
            env:
            - name: ETCD_LISTEN_PEER_URLS
              value: http://10.0.0.5:2380
      `,
      errors: [
        {
          messageId: 'plainUrl',
          data: {
            process: { component: 'etcd', container: 'etcd' },
            flag: 'listen-client-urls',
            url: 'http://10.0.0.5:2379',
          },
          line: 16,
          column: 7,
        },
        {
          messageId: 'plainUrl',
          data: {
            process: { component: 'etcd', container: 'etcd' },
            flag: 'listen-peer-urls',
            url: 'http://10.0.0.5:2380',
          },
          line: 20,
          column: 7,
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
          - name: etcd
            image: registry.k8s.io/etcd:3.5.15-0
            command:
            - etcd
            - --cert-file=/etc/kubernetes/pki/etcd/server.crt
            - --key-file=/etc/kubernetes/pki/etcd/server.key
            - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
            - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
            - --listen-client-urls=https://127.0.0.1:2379,https://10.0.0.5:2379
            - --listen-metrics-urls=http://127.0.0.1:2381
            env:
            - name: ETCD_LISTEN_PEER_URLS
              value: https://10.0.0.5:2380
      `,
    },
  ],
});
