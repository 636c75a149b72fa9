import { defineRule } from '../engine/rule';
import { containerField } from '../engine/workload';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, str, type ContainerRef } from './lib/util';

export const unmaskedProcMount = defineRule({
  id: 'unmasked-proc-mount',
  title: 'Unmasked /proc',
  severity: 'error',
  kinds: 'workloads',
  pss: { level: 'baseline', check: 'procMount' },
  recommended: true,
  catalog: ['K8S-CTR-017'],
  attack: ['T1611'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags containers whose `securityContext.procMount` is set to anything but `Default` (in practice `Unmasked`). From Kubernetes 1.35 the Baseline policy allows it in pods with `hostUsers: false` (user namespaces), but the Restricted policy (`procMount_restricted`) still forbids it; such findings are reported at the Restricted level.',
    whyBad:
      'The default proc mount masks and makes read-only the parts of `/proc` and `/sys` that expose the host kernel (`/proc/sys`, `/proc/sysrq-trigger`, `/proc/kcore`, …). An unmasked `/proc` gives the container those kernel interfaces back, which is a well-trodden path to escape or crash the node.',
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
              procMount: Unmasked
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
              procMount: Default
    `,
    remediation:
      'Set `procMount: Default` (or remove it); run nested container builds in a pod with `hostUsers: false` if they truly need an unmasked `/proc`.',
    fixSafety:
      'Unsafe: nested container runtimes and some build tools need an unmasked `/proc`; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_procMount.go',
    ],
    peers: {
      kubeLinter: 'unsafe-proc-mount',
      polaris: 'procMount',
      kubescape: 'C-0211',
      trivy: 'KSV027',
    },
    notes:
      'kubesec’s rule named `ProcMount` is about a hostPath mount of `/proc` (see `sensitive-host-path`), not this field. Kubescape’s `set-procmount-default` also fails an unset procMount; unset is the safe default here.',
  },
  messages: {
    unmasked: (d: { container: ContainerRef; procMount: string }) =>
      `${describe(d.container)} unmasks /proc (\`procMount: ${d.procMount}\`); set \`procMount: Default\`.`,
    unmaskedWithUserNamespace: (d: { container: ContainerRef; procMount: string }) =>
      `${describe(d.container)} unmasks /proc (\`procMount: ${d.procMount}\`); the Restricted policy forbids it even with \`hostUsers: false\`. Set \`procMount: Default\`.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    const relaxed = pod.userNamespaces && ctx.version >= 35;
    for (const c of pod.containers) {
      const f = containerField(c, 'procMount');
      const v = str(f);
      if (!f || v === undefined || v === 'Default') continue;
      ctx.report({
        at: f,
        messageId: relaxed ? 'unmaskedWithUserNamespace' : 'unmasked',
        data: { container: containerRef(c), procMount: v },
        ...(relaxed ? { pss: { level: 'restricted', check: 'procMount_restricted' } as const } : {}),
        fix: ctx.fixer.fix('Set `procMount: Default`', 'unsafe', ctx.fixer.setValue(f, 'Default')),
      });
    }
  },
});
