import { isSeq } from 'yaml';
import { asInt, mapGet, type Field } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, type ContainerRef } from './lib/util';

export const runAsGroupRoot = defineRule({
  id: 'run-as-group-root',
  title: 'Root group',
  severity: 'info',
  kinds: 'workloads',
  recommended: true,
  catalog: ['K8S-CTR-009'],
  attack: ['T1611'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags `runAsGroup: 0` on the pod or any container, `fsGroup: 0`, and `0` in `supplementalGroups` (GID 0 is the `root` group). Windows pods are skipped. Not a Pod Security Standards control.',
    whyBad:
      'Many files and devices on a node, and inside images, are writable by the `root` group. A process whose primary or supplementary group is 0 can read and change them, and after an escape it keeps that access on the host. `fsGroup: 0` also makes every mounted volume group-owned by root.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        securityContext:
          runAsUser: 10001
          runAsGroup: 0
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
        securityContext:
          runAsUser: 10001
          runAsGroup: 10001
          fsGroup: 10001
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    remediation:
      'Use a dedicated non-zero GID for `runAsGroup` and `fsGroup`, and remove `0` from `supplementalGroups`.',
    fixSafety:
      'Unsafe: files the workload needs may be readable only by the root group, and the GID is a placeholder to choose; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-the-security-context-for-a-pod',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    ],
    peers: { kubeLinter: 'run-as-non-root', kubescape: 'C-0013', trivy: 'KSV116' },
    notes:
      'Kubescape’s C-0013 also fails an unset `runAsGroup`; this rule reports only an explicit 0. The 2020 draft of the Pod Security Standards had an optional Restricted row for non-root groups; Pod Security Admission has no such check.',
  },
  messages: {
    rootGroup: (d: { container?: ContainerRef; key: 'runAsGroup' | 'fsGroup' }) =>
      `${d.container ? describe(d.container) : 'Pod'} sets \`${d.key}: 0\` (the root group); use a non-zero GID.`,
    rootSupplementalGroup: () => 'Pod adds the root group (GID 0) to `supplementalGroups`; remove it.',
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod || pod.isWindows) return;
    const psc = pod.securityContext?.value;
    const scalars: {
      f: Field | undefined;
      data: { container?: ContainerRef; key: 'runAsGroup' | 'fsGroup' };
    }[] = [
      { f: mapGet(psc, 'runAsGroup'), data: { key: 'runAsGroup' } },
      { f: mapGet(psc, 'fsGroup'), data: { key: 'fsGroup' } },
      ...pod.containers.map((c) => ({
        f: mapGet(c.securityContext?.value, 'runAsGroup'),
        data: { container: containerRef(c), key: 'runAsGroup' as const },
      })),
    ];
    for (const { f, data } of scalars) {
      if (!f || asInt(f.value) !== 0) continue;
      ctx.report({
        at: f,
        messageId: 'rootGroup',
        data,
        fix: ctx.fixer.snippetFix(
          `Set \`${data.key}\` to a non-zero GID`,
          'unsafe',
          ctx.fixer.setValue(f, '${1:10001}'),
        ),
      });
    }
    const groups = mapGet(psc, 'supplementalGroups')?.value;
    if (isSeq(groups)) {
      groups.items.forEach((item, index) => {
        if (asInt(item) !== 0) return;
        const at = ctx.fixer.spanOf(item);
        if (!at) return;
        ctx.report({
          at,
          messageId: 'rootSupplementalGroup',
          fix: ctx.fixer.fix(
            'Remove GID 0 from `supplementalGroups`',
            'unsafe',
            ctx.fixer.removeSeqItemCascade(groups, index),
          ),
        });
      });
    }
  },
});
