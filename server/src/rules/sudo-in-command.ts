import { isScalar, isSeq } from 'yaml';
import { mapGet } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { describe, scalarSpan } from './lib/util';

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
  check(ctx) {
    for (const c of ctx.pod?.containers ?? []) {
      for (const key of ['command', 'args']) {
        const seq = mapGet(c.map, key)?.value;
        if (!isSeq(seq)) continue;
        for (const item of seq.items) {
          if (!isScalar(item) || typeof item.value !== 'string' || !SUDO.test(item.value)) continue;
          const span = scalarSpan(item);
          const src = ctx.fixer.text.slice(span.start, span.end);
          const m = SUDO.exec(src);
          const at = m ? { start: span.start + m.index + (m[1] ?? '').length, end: 0 } : span;
          if (m) at.end = at.start + 4;
          ctx.report({
            at,
            message: `${describe(c)} runs \`sudo\` in its ${key}; remove it and grant the privileges the process needs through \`securityContext\`.`,
          });
        }
      }
    }
  },
});
