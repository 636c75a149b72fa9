import { asBool } from '../engine/node';
import { defineRule } from '../engine/rule';
import { containerField } from '../engine/workload';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, type ContainerRef } from './lib/util';

export const privilegedContainer = defineRule({
  id: 'privileged-container',
  title: 'Privileged container',
  severity: 'error',
  kinds: 'workloads',
  pss: { level: 'baseline', check: 'privileged' },
  recommended: true,
  catalog: ['K8S-CTR-001'],
  attack: ['T1611'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags containers (including init and ephemeral containers) with `securityContext.privileged: true`.',
    whyBad:
      'A privileged container gets every Linux capability and all host devices and runs without seccomp or AppArmor confinement. Loading a kernel module or mounting the host disk from it is trivial, so escaping to the node is one command away.',
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
              privileged: true
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
              privileged: false
    `,
    remediation:
      'Set `privileged: false` (or remove it) and grant only the specific capabilities the workload needs.',
    fixSafety:
      'Unsafe: the workload may rely on host devices or capabilities; the fix sets `privileged: false` and is offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_privileged.go',
    ],
    peers: {
      kubeLinter: 'privileged-container',
      kubesec: 'Privileged',
      polaris: 'runAsPrivileged',
      kubescape: 'C-0057',
      trivy: 'KSV017',
      checkov: 'CKV_K8S_16',
    },
  },
  messages: {
    privileged: (d: { container: ContainerRef }) =>
      `${describe(d.container)} runs privileged; set \`privileged: false\`.`,
  },
  check(ctx) {
    for (const c of ctx.pod?.containers ?? []) {
      const f = containerField(c, 'privileged');
      if (!f || asBool(f.value) !== true) continue;
      ctx.report({
        at: f,
        messageId: 'privileged',
        data: { container: containerRef(c) },
        fix: ctx.fixer.fix('Set `privileged: false`', 'unsafe', ctx.fixer.setValue(f, 'false')),
      });
    }
  },
});
