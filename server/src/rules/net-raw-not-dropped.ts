import { isSeq } from 'yaml';
import { seqStrings } from '../engine/node';
import { defineRule } from '../engine/rule';
import { containerField } from '../engine/workload';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, missingInContainer, type ContainerRef } from './lib/util';

/** A capability name as container runtimes read it: upper case, without the `CAP_` prefix. */
function normalize(cap: string): string {
  const up = cap.toUpperCase();
  return up.startsWith('CAP_') ? up.slice(4) : up;
}

export const netRawNotDropped = defineRule({
  id: 'net-raw-not-dropped',
  title: 'NET_RAW not dropped',
  severity: 'info',
  kinds: 'workloads',
  recommended: false,
  catalog: ['K8S-CTR-005'],
  attack: ['T1557.002', 'T1040'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags containers whose `securityContext.capabilities.drop` contains neither `NET_RAW` nor `ALL`, including containers with no `capabilities` block at all. Containers that add NET_RAW are left to `capability-added`; Windows pods are skipped. Names are compared as container runtimes read them (case-insensitive, with or without `CAP_`).',
    whyBad:
      'Container runtimes grant NET_RAW by default. It lets a process open raw and packet sockets: forge packets, spoof ARP and DNS answers to other pods on the same node, and sniff traffic. Almost no application needs it.',
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
      'Drop all capabilities with `securityContext.capabilities.drop: ["ALL"]` (or at least `NET_RAW`), and add back only what the process needs.',
    fixSafety:
      'Unsafe: tools that open raw sockets (classic `ping`, `traceroute`, packet capture) stop working without NET_RAW; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container',
      'https://www.microsoft.com/en-us/security/blog/2021/03/23/secure-containerized-environments-with-updated-threat-matrix-for-kubernetes/',
      'https://attack.mitre.org/techniques/T1557/002',
    ],
    peers: {
      kubeLinter: 'drop-net-raw-capability',
      polaris: 'insecureCapabilities',
      kubescape: 'C-0211',
      checkov: 'CKV_K8S_28',
    },
    notes:
      'kube-linter evaluates `drop-net-raw-capability` only when a `capabilities` block exists; a container without one keeps NET_RAW, so this rule reports it. `capabilities-not-dropped` (Restricted) asks for `drop: ["ALL"]`, which also satisfies this rule.',
  },
  messages: {
    netRawKept: (d: { container: ContainerRef }) =>
      `${describe(d.container)} keeps the NET_RAW capability; add \`NET_RAW\` (or \`ALL\`) to \`capabilities.drop\`.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod || pod.isWindows) return;
    for (const c of pod.containers) {
      const added = seqStrings(containerField(c, 'capabilities', 'add')?.value).map((x) =>
        normalize(x.value),
      );
      if (added.includes('NET_RAW') || added.includes('ALL')) continue;
      const dropField = containerField(c, 'capabilities', 'drop');
      const drops = seqStrings(dropField?.value).map((x) => normalize(x.value));
      if (drops.includes('NET_RAW') || drops.includes('ALL')) continue;
      const seq = dropField?.value;
      ctx.report({
        at: dropField ?? missingInContainer(c, ['securityContext', 'capabilities', 'drop']),
        messageId: 'netRawKept',
        data: { container: containerRef(c) },
        fix:
          isSeq(seq) && dropField
            ? ctx.fixer.fix(
                'Add `NET_RAW` to `capabilities.drop`',
                'unsafe',
                ctx.fixer.appendSeqItem(seq, 'NET_RAW'),
              )
            : ctx.fixer.fix(
                'Drop the NET_RAW capability',
                'unsafe',
                ctx.fixer.ensure(c.map, ['securityContext', 'capabilities', 'drop'], { seq: ['NET_RAW'] }),
              ),
      });
    }
  },
});
