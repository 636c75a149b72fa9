import { asBool } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_NODE } from './lib/cis';
import { ensureAt, field, inGroup } from './lib/config-file';

export const kubeletAnonymousAuth = defineRule({
  id: 'kubelet-anonymous-auth',
  title: 'Kubelet accepts anonymous requests',
  severity: 'error',
  kinds: ['KubeletConfiguration'],
  recommended: true,
  catalog: [],
  attack: ['T1133', 'T1609'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a KubeletConfiguration (kubelet.config.k8s.io) with \`authentication.anonymous.enabled: true\`. ${CIS} §4.2.1.`,
    whyBad:
      'The kubelet API on port 10250 runs commands in containers (`/exec`, `/run`), streams logs and lists pods. With anonymous requests accepted, whoever reaches the node port is served as `system:anonymous`; with a permissive authorizer that is remote code execution in every pod on the node.',
    example: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      authentication:
        anonymous:
          enabled: true
    `,
    useInstead: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      authentication:
        anonymous:
          enabled: false
    `,
    remediation:
      'Set `authentication.anonymous.enabled: false`, or leave it out: in a v1beta1 config file it defaults to false.',
    fixSafety:
      'Unsafe: clients that call the kubelet without credentials (old monitoring agents) are refused. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_NODE,
      'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/',
      'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/',
    ],
    notes: `${CIS} §4.2.1, Automated. Defaults differ by source: the \`--anonymous-auth\` command-line flag defaults to true, but a field left out of a kubelet.config.k8s.io/v1beta1 file defaults to false (\`SetDefaults_KubeletConfiguration\`), so only an explicit true in the file is a finding. A flag on the kubelet’s command line overrides the file; flags live in the systemd unit, which the rule does not read.`,
  },
  messages: {
    anonymousEnabled: () =>
      `The kubelet serves anonymous requests (\`authentication.anonymous.enabled: true\`); ${CIS} §4.2.1 requires false.`,
  },
  check(ctx) {
    if (!inGroup(ctx, 'kubelet.config.k8s.io')) return;
    const f = field(ctx, ['authentication', 'anonymous', 'enabled']);
    if (!f || asBool(f.value) !== true) return;
    ctx.report({
      at: f,
      messageId: 'anonymousEnabled',
      fix: ensureAt(
        ctx,
        ['authentication', 'anonymous', 'enabled'],
        'false',
        'Set `enabled: false`',
        'unsafe',
      ),
    });
  },
});
