import { asInt } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_NODE } from './lib/cis';
import { ensureAt, field, inGroup } from './lib/config-file';

export const kubeletReadOnlyPort = defineRule({
  id: 'kubelet-read-only-port',
  title: 'Kubelet read-only port enabled',
  severity: 'warning',
  kinds: ['KubeletConfiguration'],
  recommended: false,
  catalog: [],
  attack: ['T1613', 'T1046'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a KubeletConfiguration whose \`readOnlyPort\` is not 0. ${CIS} §4.2.4.`,
    whyBad:
      'The read-only port (traditionally 10255) serves `/pods`, `/spec` and metrics over plain HTTP with no authentication or authorization: anyone on the node network can list every pod on the node, with its environment variables and images.',
    example: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      readOnlyPort: 10255
    `,
    useInstead: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      readOnlyPort: 0
    `,
    remediation:
      'Set `readOnlyPort: 0`, or leave it out: in a v1beta1 config file it defaults to 0 (disabled).',
    fixSafety:
      'Unsafe: legacy monitoring that scrapes port 10255 stops working. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_NODE,
      'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/',
    ],
    notes: `${CIS} §4.2.4 “Verify that the --read-only-port argument is set to 0” is a Manual check, so the rule is not in the recommended profile. Defaults differ by source: the \`--read-only-port\` flag defaults to 10255, but a \`readOnlyPort\` left out of a kubelet.config.k8s.io/v1beta1 file is 0 (disabled).`,
  },
  messages: {
    readOnlyPort: (d: { port: number }) =>
      `The kubelet serves an unauthenticated read-only API on port ${d.port}; ${CIS} §4.2.4 requires \`readOnlyPort: 0\`.`,
  },
  check(ctx) {
    if (!inGroup(ctx, 'kubelet.config.k8s.io')) return;
    const f = field(ctx, ['readOnlyPort']);
    const port = f ? asInt(f.value) : undefined;
    if (!f || port === undefined || port === 0) return;
    ctx.report({
      at: f,
      messageId: 'readOnlyPort',
      data: { port },
      fix: ensureAt(ctx, ['readOnlyPort'], '0', 'Set `readOnlyPort: 0`', 'unsafe'),
    });
  },
});
