import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { apiserverAnonymousAuth } from './apiserver-anonymous-auth';

ruleTester(apiserverAnonymousAuth, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: kube-apiserver}
      spec:
        containers:
        - command:
          - kube-apiserver
          - --anonymous-auth=false
          name: kube-apiserver
    `,
    {
      name: 'two-item form',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver}
        spec:
          containers:
          - name: kube-apiserver
            command: [/usr/local/bin/kube-apiserver]
            args: ["--anonymous-auth=0"]
      `,
    },
    {
      name: 'structured authentication config decides',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver}
        spec:
          containers:
          - name: kube-apiserver
            command: [kube-apiserver, --authentication-config=/etc/kubernetes/authn.yaml]
      `,
    },
    {
      name: 'not the API server',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: app}
        spec:
          containers:
          - name: app
            command: [my-kube-apiserver-proxy, --anonymous-auth=true]
      `,
    },
    {
      name: 'shell-wrapped command is skipped',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver}
        spec:
          containers:
          - name: kube-apiserver
            command: [/bin/sh, -c, "kube-apiserver --anonymous-auth=true"]
      `,
    },
  ],
  invalid: [
    {
      name: 'kubeadm layout, flag missing',
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
            - --advertise-address=172.18.0.2
            - --authorization-mode=Node,RBAC
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'insecureDefault',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'anonymous-auth',
            default: true,
            want: false,
            section: '1.2.1',
          },
          line: 8,
          column: 5,
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
            - --advertise-address=172.18.0.2
            - --authorization-mode=Node,RBAC
            - --anonymous-auth=false
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'explicit true in args, quoted',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver}
        spec:
          containers:
            - name: apiserver
              command: ["/usr/local/bin/kube-apiserver"]
              args:
                - "--secure-port=6443"
                - "--anonymous-auth=true"
      `,
      errors: [
        {
          messageId: 'insecureFlag',
          data: {
            process: { component: 'kube-apiserver', container: 'apiserver' },
            flag: 'anonymous-auth',
            value: 'true',
            want: false,
            section: '1.2.1',
          },
          line: 10,
          column: 11,
          endColumn: 34,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver}
        spec:
          containers:
            - name: apiserver
              command: ["/usr/local/bin/kube-apiserver"]
              args:
                - "--secure-port=6443"
                - "--anonymous-auth=false"
      `,
    },
    {
      name: 'hyperkube, last occurrence wins',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver}
        spec:
          containers:
          - name: kube-apiserver
            command: [/hyperkube, apiserver, --anonymous-auth=false, --anonymous-auth=true]
      `,
      errors: [
        {
          messageId: 'insecureFlag',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'anonymous-auth',
            value: 'true',
            want: false,
            section: '1.2.1',
          },
          line: 7,
          column: 62,
          endColumn: 83,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver}
        spec:
          containers:
          - name: kube-apiserver
            command: [/hyperkube, apiserver, --anonymous-auth=false, --anonymous-auth=false]
      `,
    },
  ],
});
