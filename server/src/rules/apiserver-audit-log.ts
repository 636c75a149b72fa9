import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import {
  APISERVER_REF,
  CIS,
  CIS_URL,
  KUBE_BENCH_CONTROLPLANE,
  KUBE_BENCH_MASTER,
  checkRequiredFlags,
  requiredFlagText,
  type RequiredFlagData,
} from './lib/cis';
import {
  appendFlagsEdit,
  describeProcess,
  flagSpan,
  lastFlag,
  processesOf,
  processRef,
  setFlagFix,
  type ProcessRef,
} from './lib/flags';

/** Retention flags and the Benchmark's minimum values. */
const RETENTION: readonly { flag: string; min: number; section: string; unit: string }[] = [
  { flag: 'audit-log-maxage', min: 30, section: '1.2.17', unit: 'days' },
  { flag: 'audit-log-maxbackup', min: 10, section: '1.2.18', unit: 'files' },
  { flag: 'audit-log-maxsize', min: 100, section: '1.2.19', unit: 'MB' },
];

/** What a retention finding says: the process, the flag, the Benchmark's minimum and its section. */
interface RetentionData {
  process: ProcessRef;
  flag: string;
  min: number;
  unit: string;
  section: string;
}

export const apiserverAuditLog = defineRule({
  id: 'apiserver-audit-log',
  title: 'API server audit log missing or kept too briefly',
  severity: 'warning',
  kinds: 'workloads',
  recommended: true,
  catalog: [],
  attack: ['T1562', 'T1070'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a kube-apiserver static Pod without \`--audit-log-path\`, without an \`--audit-policy-file\` (no events are recorded without one), or whose \`--audit-log-maxage\`, \`--audit-log-maxbackup\` or \`--audit-log-maxsize\` is missing or below 30 days, 10 files and 100 MB. ${CIS} §1.2.16–§1.2.19 and §3.2.1.`,
    whyBad:
      'The audit log is the only record of who did what through the API: which secrets were read, who exec’d into which pod, which RoleBinding appeared. Without it, or with logs rotated away within hours, an intrusion leaves no trace to investigate.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-apiserver
        namespace: kube-system
      spec:
        containers:
          - name: kube-apiserver
            image: registry.k8s.io/kube-apiserver:v1.31.0
            command:
              - kube-apiserver
              - --audit-log-path=/var/log/kubernetes/audit/audit.log
              - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
              - --audit-log-maxage=7
              - --audit-log-maxbackup=10
              - --audit-log-maxsize=100
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-apiserver
        namespace: kube-system
      spec:
        containers:
          - name: kube-apiserver
            image: registry.k8s.io/kube-apiserver:v1.31.0
            command:
              - kube-apiserver
              - --audit-log-path=/var/log/kubernetes/audit/audit.log
              - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
              - --audit-log-maxage=30
              - --audit-log-maxbackup=10
              - --audit-log-maxsize=100
    `,
    remediation:
      'Set `--audit-policy-file` and `--audit-log-path` (mount both paths from the host), and keep at least `--audit-log-maxage=30`, `--audit-log-maxbackup=10` and `--audit-log-maxsize=100`.',
    fixSafety:
      'Unsafe: the path fixes insert a placeholder the file must exist for (and be mounted), and retention settings decide which old logs are deleted. Offered as quick fixes only.',
    references: [
      CIS_URL,
      KUBE_BENCH_MASTER,
      KUBE_BENCH_CONTROLPLANE,
      APISERVER_REF,
      'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/',
    ],
    notes: `${CIS} §1.2.16 (audit-log-path), §1.2.17 (maxage ≥ 30), §1.2.18 (maxbackup ≥ 10), §1.2.19 (maxsize ≥ 100), all Automated; §3.2.1 (a minimal audit policy, Manual) is checked as the presence of \`--audit-policy-file\`, because without a policy the API server records no events at all. \`--audit-log-path=-\` writes to standard output; the retention flags then do not apply and are not checked. The flags’ defaults (0) keep every file forever and never rotate by age; the Benchmark still asks for explicit values.`,
  },
  messages: {
    noAuditLogPath: (d: RequiredFlagData) =>
      requiredFlagText(d, 'API requests are not written to an audit log', '1.2.16'),
    noAuditPolicy: (d: RequiredFlagData) =>
      requiredFlagText(d, 'without an audit policy no audit events are recorded', '3.2.1'),
    retentionTooLow: (d: RetentionData & { value: string }) =>
      `${describeProcess(d.process)} sets \`--${d.flag}=${d.value}\`; ${CIS} §${d.section} asks for at least ${d.min} ${d.unit}.`,
    retentionUnset: (d: RetentionData) =>
      `${describeProcess(d.process)} does not set \`--${d.flag}\`; ${CIS} §${d.section} asks for at least ${d.min} ${d.unit}.`,
  },
  check(ctx) {
    for (const p of processesOf(ctx, 'kube-apiserver')) {
      const path = lastFlag(p, 'audit-log-path');
      if (!path) {
        // One fix writes the path and the retention flags together, so applying it leaves nothing of
        // this rule behind (the retention flags only matter once there is a log).
        const missing = RETENTION.filter((r) => !lastFlag(p, r.flag));
        ctx.report({
          at: p.anchor,
          messageId: 'noAuditLogPath',
          data: { process: processRef(p), flag: 'audit-log-path', empty: false },
          fix: ctx.fixer.snippetFix(
            'Add `--audit-log-path` with retention flags',
            'unsafe',
            appendFlagsEdit(ctx, p, [
              ['audit-log-path', '${1:/var/log/kubernetes/audit/audit.log}'],
              ...missing.map((r): [string, string] => [r.flag, String(r.min)]),
            ]),
          ),
        });
      }
      checkRequiredFlags(ctx, p, [
        ...(path
          ? [
              {
                flag: 'audit-log-path',
                placeholder: '/var/log/kubernetes/audit/audit.log',
                messageId: 'noAuditLogPath' as const,
              },
            ]
          : []),
        {
          flag: 'audit-policy-file',
          placeholder: '/etc/kubernetes/audit-policy.yaml',
          messageId: 'noAuditPolicy',
        },
      ]);
      if (!path || path.value === '' || path.value === '-') continue;
      for (const r of RETENTION) {
        const f = lastFlag(p, r.flag);
        const n = f ? Number(f.value) : undefined;
        if (n !== undefined && Number.isInteger(n) && n >= r.min) continue;
        const fix = setFlagFix(ctx, p, r.flag, String(r.min), 'unsafe');
        const { min, unit, section } = r;
        if (f) {
          ctx.report({
            at: flagSpan(p, f),
            messageId: 'retentionTooLow',
            data: { process: processRef(p), flag: r.flag, value: f.value, min, unit, section },
            fix,
          });
        } else {
          ctx.report({
            at: p.anchor,
            messageId: 'retentionUnset',
            data: { process: processRef(p), flag: r.flag, min, unit, section },
            fix,
          });
        }
      }
    }
  },
});
