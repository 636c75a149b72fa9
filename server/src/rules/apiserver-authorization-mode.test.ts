import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { apiserverAuthorizationMode } from './apiserver-authorization-mode';

ruleTester(apiserverAuthorizationMode, {
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
            - --authorization-mode=Node,RBAC
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'repeated list flag adds up',
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
            - --authorization-mode=Node
            - --authorization-mode=RBAC,Webhook
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'structured authorization config',
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
            - --authorization-config=/etc/kubernetes/authz.yaml
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
  ],
  invalid: [
    {
      name: 'flag missing: AlwaysAllow by default',
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
          messageId: 'defaultAlwaysAllow',
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
            - --authorization-mode=Node,RBAC
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'AlwaysAllow',
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
            - --authorization-mode=AlwaysAllow
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'weakModes',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            modes: ['AlwaysAllow'],
            alwaysAllow: true,
            missing: ['Node', 'RBAC'],
          },
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 39,
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
            - --authorization-mode=Node,RBAC
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'RBAC only, value as a separate item',
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
            - --authorization-mode
            - RBAC
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'weakModes',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            modes: ['RBAC'],
            alwaysAllow: false,
            missing: ['Node'],
          },
          line: 10,
          column: 7,
          endLine: 11,
          endColumn: 11,
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
            - --authorization-mode
            - Node,RBAC
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'AlwaysAllow in an earlier occurrence (no fix)',
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
            - --authorization-mode=AlwaysAllow
            - --authorization-mode=Node,RBAC
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'weakModes',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            modes: ['AlwaysAllow', 'Node', 'RBAC'],
            alwaysAllow: true,
            missing: [],
          },
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 39,
        },
      ],
    },
  ],
});
