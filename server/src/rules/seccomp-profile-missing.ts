import { getIn } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { missingInPod, str } from './lib/util';

export const seccompProfileMissing = defineRule({
  id: 'seccomp-profile-missing',
  title: 'Seccomp profile not set',
  severity: 'warning',
  kinds: 'workloads',
  pss: { level: 'restricted', check: 'seccompProfile_restricted' },
  recommended: true,
  catalog: ['K8S-CTR-012'],
  attack: ['T1611', 'T1068'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags pods where some container runs without a seccomp profile: `seccompProfile.type` must be `RuntimeDefault` or `Localhost` on the pod or on every container. An explicit `Unconfined` is reported by `seccomp-unconfined`, and a type the API server rejects (`runtimeDefault`) by `invalid-value`. The deprecated `seccomp.security.alpha.kubernetes.io` annotations do not count: Kubernetes ignores them since 1.27. Applies from Kubernetes 1.19; Windows pods are skipped from 1.25.',
    whyBad:
      'Without a profile, containers run `Unconfined`: every system call is open, including the ones (`unshare`, `keyctl`, `bpf`, `mount`) that kernel exploits and container escapes use. The runtime’s default profile blocks them and almost never breaks an application.',
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
        securityContext:
          seccompProfile:
            type: RuntimeDefault
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    remediation:
      'Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod (or a `Localhost` profile made for the workload).',
    fixSafety:
      'Safe: the runtime default profile only blocks system calls ordinary workloads do not make; the fix adds it at the pod level and goes into fix-all.',
    references: [
      'https://kubernetes.io/docs/tutorials/security/seccomp/',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_seccompProfile_restricted.go',
    ],
    peers: {
      kubesec: 'SeccompAny',
      polaris: 'linuxHardening',
      kubescape: 'C-0210',
      trivy: 'KSV030',
      checkov: 'CKV_K8S_31',
    },
    notes:
      'Trivy (KSV030) and Checkov (CKV_K8S_31) accept the dead annotation as protection; this rule does not.',
  },
  messages: {
    missingProfile: (d: { containers: readonly string[] }) =>
      `${d.containers.length === 1 ? 'Container' : 'Containers'} ${d.containers.map((n) => `"${n}"`).join(', ')} ${d.containers.length === 1 ? 'runs' : 'run'} without a seccomp profile: set \`securityContext.seccompProfile.type: RuntimeDefault\` on the pod.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod || ctx.version < 19) return;
    if (pod.isWindows && ctx.version >= 25) return;
    const podTypeField = getIn(pod.securityContext?.value, ['seccompProfile', 'type']);
    const podType = str(podTypeField);
    const implicit: string[] = [];
    for (const c of pod.containers) {
      const f = getIn(c.securityContext?.value, ['seccompProfile', 'type']);
      const t = str(f);
      // A type the API server rejects (\`runtimeDefault\`) is invalid-value's.
      if ((!f || t === undefined) && podType === undefined) {
        implicit.push(c.name);
      }
    }
    if (implicit.length === 0) return;
    ctx.report({
      at: missingInPod(pod, ['securityContext', 'seccompProfile', 'type']),
      messageId: 'missingProfile',
      data: { containers: implicit },
      fix: ctx.fixer.fix(
        'Add `seccompProfile: {type: RuntimeDefault}` to the pod',
        'safe',
        ctx.fixer.ensure(pod.spec, ['securityContext', 'seccompProfile', 'type'], {
          scalar: 'RuntimeDefault',
        }),
      ),
    });
  },
});
