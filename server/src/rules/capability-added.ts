import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import {
  addedCapabilities,
  BASELINE_CAPABILITIES,
  isCritical,
  removeCapabilityFix,
} from './lib/capabilities';
import { containerRef, describe, type ContainerRef } from './lib/util';

export const capabilityAdded = defineRule({
  id: 'capability-added',
  title: 'Capability added beyond the baseline set',
  severity: 'error',
  kinds: 'workloads',
  pss: { level: 'baseline', check: 'capabilities_baseline' },
  recommended: true,
  catalog: ['K8S-CTR-003'],
  attack: ['T1611', 'T1068'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags each item of `securityContext.capabilities.add` that is not in the Pod Security Standards Baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT). The most dangerous capabilities (ALL, SYS_ADMIN, SYS_MODULE, NET_ADMIN, …) are reported by `dangerous-capability` instead, so each item is reported once. Names are compared exactly, as Pod Security Admission does: `CAP_NET_RAW` or `net_raw` are not in the set either.',
    whyBad:
      'Each extra capability hands the container a piece of root: `NET_RAW` lets it forge packets and spoof ARP, `SYS_TIME` changes the node clock, `DAC_READ_SEARCH` reads any file. Together they widen the kernel attack surface an escape needs.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
            securityContext:
              capabilities:
                add: [NET_RAW]
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
            securityContext:
              capabilities:
                drop: [ALL]
    `,
    remediation:
      'Remove the capability from `capabilities.add`; add only capabilities from the Baseline set.',
    fixSafety:
      'Unsafe: the process may need the capability; the fix removes the item (or the whole `add` list when nothing else is in it) and is offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_capabilities_baseline.go',
      'https://man7.org/linux/man-pages/man7/capabilities.7.html',
    ],
    peers: { polaris: 'dangerousCapabilities', kubescape: 'C-0046', trivy: 'KSV022', checkov: 'CKV_K8S_25' },
  },
  messages: {
    addedCapability: (d: { container: ContainerRef; capability: string }) =>
      `${describe(d.container)} adds capability ${d.capability}, which the Baseline policy does not allow.`,
  },
  check(ctx) {
    for (const c of ctx.pod?.containers ?? []) {
      const added = addedCapabilities(c);
      const bad = added.filter((a) => !BASELINE_CAPABILITIES.has(a.value));
      for (const cap of bad) {
        if (isCritical(cap.value)) continue; // reported by dangerous-capability
        const at = ctx.fixer.spanOf(cap.node);
        if (!at) continue;
        ctx.report({
          at,
          messageId: 'addedCapability',
          data: { container: containerRef(c), capability: cap.value },
          fix: removeCapabilityFix(ctx.fixer, cap),
        });
      }
    }
  },
});
