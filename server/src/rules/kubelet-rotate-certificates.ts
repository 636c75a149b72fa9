import { asBool } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_NODE } from './lib/cis';
import { ensureAt, field, inGroup, missingAt } from './lib/config-file';

export const kubeletRotateCertificates = defineRule({
  id: 'kubelet-rotate-certificates',
  title: 'Kubelet client certificate is not rotated',
  severity: 'warning',
  kinds: ['KubeletConfiguration'],
  recommended: true,
  catalog: [],
  attack: ['T1649', 'T1078'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a KubeletConfiguration whose \`rotateCertificates\` is false or absent (absent means false in a v1beta1 file). ${CIS} §4.2.10.`,
    whyBad:
      'Without rotation the kubelet keeps using the client certificate it bootstrapped with until it expires: a stolen node credential stays valid for its whole lifetime, and an expired one takes the node down.',
    example: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      rotateCertificates: false
    `,
    useInstead: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      rotateCertificates: true
    `,
    remediation:
      'Set `rotateCertificates: true` (kubeadm does) so the kubelet renews its client certificate through the certificates API.',
    fixSafety:
      'Unsafe: rotation needs the controller manager’s CSR signer and approval of node-client CSRs; on clusters without them the kubelet’s renewals hang. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_NODE,
      'https://kubernetes.io/docs/tasks/tls/certificate-rotation/',
      'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/',
    ],
    notes: `${CIS} §4.2.10 “Ensure that the --rotate-certificates argument is not set to false”, Automated. kube-bench passes a file without the field, but \`rotateCertificates\` has no default in \`SetDefaults_KubeletConfiguration\`: left out of a v1beta1 file it is false, so Kubeward reports the missing field too.`,
  },
  messages: {
    rotationOff: () =>
      `The kubelet does not rotate its client certificate (\`rotateCertificates: false\`) (${CIS} §4.2.10).`,
    rotationUnset: () =>
      `The kubelet does not rotate its client certificate: \`rotateCertificates\` is not set and defaults to false in a config file (${CIS} §4.2.10).`,
  },
  check(ctx) {
    if (!inGroup(ctx, 'kubelet.config.k8s.io')) return;
    const f = field(ctx, ['rotateCertificates']);
    if (f && asBool(f.value) === true) return;
    ctx.report({
      at: f ?? missingAt(ctx, ['rotateCertificates']),
      messageId: f ? 'rotationOff' : 'rotationUnset',
      fix: ensureAt(ctx, ['rotateCertificates'], 'true', 'Set `rotateCertificates: true`', 'unsafe'),
    });
  },
});
