import { asBool, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_NODE } from './lib/cis';
import { ensureAt, field, inGroup, missingAt } from './lib/config-file';

export const kubeletServerTlsBootstrap = defineRule({
  id: 'kubelet-server-tls-bootstrap',
  title: 'Kubelet serves a self-signed certificate',
  severity: 'info',
  kinds: ['KubeletConfiguration'],
  recommended: false,
  catalog: [],
  attack: ['T1557'],
  fix: 'sometimes',
  docs: {
    whatItDoes: `Flags a KubeletConfiguration that neither sets \`serverTLSBootstrap: true\` nor names a \`tlsCertFile\` and \`tlsPrivateKeyFile\` (the kubelet then serves a self-signed certificate), or that turns the \`RotateKubeletServerCertificate\` feature gate off. ${CIS} §4.2.9 and §4.2.11.`,
    whyBad:
      'A self-signed serving certificate cannot be verified, so the API server (and anything else calling the kubelet) must skip verification: exec and log streams can be intercepted by whoever answers on the node’s address.',
    example: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      rotateCertificates: true
    `,
    useInstead: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      rotateCertificates: true
      serverTLSBootstrap: true
    `,
    remediation:
      'Set `serverTLSBootstrap: true` and approve the kubelets’ serving CSRs (or provide `tlsCertFile` and `tlsPrivateKeyFile` signed by the cluster CA), then set `--kubelet-certificate-authority` on the API server.',
    fixSafety:
      'Unsafe: serving CSRs are not auto-approved; until someone approves them the kubelet has no serving certificate and `exec`, `logs` and metrics fail. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_NODE,
      'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/#certificate-rotation',
      'https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/#kubelet-serving-certs',
    ],
    notes: `${CIS} §4.2.9 (TLS certificate and key, Manual) and §4.2.11 (RotateKubeletServerCertificate, Manual), so the rule is not in the recommended profile. \`serverTLSBootstrap\` defaults to false; kubeadm leaves it off, so a default kubeadm kubelet fires.`,
  },
  messages: {
    servingRotationOff: () =>
      `The kubelet’s serving certificate is never rotated (\`RotateKubeletServerCertificate: false\`) (${CIS} §4.2.11).`,
    selfSignedServing: () =>
      `The kubelet serves a self-signed certificate: neither \`serverTLSBootstrap: true\` nor \`tlsCertFile\` and \`tlsPrivateKeyFile\` are set (${CIS} §4.2.9, §4.2.11).`,
  },
  check(ctx) {
    if (!inGroup(ctx, 'kubelet.config.k8s.io')) return;
    const bootstrap = field(ctx, ['serverTLSBootstrap']);
    const on = bootstrap !== undefined && asBool(bootstrap.value) === true;
    const gate = field(ctx, ['featureGates', 'RotateKubeletServerCertificate']);
    if (gate && asBool(gate.value) === false) {
      ctx.report({
        at: gate,
        messageId: 'servingRotationOff',
        fix: ensureAt(
          ctx,
          ['featureGates', 'RotateKubeletServerCertificate'],
          'true',
          'Set `RotateKubeletServerCertificate: true`',
          'unsafe',
        ),
      });
    }
    if (on) return;
    const cert = scalarString(field(ctx, ['tlsCertFile'])?.value) ?? '';
    const key = scalarString(field(ctx, ['tlsPrivateKeyFile'])?.value) ?? '';
    if (cert !== '' && key !== '') return;
    ctx.report({
      at: bootstrap ?? missingAt(ctx, ['serverTLSBootstrap']),
      messageId: 'selfSignedServing',
      fix: ensureAt(ctx, ['serverTLSBootstrap'], 'true', 'Set `serverTLSBootstrap: true`', 'unsafe'),
    });
  },
});
