import { isScalar, isSeq } from 'yaml';
import { mapGet } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, type ContainerRef } from './lib/util';

const SUDO = /(^|[^\w.-])sudo(?![\w.-])/;

export const sudoInCommand = defineRule({
  id: 'sudo-in-command',
  title: '`sudo` in container command',
  severity: 'info',
  kinds: 'workloads',
  recommended: true,
  catalog: ['K8S-CTR-020'],
  attack: ['T1548.003'],
  fix: 'never',
  docs: {
    whatItDoes:
      'Flags the word `sudo` in a container’s `command` or `args` (as a list item of its own or inside a shell script such as `sh -c "sudo …"`).',
    whyBad:
      '`sudo` in an entrypoint means the image ships a setuid binary and a sudoers policy, and that the process is expected to switch to root at run time. That defeats `runAsNonRoot` and a non-root `USER`, and gives an attacker inside the container a ready path to root.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
            command: ["sh", "-c", "sudo /usr/local/bin/setup && exec app"]
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
            command: ["sh", "-c", "/usr/local/bin/setup && exec app"]
    `,
    remediation:
      'Remove `sudo`: do the privileged setup at image build time or in an init container, grant the few capabilities the process needs through `securityContext`, and keep `allowPrivilegeEscalation: false`.',
    references: [
      'https://attack.mitre.org/techniques/T1548/003',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    ],
    peers: { kubescape: 'C-0062' },
  },
  messages: {
    sudo: (d: { container: ContainerRef; field: 'command' | 'args' }) =>
      `${describe(d.container)} runs \`sudo\` in its ${d.field}; remove it and grant the privileges the process needs through \`securityContext\`.`,
  },
  check(ctx) {
    for (const c of ctx.pod?.containers ?? []) {
      for (const field of ['command', 'args'] as const) {
        const seq = mapGet(c.map, field)?.value;
        if (!isSeq(seq)) continue;
        for (const item of seq.items) {
          if (!isScalar(item) || typeof item.value !== 'string' || !SUDO.test(item.value)) continue;
          const span = ctx.fixer.spanOf(item);
          if (!span) continue;
          // On the word `sudo` when the source spells it plainly, else on the whole item.
          const m = SUDO.exec(ctx.fixer.text.slice(span.start, span.end));
          const start = m ? span.start + m.index + (m[1] ?? '').length : span.start;
          ctx.report({
            at: m ? { start, end: start + 4 } : span,
            messageId: 'sudo',
            data: { container: containerRef(c), field },
          });
        }
      }
    }
  },
});
