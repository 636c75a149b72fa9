import { asBool } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_NODE } from './lib/cis';
import { ensureAt, field, inGroup } from './lib/config-file';

export const kubeletIptablesUtilChains = defineRule({
  id: 'kubelet-iptables-util-chains',
  title: 'Kubelet does not manage its iptables utility chains',
  severity: 'warning',
  kinds: ['KubeletConfiguration'],
  recommended: true,
  catalog: [],
  attack: ['T1562'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a KubeletConfiguration with \`makeIPTablesUtilChains: false\`. ${CIS} §4.2.6.`,
    whyBad:
      'The kubelet keeps the iptables chains it relies on (such as `KUBE-FIREWALL`, which drops martian packets to localhost-bound services) consistent with pod networking. Turned off, those chains drift out of date or go missing, and the network protection they give is silently lost.',
    example: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      makeIPTablesUtilChains: false
    `,
    useInstead: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      makeIPTablesUtilChains: true
    `,
    remediation: 'Set `makeIPTablesUtilChains: true`, or leave it out: it defaults to true.',
    fixSafety:
      'Unsafe: the kubelet starts writing iptables rules a node’s own firewall management may conflict with. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_NODE,
      'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/',
    ],
    notes: `${CIS} §4.2.6, Automated. The field defaults to true, so only an explicit false is a finding.`,
  },
  messages: {
    noUtilChains: () =>
      `The kubelet does not manage its iptables utility chains; ${CIS} §4.2.6 requires \`makeIPTablesUtilChains: true\`.`,
  },
  check(ctx) {
    if (!inGroup(ctx, 'kubelet.config.k8s.io')) return;
    const f = field(ctx, ['makeIPTablesUtilChains']);
    if (!f || asBool(f.value) !== false) return;
    ctx.report({
      at: f,
      messageId: 'noUtilChains',
      fix: ensureAt(ctx, ['makeIPTablesUtilChains'], 'true', 'Set `makeIPTablesUtilChains: true`', 'unsafe'),
    });
  },
});
