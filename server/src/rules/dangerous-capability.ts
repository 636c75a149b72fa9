import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { addedCapabilities, isCritical, removeCapabilityFix, runtimeCapability } from './lib/capabilities';
import { containerRef, describe, type ContainerRef } from './lib/util';

export const dangerousCapability = defineRule({
  id: 'dangerous-capability',
  title: 'Critical capability added',
  severity: 'error',
  kinds: 'workloads',
  pss: { level: 'baseline', check: 'capabilities_baseline' },
  recommended: true,
  catalog: ['K8S-CTR-004'],
  attack: ['T1611'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags `securityContext.capabilities.add` items that amount to host access: ALL, SYS_ADMIN, SYS_MODULE, SYS_PTRACE, SYS_RAWIO, SYS_BOOT, NET_ADMIN, BPF, PERFMON, MAC_ADMIN, MAC_OVERRIDE. Names are matched as the container runtime reads them (case-insensitive, with or without `CAP_`), since `sys_admin` grants SYS_ADMIN all the same.',
    whyBad:
      '`SYS_ADMIN` allows mounting filesystems and is close to privileged; `SYS_MODULE` loads kernel modules; `SYS_PTRACE` reads and injects into other processes; `ALL` is every capability. Each one is a documented container-escape primitive.',
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
                add: ["SYS_ADMIN"]
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
                drop: ["ALL"]
    `,
    remediation:
      'Remove the capability; if the workload truly needs it, run it on dedicated, isolated nodes.',
    fixSafety:
      'Unsafe: the workload may depend on the capability; the fix removes the item and is offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://man7.org/linux/man-pages/man7/capabilities.7.html',
    ],
    peers: {
      kubeLinter: 'privilege-escalation-container',
      kubesec: 'CapSysAdmin',
      polaris: 'dangerousCapabilities',
      kubescape: 'C-0046',
      trivy: 'KSV005, KSV120',
      checkov: 'CKV_K8S_39',
    },
  },
  messages: {
    dangerousCapability: (d: { container: ContainerRef; capability: string }) =>
      `${describe(d.container)} adds capability ${d.capability}${runtimeCapability(d.capability) === d.capability ? '' : ` (${runtimeCapability(d.capability)} at run time)`}, which gives a path to the host.`,
  },
  check(ctx) {
    for (const c of ctx.pod?.containers ?? []) {
      const added = addedCapabilities(c);
      for (const cap of added) {
        if (!isCritical(cap.value)) continue;
        const at = ctx.fixer.spanOf(cap.node);
        if (!at) continue;
        ctx.report({
          at,
          messageId: 'dangerousCapability',
          data: { container: containerRef(c), capability: cap.value },
          fix: removeCapabilityFix(ctx.fixer, cap),
        });
      }
    }
  },
});
