import { asBool, seqStrings } from '../engine/node';
import { defineRule } from '../engine/rule';
import { containerField } from '../engine/workload';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, missingInContainer, type ContainerRef } from './lib/util';

export const privilegeEscalationAllowed = defineRule({
  id: 'privilege-escalation-allowed',
  title: 'Privilege escalation not disabled',
  severity: 'warning',
  kinds: 'workloads',
  pss: { level: 'restricted', check: 'allowPrivilegeEscalation' },
  recommended: true,
  catalog: ['K8S-CTR-002'],
  attack: ['T1548.001', 'T1068'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags containers whose `securityContext.allowPrivilegeEscalation` is not explicitly `false` (an explicit `true` is an error; unset is a warning). Pods with `spec.os.name: windows` are skipped from Kubernetes 1.25, as Pod Security Admission does.',
    whyBad:
      'Unless `allowPrivilegeEscalation` is `false`, the kernel lets a process gain more privileges than its parent (`no_new_privs` is not set): setuid binaries such as `su` or `sudo`, and file capabilities, work inside the container. An attacker with code execution can become root in the container, the first step of most escapes.',
    example: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          spec:
            containers:
              - name: web
                image: registry.example/web:1.0
    `,
    useInstead: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          spec:
            containers:
              - name: web
                image: registry.example/web:1.0
                securityContext:
                  allowPrivilegeEscalation: false
    `,
    remediation: 'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
    fixSafety:
      'Safe where the field is unset: `no_new_privs` only stops setuid and file-capability gains, which almost no workload needs. Unsafe where the manifest explicitly says `true`, since the author chose it. Not offered for privileged containers or ones adding `SYS_ADMIN`, where Kubernetes rejects `allowPrivilegeEscalation: false`.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_allowPrivilegeEscalation.go',
      'https://www.kernel.org/doc/html/latest/userspace-api/no_new_privs.html',
    ],
    peers: {
      kubeLinter: 'privilege-escalation-container',
      kubesec: 'AllowPrivilegeEscalation',
      polaris: 'privilegeEscalationAllowed',
      kubescape: 'C-0016',
      trivy: 'KSV001',
      checkov: 'CKV_K8S_20',
    },
  },
  messages: {
    escalationAllowed: (d: { container: ContainerRef }) =>
      `${describe(d.container)} explicitly allows privilege escalation; set \`allowPrivilegeEscalation: false\`.`,
    escalationNotDisabled: (d: { container: ContainerRef }) =>
      `${describe(d.container)} does not set \`securityContext.allowPrivilegeEscalation: false\`.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod || ctx.version < 8) return;
    if (pod.isWindows && ctx.version >= 25) return;
    for (const c of pod.containers) {
      const f = containerField(c, 'allowPrivilegeEscalation');
      const v = f ? asBool(f.value) : undefined;
      if (v === false) continue;
      // Kubernetes rejects allowPrivilegeEscalation: false together with privileged or CAP_SYS_ADMIN.
      const cannotFix =
        asBool(containerField(c, 'privileged')?.value) === true ||
        seqStrings(containerField(c, 'capabilities', 'add')?.value).some((x) => x.value === 'SYS_ADMIN');
      if (f && v === true) {
        ctx.report({
          at: f,
          severity: 'error',
          messageId: 'escalationAllowed',
          data: { container: containerRef(c) },
          fix: cannotFix
            ? undefined
            : ctx.fixer.fix(
                'Set `allowPrivilegeEscalation: false`',
                'unsafe',
                ctx.fixer.setValue(f, 'false'),
              ),
        });
        continue;
      }
      ctx.report({
        at: f ?? missingInContainer(c, ['securityContext', 'allowPrivilegeEscalation']),
        messageId: 'escalationNotDisabled',
        data: { container: containerRef(c) },
        fix: cannotFix
          ? undefined
          : ctx.fixer.fix(
              'Add `allowPrivilegeEscalation: false`',
              'safe',
              ctx.fixer.ensure(c.map, ['securityContext', 'allowPrivilegeEscalation'], { scalar: 'false' }),
            ),
      });
    }
  },
});
