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
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 12,
          message: 'kube-apiserver does not set `--audit-log-path`: API requests are not',
        },
        {
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 12,
          message: 'kube-apiserver does not set `--audit-policy-file`: without an audit',
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
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 12,
          message: 'kube-apiserver does not set `--audit-log-maxbackup`; CIS Kubernetes',
        },
        {
          line: 12,
          column: 7,
          endLine: 12,
          endColumn: 27,
          message: 'kube-apiserver sets `--audit-log-maxage=7`; CIS Kubernetes Benchmark',
        },
        {
          line: 13,
          column: 7,
          endLine: 14,
          endColumn: 9,
          message: 'kube-apiserver sets `--audit-log-maxsize=50`; CIS Kubernetes',
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
  ],
});
