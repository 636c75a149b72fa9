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
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 12,
          message: 'kube-apiserver does not set `--authorization-mode`, which defaults to',
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
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 39,
          message: 'kube-apiserver `--authorization-mode=AlwaysAllow` includes',
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
          line: 10,
          column: 7,
          endLine: 11,
          endColumn: 11,
          message: 'kube-apiserver `--authorization-mode=RBAC` lacks Node (§1.2.7) (CIS',
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
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 39,
          message: 'kube-apiserver `--authorization-mode=AlwaysAllow,Node,RBAC` includes',
        },
      ],
    },
  ],
});
