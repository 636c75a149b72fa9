import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { apiserverAdmissionPlugins } from './apiserver-admission-plugins';

ruleTester(apiserverAdmissionPlugins, {
  valid: [
    {
      name: 'kubeadm default',
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
            - --enable-admission-plugins=NodeRestriction
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'disabling an unrelated plugin',
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
            - --enable-admission-plugins=NodeRestriction,EventRateLimit
            - --disable-admission-plugins=DefaultStorageClass
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
  ],
  invalid: [
    {
      name: 'flag missing',
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
            - --secure-port=6443
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'noNodeRestriction',
          data: { process: { component: 'kube-apiserver', container: 'kube-apiserver' } },
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
            - --secure-port=6443
            - --enable-admission-plugins=NodeRestriction
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'AlwaysAdmit and no NodeRestriction',
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
            - --enable-admission-plugins=AlwaysAdmit,NamespaceLifecycle
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'alwaysAdmit',
          data: { process: { component: 'kube-apiserver', container: 'kube-apiserver' } },
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 64,
        },
        {
          messageId: 'noNodeRestriction',
          data: { process: { component: 'kube-apiserver', container: 'kube-apiserver' } },
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 64,
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
            - --enable-admission-plugins=NamespaceLifecycle,NodeRestriction
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'AlwaysAdmit alone in an earlier occurrence',
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
            - --enable-admission-plugins=AlwaysAdmit
            - --enable-admission-plugins=NodeRestriction
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'alwaysAdmit',
          data: { process: { component: 'kube-apiserver', container: 'kube-apiserver' } },
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 45,
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
            - --enable-admission-plugins=NodeRestriction
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'disabling ServiceAccount and NamespaceLifecycle',
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
            - --enable-admission-plugins=NodeRestriction
            - --disable-admission-plugins=ServiceAccount,NamespaceLifecycle
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'disabledPlugins',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            plugins: ['ServiceAccount', 'NamespaceLifecycle'],
          },
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 68,
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
            - --enable-admission-plugins=NodeRestriction
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
  ],
});
