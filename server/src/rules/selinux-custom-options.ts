import { isMap } from 'yaml';
import { mapGet } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, str, type ContainerRef } from './lib/util';

/** SELinux types Pod Security Standards Baseline allows (`container_engine_t` from 1.31). */
const BASE_TYPES: readonly string[] = ['', 'container_t', 'container_init_t', 'container_kvm_t'];

function allowedType(type: string, version: number): boolean {
  return BASE_TYPES.includes(type) || (version >= 31 && type === 'container_engine_t');
}

export const selinuxCustomOptions = defineRule({
  id: 'selinux-custom-options',
  title: 'Custom SELinux options',
  severity: 'warning',
  kinds: 'workloads',
  pss: { level: 'baseline', check: 'seLinuxOptions' },
  recommended: true,
  catalog: ['K8S-CTR-016'],
  attack: ['T1611'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags `seLinuxOptions` on the pod or any container whose `type` is not one of `container_t`, `container_init_t`, `container_kvm_t` (or `container_engine_t` from Kubernetes 1.31), or that sets `user` or `role`. `level` is not restricted, as in Pod Security Admission, and leaving `seLinuxOptions` unset is fine.',
    whyBad:
      'The SELinux type decides what a container process may touch on the node. A custom type such as `spc_t` (“super privileged container”) or `unconfined_t` lifts the confinement that stops a compromised container from reading and writing host files; a custom `user` or `role` can do the same.',
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
              seLinuxOptions:
                type: spc_t
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
              seLinuxOptions:
                level: "s0:c123,c456"
    `,
    remediation:
      'Remove `seLinuxOptions.user` and `seLinuxOptions.role`, and remove `seLinuxOptions.type` or set it to `container_t`; keep `level` to separate workloads by MCS category.',
    fixSafety:
      'Unsafe: node agents that need a custom SELinux label stop working under `container_t`; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_seLinuxOptions.go',
    ],
    peers: { kubescape: 'C-0211 (requires the opposite)', trivy: 'KSV025' },
    notes:
      'Kubescape’s C-0211 `set-seLinuxOptions` fails workloads that set no seLinuxOptions at all; the Pod Security Standards treat unset as the safe default, and so does this rule.',
  },
  messages: {
    customType: (d: { container?: ContainerRef; type: string }) =>
      `${d.container ? describe(d.container) : 'Pod'} runs with the custom SELinux type "${d.type}"; use \`container_t\` or remove it.`,
    customUserOrRole: (d: { container?: ContainerRef; key: 'user' | 'role'; value: string }) =>
      `${d.container ? describe(d.container) : 'Pod'} sets the SELinux ${d.key} "${d.value}"; remove \`seLinuxOptions.${d.key}\`.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    const targets = [
      { container: undefined, sc: pod.securityContext?.value },
      ...pod.containers.map((c) => ({ container: containerRef(c), sc: c.securityContext?.value })),
    ];
    for (const { container, sc } of targets) {
      const opts = mapGet(sc, 'seLinuxOptions')?.value;
      if (!isMap(opts)) continue;
      const type = mapGet(opts, 'type');
      const t = str(type);
      if (type && t !== undefined && !allowedType(t, ctx.version)) {
        ctx.report({
          at: type,
          messageId: 'customType',
          data: container ? { container, type: t } : { type: t },
          fix: ctx.fixer.fix(
            'Set SELinux `type: container_t`',
            'unsafe',
            ctx.fixer.setValue(type, 'container_t'),
          ),
        });
      }
      for (const key of ['user', 'role'] as const) {
        const f = mapGet(opts, key);
        const v = str(f);
        if (!f || v === undefined || v === '') continue;
        ctx.report({
          at: f,
          messageId: 'customUserOrRole',
          data: container ? { container, key, value: v } : { key, value: v },
          fix: ctx.fixer.fix(
            `Remove \`seLinuxOptions.${key}\``,
            'unsafe',
            ctx.fixer.removePairCascade(opts, f),
          ),
        });
      }
    }
  },
});
