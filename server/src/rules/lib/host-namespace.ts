import type { TechniqueId } from '../../attack';
import { asBool, mapGet } from '../../engine/node';
import { defineRule, type PeerIds } from '../../engine/rule';
import { yaml } from '../../engine/yaml-tag';

export type HostNamespaceKey = 'hostNetwork' | 'hostPID' | 'hostIPC';

/** The three host-namespace rules share their check; each has its own file, id and text. */
export function hostNamespaceRule<const Id extends string>(w: {
  id: Id;
  key: HostNamespaceKey;
  title: string;
  catalog: string;
  why: string;
  attack: TechniqueId[];
  peers: PeerIds;
}) {
  const key = w.key;
  return defineRule({
    id: w.id,
    title: w.title,
    severity: 'error',
    kinds: 'workloads',
    pss: { level: 'baseline', check: 'hostNamespaces' },
    recommended: true,
    catalog: [w.catalog],
    attack: w.attack,
    fix: 'always',
    docs: {
      whatItDoes: `Flags pods that set \`spec.${key}: true\`.`,
      whyBad: w.why,
      example: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          ${key}: true
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
          ${key}: false
          containers:
            - name: app
              image: registry.example/app:1.0
      `,
      remediation: `Remove \`${key}: true\` (or set it to \`false\`); expose what the pod serves through a Service instead.`,
      fixSafety: `Unsafe: node agents (CNI plugins, monitoring exporters) may need the host namespace; the fix sets \`${key}: false\` and is offered as a quick fix only.`,
      references: [
        'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
        'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_hostNamespaces.go',
      ],
      peers: w.peers,
    },
    messages: {
      sharedHostNamespace: (d: { key: HostNamespaceKey }) =>
        `Pod shares the host's ${namespaceName(d.key)} namespace (\`${d.key}: true\`); set it to false.`,
    },
    check(ctx) {
      const pod = ctx.pod;
      if (!pod) return;
      const f = mapGet(pod.spec, key);
      if (!f || asBool(f.value) !== true) return;
      ctx.report({
        at: f,
        messageId: 'sharedHostNamespace',
        data: { key },
        fix: ctx.fixer.fix(`Set \`${key}: false\``, 'unsafe', ctx.fixer.setValue(f, 'false')),
      });
    },
  });
}

/** The namespace's name as the message writes it: `network`, `PID`, `IPC`. */
function namespaceName(key: HostNamespaceKey): string {
  const ns = key.slice(4);
  return ns === 'Network' ? 'network' : ns;
}
