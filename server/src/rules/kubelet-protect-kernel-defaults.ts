import { asBool } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS_URL } from './lib/cis';
import { ensureAt, field, inGroup, missingAt } from './lib/config-file';

export const kubeletProtectKernelDefaults = defineRule({
  id: 'kubelet-protect-kernel-defaults',
  title: 'Kubelet may change kernel settings',
  severity: 'info',
  kinds: ['KubeletConfiguration'],
  recommended: false,
  catalog: [],
  attack: ['T1562'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags a KubeletConfiguration whose `protectKernelDefaults` is false or absent (it defaults to false). CIS Kubernetes Benchmark v1.8.0 §4.2.6; the item is no longer in v1.9.0 and v1.10.0.',
    whyBad:
      'Without it the kubelet silently rewrites kernel tunables (`vm.overcommit_memory`, `kernel.panic`, …) to the values it wants, overriding the hardening the node’s administrators applied. With it, the kubelet refuses to start on a node whose settings differ, so the difference is noticed.',
    example: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      protectKernelDefaults: false
    `,
    useInstead: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      protectKernelDefaults: true
    `,
    remediation:
      'Set the kernel parameters the kubelet expects in the node’s sysctl configuration, then set `protectKernelDefaults: true`.',
    fixSafety:
      'Unsafe: the kubelet exits at start-up on any node whose kernel settings differ from its expectations. Offered as a quick fix only.',
    references: [
      CIS_URL,
      'https://github.com/aquasecurity/kube-bench/blob/main/cfg/cis-1.8/node.yaml',
      'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/',
    ],
    notes:
      'CIS Kubernetes Benchmark v1.8.0 §4.2.6 (Automated); dropped from v1.9.0 and v1.10.0, so the rule is informational and not in the recommended profile.',
  },
  messages: {
    kernelDefaultsOff: () =>
      'The kubelet may override the node’s kernel settings (`protectKernelDefaults` is false).',
    kernelDefaultsUnset: () =>
      'The kubelet may override the node’s kernel settings (`protectKernelDefaults` is not set and defaults to false).',
  },
  check(ctx) {
    if (!inGroup(ctx, 'kubelet.config.k8s.io')) return;
    const f = field(ctx, ['protectKernelDefaults']);
    if (f && asBool(f.value) === true) return;
    ctx.report({
      at: f ?? missingAt(ctx, ['protectKernelDefaults']),
      messageId: f ? 'kernelDefaultsOff' : 'kernelDefaultsUnset',
      fix: ensureAt(ctx, ['protectKernelDefaults'], 'true', 'Set `protectKernelDefaults: true`', 'unsafe'),
    });
  },
});
