import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { apiserverAuditLog } from './apiserver-audit-log';

ruleTester(apiserverAuditLog, {
  valid: [
    {
      name: 'CIS values',
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
            - --audit-log-path=/var/log/kubernetes/audit/audit.log
            - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
            - --audit-log-maxage=30
            - --audit-log-maxbackup=10
            - --audit-log-maxsize=100
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'logs to stdout: retention does not apply',
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
            - --audit-log-path=-
            - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
  ],
  invalid: [
    {
      name: 'no audit flags at all',
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
          messageId: 'noAuditLogPath',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'audit-log-path',
            empty: false,
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 12,
        },
        {
          messageId: 'noAuditPolicy',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'audit-policy-file',
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
            - --secure-port=6443
            - --audit-log-path=/var/log/kubernetes/audit/audit.log
            - --audit-log-maxage=30
            - --audit-log-maxbackup=10
            - --audit-log-maxsize=100
            - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'retention too short and missing',
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
            - --audit-log-path=/var/log/audit.log
            - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
            - --audit-log-maxage=7
            - --audit-log-maxsize
            - 50
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
      errors: [
        {
          messageId: 'retentionUnset',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'audit-log-maxbackup',
            min: 10,
            unit: 'files',
            section: '1.2.18',
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 12,
        },
        {
          messageId: 'retentionTooLow',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'audit-log-maxage',
            value: '7',
            min: 30,
            unit: 'days',
            section: '1.2.17',
          },
          line: 12,
          column: 7,
          endLine: 12,
          endColumn: 27,
        },
        {
          messageId: 'retentionTooLow',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'audit-log-maxsize',
            value: '50',
            min: 100,
            unit: 'MB',
            section: '1.2.19',
          },
          line: 13,
          column: 7,
          endLine: 14,
          endColumn: 9,
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
            - --audit-log-path=/var/log/audit.log
            - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
            - --audit-log-maxage=30
            - --audit-log-maxsize
            - 100
            - --audit-log-maxbackup=10
            image: registry.k8s.io/kube-apiserver:v1.31.0
            name: kube-apiserver
      `,
    },
    {
      name: 'flags go into an empty flow list, separated',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver}
        spec:
          containers:
          - name: kube-apiserver
            command: [kube-apiserver]
            args: []
      `,
      errors: [
        {
          messageId: 'noAuditLogPath',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'audit-log-path',
            empty: false,
          },
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 12,
        },
        {
          messageId: 'noAuditPolicy',
          data: {
            process: { component: 'kube-apiserver', container: 'kube-apiserver' },
            flag: 'audit-policy-file',
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
            command: [kube-apiserver]
            args: [--audit-log-path=/var/log/kubernetes/audit/audit.log, --audit-log-maxage=30, --audit-log-maxbackup=10, --audit-log-maxsize=100, --audit-policy-file=/etc/kubernetes/audit-policy.yaml]
      `,
    },
  ],
});
