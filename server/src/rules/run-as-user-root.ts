import { asInt, mapGet } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, type ContainerRef } from './lib/util';

export const runAsUserRoot = defineRule({
  id: 'run-as-user-root',
  title: 'Runs as UID 0',
  severity: 'error',
  kinds: 'workloads',
  pss: { level: 'restricted', check: 'runAsUser' },
  recommended: true,
  catalog: ['K8S-CTR-008'],
  attack: ['T1611', 'T1609'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags `runAsUser: 0` in the pod or in any container `securityContext`; each is flagged on its own, as in Pod Security Admission (a pod-level 0 is flagged even when containers override it). Applies from Kubernetes 1.23; pods with `hostUsers: false` are exempt from 1.35.',
    whyBad:
      'UID 0 is root. A root process can change any file in the container and, after an escape, acts as root on the node. `runAsNonRoot: true` together with `runAsUser: 0` does not start at all.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        securityContext:
          runAsUser: 0
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
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    remediation:
      'Use a non-zero UID (above 10000 to stay clear of host users), or remove `runAsUser` and rely on `runAsNonRoot: true`.',
    fixSafety:
      'Unsafe: the UID is a value only you know; the fix writes `10001` as a placeholder to type over, and the process must be able to run as that user.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_runAsUser.go',
    ],
    peers: {
      kubeLinter: 'run-as-non-root',
      polaris: 'runAsRootAllowed',
      kubescape: 'C-0013',
      trivy: 'KSV105',
      checkov: 'CKV_K8S_23',
    },
  },
  messages: {
    rootUser: (d: { container?: ContainerRef }) =>
      `${d.container ? describe(d.container) : 'Pod'} runs as root (\`runAsUser: 0\`); use a non-zero UID.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod || ctx.version < 23) return;
    if (pod.userNamespaces && ctx.version >= 35) return;
    const targets = [
      { data: {}, f: mapGet(pod.securityContext?.value, 'runAsUser') },
      ...pod.containers.map((c) => ({
        data: { container: containerRef(c) },
        f: mapGet(c.securityContext?.value, 'runAsUser'),
      })),
    ];
    for (const { data, f } of targets) {
      if (!f || asInt(f.value) !== 0) continue;
      ctx.report({
        at: f,
        messageId: 'rootUser',
        data,
        fix: ctx.fixer.snippetFix(
          'Set `runAsUser` to a non-root UID',
          'unsafe',
          ctx.fixer.setValue(f, '${1:10001}'),
        ),
      });
    }
  },
});
