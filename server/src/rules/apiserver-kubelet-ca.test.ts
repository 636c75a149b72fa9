import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { apiserverKubeletCa } from './apiserver-kubelet-ca';

ruleTester(apiserverKubeletCa, {
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
            - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
  ],
  invalid: [
    {
      name: 'kubeadm default lacks it',
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
            - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'noKubeletCa',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'kubelet-certificate-authority',
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
            - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
            - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'flags in args, quoted',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver}
        spec:
          containers:
            - name: kube-apiserver
              command: ["kube-apiserver"]
              args:
                - "--secure-port=6443"
      `,
      errors: [
        {
          messageId: 'noKubeletCa',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'kubelet-certificate-authority',
            empty: false,
          },
          line: 7,
          column: 7,
          endLine: 7,
          endColumn: 14,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver}
        spec:
          containers:
            - name: kube-apiserver
              command: ["kube-apiserver"]
              args:
                - "--secure-port=6443"
                - "--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt"
      `,
    },
  ],
});
