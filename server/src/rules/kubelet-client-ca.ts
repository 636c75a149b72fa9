import { scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_NODE } from './lib/cis';
import { ensureAt, field, inGroup, missingAt } from './lib/config-file';

export const kubeletClientCa = defineRule({
  id: 'kubelet-client-ca',
  title: 'Kubelet does not verify client certificates',
  severity: 'warning',
  kinds: ['KubeletConfiguration'],
  recommended: true,
  catalog: [],
  attack: ['T1133', 'T1557'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a KubeletConfiguration without \`authentication.x509.clientCAFile\`. ${CIS} §4.2.3.`,
    whyBad:
      'Without a client CA the kubelet cannot authenticate the API server’s client certificate, so the API server’s own calls (exec, logs, port-forward) are either refused or only work if the kubelet lets unauthenticated callers in.',
    example: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      authentication:
        webhook:
          enabled: true
    `,
    useInstead: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      authentication:
        webhook:
          enabled: true
        x509:
          clientCAFile: /etc/kubernetes/pki/ca.crt
    `,
    remediation:
      'Set `authentication.x509.clientCAFile` to the cluster CA (kubeadm: `/etc/kubernetes/pki/ca.crt`).',
    fixSafety:
      'Unsafe: the fix inserts kubeadm’s CA path as a placeholder; the kubelet does not start if the file is missing. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_NODE,
      'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/',
    ],
    notes: `${CIS} §4.2.3, Automated. The field has no default. The \`--client-ca-file\` command-line flag, if set in the kubelet’s systemd unit, is not seen.`,
  },
  messages: {
    noClientCa: () =>
      `The kubelet has no \`authentication.x509.clientCAFile\`, so it cannot verify client certificates (${CIS} §4.2.3).`,
  },
  check(ctx) {
    if (!inGroup(ctx, 'kubelet.config.k8s.io')) return;
    const path = ['authentication', 'x509', 'clientCAFile'];
    const f = field(ctx, path);
    if (f && (scalarString(f.value) ?? '') !== '') return;
    ctx.report({
      at: f ?? missingAt(ctx, path),
      messageId: 'noClientCa',
      fix: ensureAt(ctx, path, '${1:/etc/kubernetes/pki/ca.crt}', 'Set `clientCAFile`', 'unsafe', true),
    });
  },
});
