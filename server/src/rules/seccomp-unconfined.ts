import { getIn } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, str, type ContainerRef } from './lib/util';

export const seccompUnconfined = defineRule({
  id: 'seccomp-unconfined',
  title: 'Seccomp explicitly Unconfined',
  severity: 'error',
  kinds: 'workloads',
  pss: { level: 'baseline', check: 'seccompProfile_baseline' },
  recommended: true,
  catalog: ['K8S-CTR-013'],
  attack: ['T1611'],
  fix: 'always',
  docs: {
    whatItDoes: 'Flags `seccompProfile.type: Unconfined` in the pod or any container `securityContext`.',
    whyBad:
      'Unconfined turns seccomp filtering off: every system call, including those used by kernel exploits and container escapes, is available to the process.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        securityContext:
          seccompProfile:
            type: Unconfined
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
          seccompProfile:
            type: RuntimeDefault
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    remediation: 'Use `type: RuntimeDefault`, or a `Localhost` profile that allows what the workload needs.',
    fixSafety:
      'Unsafe: someone chose Unconfined, perhaps for a syscall the default profile blocks; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/tutorials/security/seccomp/',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_seccompProfile_baseline.go',
    ],
    peers: {
      kubesec: 'SeccompUnconfined',
      polaris: 'linuxHardening',
      trivy: 'KSV104',
      checkov: 'CKV_K8S_31',
    },
  },
  messages: {
    unconfined: (d: { container?: ContainerRef }) =>
      `${d.container ? describe(d.container) : 'Pod'} turns seccomp off (\`type: Unconfined\`); use RuntimeDefault.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod || ctx.version < 19) return;
    const targets = [
      { container: undefined, sc: pod.securityContext?.value },
      ...pod.containers.map((c) => ({ container: containerRef(c), sc: c.securityContext?.value })),
    ];
    for (const { container, sc } of targets) {
      const f = getIn(sc, ['seccompProfile', 'type']);
      if (!f || str(f) !== 'Unconfined') continue;
      ctx.report({
        at: f,
        messageId: 'unconfined',
        data: container ? { container } : {},
        fix: ctx.fixer.fix(
          'Set seccomp `type: RuntimeDefault`',
          'unsafe',
          ctx.fixer.setValue(f, 'RuntimeDefault'),
        ),
      });
    }
  },
});
