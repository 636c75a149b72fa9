import { isSeq } from 'yaml';
import { mapGet } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { mapItems, str } from './lib/util';

/** Pod Security Admission's sysctl allow-list (`check_sysctls.go`), by the minor version that added each name. */
const SAFE_SYSCTLS: readonly (readonly [number, readonly string[]])[] = [
  [
    0,
    [
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_unprivileged_port_start',
    ],
  ],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [
    29,
    [
      'net.ipv4.tcp_keepalive_time',
      'net.ipv4.tcp_fin_timeout',
      'net.ipv4.tcp_keepalive_intvl',
      'net.ipv4.tcp_keepalive_probes',
    ],
  ],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

/** The sysctl names the Baseline policy allows for a Kubernetes minor version. */
export function safeSysctls(version: number): ReadonlySet<string> {
  return new Set(SAFE_SYSCTLS.filter(([since]) => version >= since).flatMap(([, names]) => names));
}

/** Minor version from which a name is allowed, if it ever is. */
function allowedSince(name: string): number | undefined {
  return SAFE_SYSCTLS.find(([, names]) => names.includes(name))?.[0];
}

export const unsafeSysctl = defineRule({
  id: 'unsafe-sysctl',
  title: 'Unsafe sysctl',
  severity: 'error',
  kinds: 'workloads',
  pss: { level: 'baseline', check: 'sysctls' },
  recommended: true,
  catalog: ['K8S-POD-009'],
  attack: ['T1562', 'T1499'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags each `spec.securityContext.sysctls[*].name` that is not on the Pod Security Standards allow-list for the target Kubernetes version: `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`, `net.ipv4.ip_unprivileged_port_start`; from 1.27 `net.ipv4.ip_local_reserved_ports`; from 1.29 `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`, `net.ipv4.tcp_keepalive_probes`; from 1.32 `net.ipv4.tcp_rmem`, `net.ipv4.tcp_wmem`; from 1.37 `net.ipv4.tcp_slow_start_after_idle`, `net.ipv4.tcp_notsent_lowat`.',
    whyBad:
      'Sysctls outside the namespaced, safe set change kernel behaviour for the whole node or can starve it (memory, IPC, network buffers). A pod that sets them can weaken node-wide protections or take down its neighbours.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        securityContext:
          sysctls:
            - name: kernel.msgmax
              value: "65536"
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
          sysctls:
            - name: net.ipv4.ip_local_port_range
              value: "1024 65535"
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    remediation:
      'Remove the sysctl, or set it on dedicated nodes (kubelet `--allowed-unsafe-sysctls`, with taints) outside workloads that must meet the Baseline policy.',
    fixSafety:
      'Unsafe: the workload may depend on the kernel setting (message queue sizes, connection tracking); offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_sysctls.go',
    ],
    peers: { kubeLinter: 'unsafe-sysctls', kubescape: 'C-0211', trivy: 'KSV026' },
    notes:
      'kube-linter’s `unsafe-sysctls` flags every name starting with `net.`, including allowed ones such as `net.ipv4.ip_local_port_range`; this rule uses the exact Pod Security Admission list. The docs of the Pod Security Standards list names up to 1.29; the admission code is the source of the later additions.',
  },
  messages: {
    unsafeSysctl: (d: { name: string; allowedSince?: number }) =>
      `Sysctl "${d.name}" is not allowed by the Baseline policy${d.allowedSince !== undefined ? ` before Kubernetes 1.${d.allowedSince}` : ''}; remove it from \`securityContext.sysctls\`.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    const field = mapGet(pod.securityContext?.value, 'sysctls');
    const seq = field?.value;
    if (!field || !isSeq(seq)) return;
    const safe = safeSysctls(ctx.version);
    for (const { map, index } of mapItems(field)) {
      const nameField = mapGet(map, 'name');
      const name = str(nameField) ?? '';
      if (safe.has(name)) continue;
      const since = allowedSince(name);
      const at = nameField ?? ctx.fixer.spanOf(field.key);
      if (!at) continue;
      ctx.report({
        at,
        messageId: 'unsafeSysctl',
        data: since !== undefined ? { name, allowedSince: since } : { name },
        fix: ctx.fixer.fix(
          `Remove sysctl ${name || '(unnamed)'}`,
          'unsafe',
          ctx.fixer.removeSeqItemCascade(seq, index),
        ),
      });
    }
  },
});
