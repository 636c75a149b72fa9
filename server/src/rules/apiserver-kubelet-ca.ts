import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import {
  APISERVER_REF,
  CIS,
  CIS_URL,
  KUBE_BENCH_MASTER,
  checkRequiredFlags,
  requiredFlagText,
  type RequiredFlagData,
} from './lib/cis';
import { processesOf } from './lib/flags';

export const apiserverKubeletCa = defineRule({
  id: 'apiserver-kubelet-ca',
  title: 'API server does not verify kubelet serving certificates',
  severity: 'warning',
  kinds: 'workloads',
  recommended: true,
  catalog: [],
  attack: ['T1557'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a kube-apiserver static Pod without \`--kubelet-certificate-authority\`. ${CIS} §1.2.5.`,
    whyBad:
      'Without it the API server connects to kubelets (for `kubectl exec`, `logs`, `port-forward` and metrics) without checking their serving certificate. Anyone who can intercept or impersonate a node’s address receives the exec streams and can answer in the kubelet’s name.',
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
              - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
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
              - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
              - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt
    `,
    remediation:
      'Have kubelets use CA-signed serving certificates (`serverTLSBootstrap: true` in their KubeletConfiguration, then approve the serving CSRs), and set `--kubelet-certificate-authority` to that CA.',
    fixSafety:
      'Unsafe: kubeadm’s kubelets serve self-signed certificates by default; verifying them against a CA breaks `exec`, `logs` and metrics until serving certificates are signed. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_MASTER,
      APISERVER_REF,
      'https://kubernetes.io/docs/concepts/architecture/control-plane-node-communication/#api-server-to-kubelet',
    ],
    notes: `${CIS} §1.2.5, Automated. kubeadm does not set this flag, so a default kubeadm control plane fires; pair the fix with \`kubelet-server-tls-bootstrap\`.`,
  },
  messages: {
    noKubeletCa: (d: RequiredFlagData) =>
      requiredFlagText(d, 'kubelet serving certificates are not verified', '1.2.5'),
  },
  check(ctx) {
    for (const p of processesOf(ctx, 'kube-apiserver')) {
      checkRequiredFlags(ctx, p, [
        {
          flag: 'kubelet-certificate-authority',
          placeholder: '/etc/kubernetes/pki/ca.crt',
          messageId: 'noKubeletCa',
        },
      ]);
    }
  },
});
