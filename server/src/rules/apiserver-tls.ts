import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import {
  APISERVER_REF,
  CIS,
  CIS_URL,
  KUBE_BENCH_MASTER,
  checkRequiredFlags,
  requiredFlagText,
  type RequiredFlag,
  type RequiredFlagData,
} from './lib/cis';
import { processesOf } from './lib/flags';

const REQUIRED = [
  {
    flag: 'tls-cert-file',
    placeholder: '/etc/kubernetes/pki/apiserver.crt',
    messageId: 'noServingCert',
  },
  {
    flag: 'tls-private-key-file',
    placeholder: '/etc/kubernetes/pki/apiserver.key',
    messageId: 'noServingCert',
  },
  {
    flag: 'client-ca-file',
    placeholder: '/etc/kubernetes/pki/ca.crt',
    messageId: 'noClientCa',
  },
  {
    flag: 'etcd-cafile',
    placeholder: '/etc/kubernetes/pki/etcd/ca.crt',
    messageId: 'noEtcdCa',
  },
  {
    flag: 'etcd-certfile',
    placeholder: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
    messageId: 'noEtcdClientCert',
  },
  {
    flag: 'etcd-keyfile',
    placeholder: '/etc/kubernetes/pki/apiserver-etcd-client.key',
    messageId: 'noEtcdClientCert',
  },
  {
    flag: 'kubelet-client-certificate',
    placeholder: '/etc/kubernetes/pki/apiserver-kubelet-client.crt',
    messageId: 'noKubeletClientCert',
  },
  {
    flag: 'kubelet-client-key',
    placeholder: '/etc/kubernetes/pki/apiserver-kubelet-client.key',
    messageId: 'noKubeletClientCert',
  },
] as const satisfies readonly RequiredFlag[];

export const apiserverTls = defineRule({
  id: 'apiserver-tls',
  title: 'API server TLS certificate, client CA, etcd or kubelet client credentials missing',
  severity: 'error',
  kinds: 'workloads',
  recommended: true,
  catalog: [],
  attack: ['T1557', 'T1040'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a kube-apiserver static Pod that lacks any of \`--tls-cert-file\`, \`--tls-private-key-file\`, \`--client-ca-file\`, \`--etcd-cafile\`, \`--etcd-certfile\`, \`--etcd-keyfile\`, \`--kubelet-client-certificate\` or \`--kubelet-client-key\`. ${CIS} §1.2.4, §1.2.23, §1.2.24, §1.2.25 and §1.2.26.`,
    whyBad:
      'Each missing file breaks one authenticated, encrypted link: clients cannot verify the API server, the API server cannot verify client certificates, etcd (holding every Secret) is reached without mutual TLS, or kubelets must accept the API server without a client certificate. Every unverified link invites a man-in-the-middle.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-apiserver
        namespace: kube-system
      spec:
        containers:
          - name: kube-apiserver
            image: registry.k8s.io/kube-apiserver:v1.31.0
            command:
              - kube-apiserver
              - --client-ca-file=/etc/kubernetes/pki/ca.crt
              - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
              - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
              - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
              - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
              - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
              - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-apiserver
        namespace: kube-system
      spec:
        containers:
          - name: kube-apiserver
            image: registry.k8s.io/kube-apiserver:v1.31.0
            command:
              - kube-apiserver
              - --client-ca-file=/etc/kubernetes/pki/ca.crt
              - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
              - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
              - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
              - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
              - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
              - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
              - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
    `,
    remediation:
      'Issue the certificates (`kubeadm init phase certs` does) and set every missing flag to its file, mounted into the Pod.',
    fixSafety:
      'Unsafe: the fix adds the flag with kubeadm’s default path as a placeholder; the API server fails to start if the file is not there. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_MASTER,
      APISERVER_REF,
      'https://kubernetes.io/docs/setup/best-practices/certificates/',
    ],
    notes: `${CIS} §1.2.4 (kubelet client certificate and key), §1.2.23 (etcd certificate and key), §1.2.24 (TLS certificate and key), §1.2.25 (client CA) and §1.2.26 (etcd CA), all Automated. Whether the files are the right ones is not checked; the Manual item §1.2.29 (strong cipher suites) is not checked. \`--kubelet-certificate-authority\` (§1.2.5) is the separate rule \`apiserver-kubelet-ca\`.`,
  },
  messages: {
    noServingCert: (d: RequiredFlagData) =>
      requiredFlagText(d, 'the API server serves a self-signed certificate clients cannot verify', '1.2.24'),
    noClientCa: (d: RequiredFlagData) =>
      requiredFlagText(
        d,
        'client certificates are not verified, so certificate authentication is off',
        '1.2.25',
      ),
    noEtcdCa: (d: RequiredFlagData) =>
      requiredFlagText(d, 'the API server does not verify the etcd server it talks to', '1.2.26'),
    noEtcdClientCert: (d: RequiredFlagData) =>
      requiredFlagText(d, 'the API server cannot authenticate to etcd with a client certificate', '1.2.23'),
    noKubeletClientCert: (d: RequiredFlagData) =>
      requiredFlagText(
        d,
        'the API server cannot authenticate to kubelets, which must then allow unauthenticated access',
        '1.2.4',
      ),
  },
  check(ctx) {
    for (const p of processesOf(ctx, 'kube-apiserver')) checkRequiredFlags(ctx, p, REQUIRED);
  },
});
