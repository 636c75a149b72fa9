import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { apiserverTls } from './apiserver-tls';

ruleTester(apiserverTls, {
  valid: [
    {
      name: 'kubeadm flags',
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
            - --client-ca-file=/etc/kubernetes/pki/ca.crt
            - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
            - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
            - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
            - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
            - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
            - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
            - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
  ],
  invalid: [
    {
      name: 'no TLS key, no etcd client certificate',
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
            - --client-ca-file=/etc/kubernetes/pki/ca.crt
            - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
            - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
            - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
            - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'noServingCert',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'tls-private-key-file',
            empty: false,
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 12,
        },
        {
          messageId: 'noEtcdClientCert',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'etcd-certfile',
            empty: false,
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 12,
        },
        {
          messageId: 'noEtcdClientCert',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'etcd-keyfile',
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
            - --client-ca-file=/etc/kubernetes/pki/ca.crt
            - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
            - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
            - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
            - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
            - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
            - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
            - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'nothing set, flow-style command',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver}
        spec:
          containers:
          - name: kube-apiserver
            command: [kube-apiserver, --client-ca-file=/ca.crt, --etcd-cafile=/etcd-ca.crt, --etcd-certfile=/e.crt, --etcd-keyfile=/e.key, --kubelet-client-certificate=/k.crt, --kubelet-client-key=/k.key, --tls-cert-file=/a.crt]
      `,
      errors: [
        {
          messageId: 'noServingCert',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'tls-private-key-file',
            empty: false,
          },
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 12,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver}
        spec:
          containers:
          - name: kube-apiserver
            command: [kube-apiserver, --client-ca-file=/ca.crt, --etcd-cafile=/etcd-ca.crt, --etcd-certfile=/e.crt, --etcd-keyfile=/e.key, --kubelet-client-certificate=/k.crt, --kubelet-client-key=/k.key, --tls-cert-file=/a.crt, --tls-private-key-file=/etc/kubernetes/pki/apiserver.key]
      `,
    },
    {
      name: 'no client CA: only token authentication',
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
            - --authentication-token-webhook-config-file=/etc/kubernetes/webhook-authn.yaml
            - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
            - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
            - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
            - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
            - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
            - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
            - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'noClientCa',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'client-ca-file',
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
            - --authentication-token-webhook-config-file=/etc/kubernetes/webhook-authn.yaml
            - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
            - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
            - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
            - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
            - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
            - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
            - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
            - --client-ca-file=/etc/kubernetes/pki/ca.crt
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'an empty etcd CA left by an unset template variable, flags in args',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-apiserver
          namespace: kube-system
        spec:
          containers:
          - name: apiserver
            image: registry.k8s.io/kube-apiserver:v1.31.0
            command: ["kube-apiserver"]
            args:
            - --client-ca-file=/etc/kubernetes/pki/ca.crt
            - --etcd-cafile=
            - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
            - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
            - --etcd-servers=https://10.0.0.11:2379,https://10.0.0.12:2379,https://10.0.0.13:2379
            - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
            - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
            - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
            - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
      `,
      errors: [
        {
          messageId: 'noEtcdCa',
          data: {
            process: { component: 'kube-apiserver', container: 'apiserver' },
            flag: 'etcd-cafile',
            empty: true,
          },
          line: 13,
          column: 7,
          endLine: 13,
          endColumn: 21,
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
          - name: apiserver
            image: registry.k8s.io/kube-apiserver:v1.31.0
            command: ["kube-apiserver"]
            args:
            - --client-ca-file=/etc/kubernetes/pki/ca.crt
            - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
            - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
            - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
            - --etcd-servers=https://10.0.0.11:2379,https://10.0.0.12:2379,https://10.0.0.13:2379
            - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
            - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
            - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
            - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
      `,
    },
    {
      name: 'no kubelet client certificate or key',
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
            - --client-ca-file=/etc/kubernetes/pki/ca.crt
            - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
            - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
            - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
            - --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname
            - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
            - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'noKubeletClientCert',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'kubelet-client-certificate',
            empty: false,
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 12,
        },
        {
          messageId: 'noKubeletClientCert',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'kubelet-client-key',
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
            - --client-ca-file=/etc/kubernetes/pki/ca.crt
            - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
            - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
            - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
            - --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname
            - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
            - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
            - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
            - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
  ],
});
