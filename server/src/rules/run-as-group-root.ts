import { isSeq } from 'yaml';
import { asInt, mapGet, type Field } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import type { Fix } from '../engine/fix';
import type { RuleContext } from '../engine/rule';
import { describe, fix, scalarSpan } from './lib/util';

function setGidFix(ctx: RuleContext, f: Field, key: string): Fix | undefined {
  const edit = ctx.fixer.setValue(f, '${1:10001}');
  return (
    edit && { title: `Set \`${key}\` to a non-zero GID`, safety: 'unsafe', edits: [edit], snippet: true }
  );
}

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
  check(ctx) {
    const pod = ctx.pod;
    if (!pod || pod.isWindows) return;
    const psc = pod.securityContext?.value;
    const scalars: { who: string; f: Field | undefined; key: string }[] = [
      { who: 'Pod', f: mapGet(psc, 'runAsGroup'), key: 'runAsGroup' },
      { who: 'Pod', f: mapGet(psc, 'fsGroup'), key: 'fsGroup' },
      ...pod.containers.map((c) => ({
        who: describe(c),
        f: mapGet(c.securityContext?.value, 'runAsGroup'),
        key: 'runAsGroup',
      })),
    ];
    for (const { who, f, key } of scalars) {
      if (!f || asInt(f.value) !== 0) continue;
      ctx.report({
        at: f,
        message: `${who} sets \`${key}: 0\` (the root group); use a non-zero GID.`,
        fix: setGidFix(ctx, f, key),
      });
    }
    const groups = mapGet(psc, 'supplementalGroups')?.value;
    if (isSeq(groups)) {
      groups.items.forEach((item, index) => {
        if (asInt(item) !== 0) return;
        ctx.report({
          at: scalarSpan(item as Parameters<typeof scalarSpan>[0]),
          message: 'Pod adds the root group (GID 0) to `supplementalGroups`; remove it.',
          fix: fix(
            'Remove GID 0 from `supplementalGroups`',
            'unsafe',
            ctx.fixer.removeSeqItemCascade(groups, index),
          ),
        });
      });
    }
  },
});
