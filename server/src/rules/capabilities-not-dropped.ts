import { isSeq } from 'yaml';
import { seqStrings } from '../engine/node';
import { defineRule } from '../engine/rule';
import { containerField } from '../engine/workload';
import { yaml } from '../engine/yaml-tag';
import { addedCapabilities, BASELINE_CAPABILITIES, removeCapabilityFix } from './lib/capabilities';
import { containerRef, describe, missingInContainer, type ContainerRef } from './lib/util';

export const capabilitiesNotDropped = defineRule({
  id: 'capabilities-not-dropped',
  title: 'Capabilities not restricted',
  severity: 'warning',
  kinds: 'workloads',
  pss: { level: 'restricted', check: 'capabilities_restricted' },
  recommended: true,
  catalog: ['K8S-CTR-006'],
  attack: ['T1611', 'T1068'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags containers that do not drop every capability (`capabilities.drop` must contain the exact string `ALL`; a container without a `capabilities` block fails too), and Baseline-allowed capabilities other than `NET_BIND_SERVICE` in `add` (capabilities outside the Baseline set are reported by `capability-added` and `dangerous-capability`). Applies from Kubernetes 1.22; Windows pods are skipped from 1.25.',
    whyBad:
      'Container runtimes grant a default set of capabilities, NET_RAW among them, that most applications never use. Dropping ALL removes them; adding back only `NET_BIND_SERVICE` keeps the ability to bind ports below 1024.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
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
      'Set `securityContext.capabilities.drop: ["ALL"]` and add back only `NET_BIND_SERVICE` where the process binds a low port.',
    fixSafety:
      'Unsafe: a process that relies on a default capability (CHOWN, SETUID, …) fails after dropping ALL; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_capabilities_restricted.go',
    ],
    peers: {
      kubeLinter: 'drop-net-raw-capability',
      kubesec: 'CapDropAll',
      polaris: 'insecureCapabilities',
      kubescape: 'C-0201',
      trivy: 'KSV003',
      checkov: 'CKV_K8S_37',
    },
    notes:
      'Unlike kube-linter, a container with no `capabilities` block is a finding: it keeps the runtime defaults, and Pod Security Admission rejects it at restricted.',
  },
  messages: {
    allNotDropped: (d: { container: ContainerRef }) =>
      `${describe(d.container)} does not drop all capabilities; set \`capabilities.drop: ["ALL"]\`.`,
    addedCapability: (d: { container: ContainerRef; capability: string }) =>
      `${describe(d.container)} adds ${d.capability}; the Restricted policy allows only NET_BIND_SERVICE.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod || ctx.version < 22) return;
    if (pod.isWindows && ctx.version >= 25) return;
    for (const c of pod.containers) {
      const dropField = containerField(c, 'capabilities', 'drop');
      const drops = seqStrings(dropField?.value);
      if (!drops.some((d) => d.value === 'ALL')) {
        const seq = dropField?.value;
        ctx.report({
          at: dropField ?? missingInContainer(c, ['securityContext', 'capabilities', 'drop']),
          messageId: 'allNotDropped',
          data: { container: containerRef(c) },
          fix:
            isSeq(seq) && dropField
              ? ctx.fixer.fix(
                  'Add `ALL` to `capabilities.drop`',
                  'unsafe',
                  ctx.fixer.appendSeqItem(seq, 'ALL'),
                )
              : ctx.fixer.fix(
                  'Drop all capabilities',
                  'unsafe',
                  ctx.fixer.ensure(c.map, ['securityContext', 'capabilities', 'drop'], { seq: ['ALL'] }),
                ),
        });
      }
      const added = addedCapabilities(c);
      for (const cap of added) {
        if (cap.value === 'NET_BIND_SERVICE' || !BASELINE_CAPABILITIES.has(cap.value)) continue;
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
