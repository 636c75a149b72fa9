import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { controllerManagerServiceAccountCredentials } from './controller-manager-service-account-credentials';

ruleTester(controllerManagerServiceAccountCredentials, {
  valid: [
    {
      name: 'kubeadm flags',
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
            - --root-ca-file=/etc/kubernetes/pki/ca.crt
            - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
            - --use-service-account-credentials=true
            image: registry.k8s.io/kube-controller-manager:v1.31.0
            name: kube-controller-manager
      `,
    },
  ],
  invalid: [
    {
      name: 'shared credentials',
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
            - --root-ca-file=/etc/kubernetes/pki/ca.crt
            - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
            - --use-service-account-credentials=false
            image: registry.k8s.io/kube-controller-manager:v1.31.0
            name: kube-controller-manager
      `,
      errors: [
        {
          messageId: 'insecureFlag',
          data: {
            process: { component: 'kube-controller-manager', container: 'kube-controller-manager' },
            flag: 'use-service-account-credentials',
            value: 'false',
            want: true,
            section: '1.3.3',
          },
          line: 12,
          column: 7,
          endLine: 12,
          endColumn: 46,
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
            - --root-ca-file=/etc/kubernetes/pki/ca.crt
            - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
            - --use-service-account-credentials=true
            image: registry.k8s.io/kube-controller-manager:v1.31.0
            name: kube-controller-manager
      `,
    },
    {
      name: 'nothing set',
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
            - --leader-elect=true
            image: registry.k8s.io/kube-controller-manager:v1.31.0
            name: kube-controller-manager
      `,
      errors: [
        {
          messageId: 'insecureDefault',
          data: {
            process: { component: 'kube-controller-manager', container: 'kube-controller-manager' },
            flag: 'use-service-account-credentials',
            default: false,
            want: true,
            section: '1.3.3',
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 12,
        },
        {
          messageId: 'noSigningKey',
          data: {
            process: { component: 'kube-controller-manager', container: 'kube-controller-manager' },
            flag: 'service-account-private-key-file',
            empty: false,
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 12,
        },
        {
          messageId: 'noRootCa',
          data: {
            process: { component: 'kube-controller-manager', container: 'kube-controller-manager' },
            flag: 'root-ca-file',
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
          name: kube-controller-manager
          namespace: kube-system
        spec:
          containers:
          - command:
            - kube-controller-manager
            - --leader-elect=true
            - --use-service-account-credentials=true
            - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
            - --root-ca-file=/etc/kubernetes/pki/ca.crt
            image: registry.k8s.io/kube-controller-manager:v1.31.0
            name: kube-controller-manager
      `,
    },
  ],
});
