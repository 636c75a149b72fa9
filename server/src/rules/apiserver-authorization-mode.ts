import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { APISERVER_REF, CIS, CIS_URL, KUBE_BENCH_MASTER } from './lib/cis';
import {
  allFlags,
  describeProcess,
  flagSpan,
  lastFlag,
  processesOf,
  processRef,
  setFlagEdit,
  setFlagFix,
  splitList,
  type ProcessRef,
} from './lib/flags';

/** The Benchmark section of each mode the rule asks about. */
const SECTION = { AlwaysAllow: '1.2.6', Node: '1.2.7', RBAC: '1.2.8' } as const;

/** What a finding about the modes says: all modes given, whether AlwaysAllow is among them, and which required ones are not. */
interface ModesData {
  process: ProcessRef;
  modes: string[];
  alwaysAllow: boolean;
  missing: ('Node' | 'RBAC')[];
}

function problems(d: ModesData): string[] {
  return [
    ...(d.alwaysAllow ? [`includes AlwaysAllow (§${SECTION.AlwaysAllow})`] : []),
    ...d.missing.map((m) => `lacks ${m} (§${SECTION[m]})`),
  ];
}

export const apiserverAuthorizationMode = defineRule({
  id: 'apiserver-authorization-mode',
  title: 'API server authorization mode allows everything or misses Node/RBAC',
  severity: 'error',
  kinds: 'workloads',
  recommended: true,
  catalog: [],
  attack: ['T1609', 'T1613', 'T1098.006'],
  fix: 'sometimes',
  docs: {
    whatItDoes: `Flags a kube-apiserver static Pod whose \`--authorization-mode\` is absent (it defaults to \`AlwaysAllow\`), includes \`AlwaysAllow\`, or lacks \`Node\` or \`RBAC\`. ${CIS} §1.2.6, §1.2.7 and §1.2.8.`,
    whyBad:
      '`AlwaysAllow` authorizes every authenticated request, so any credential (a pod’s service account token, a kubelet’s certificate) is cluster-admin. Without the `Node` authorizer a kubelet’s credentials are not limited to the objects of its own node, and without `RBAC` there is no least-privilege model for users and service accounts.',
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
              - --authorization-mode=AlwaysAllow
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
              - --authorization-mode=Node,RBAC
    `,
    remediation:
      'Set `--authorization-mode=Node,RBAC` (other authorizers such as `Webhook` may follow) and never include `AlwaysAllow`.',
    fixSafety:
      'Unsafe: turning authorization on denies every request that no RBAC rule allows; clients that relied on `AlwaysAllow` break. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_MASTER,
      APISERVER_REF,
      'https://kubernetes.io/docs/reference/access-authn-authz/node/',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/',
    ],
    notes: `${CIS} §1.2.6 (not AlwaysAllow), §1.2.7 (includes Node) and §1.2.8 (includes RBAC), all Automated. \`--authorization-mode\` is a list flag: repeated occurrences add up, as pflag’s StringSlice does. When the API server reads \`--authorization-config\` (structured authorization) without \`--authorization-mode\`, the authorizers are in that file and the rule stays silent. The fix inserts \`Node\` first and \`RBAC\` last and drops \`AlwaysAllow\`; it is offered only when the flag occurs once.`,
  },
  messages: {
    defaultAlwaysAllow: (d: { process: ProcessRef }) =>
      `${describeProcess(d.process)} does not set \`--authorization-mode\`, which defaults to AlwaysAllow: every authenticated request is allowed (${CIS} §${SECTION.AlwaysAllow}).`,
    weakModes: (d: ModesData) =>
      `${describeProcess(d.process)} \`--authorization-mode=${d.modes.join(',')}\` ${problems(d).join(' and ')} (${CIS}).`,
  },
  check(ctx) {
    for (const p of processesOf(ctx, 'kube-apiserver')) {
      const occurrences = allFlags(p, 'authorization-mode');
      if (occurrences.length === 0) {
        if (lastFlag(p, 'authorization-config')) continue;
        ctx.report({
          at: p.anchor,
          messageId: 'defaultAlwaysAllow',
          data: { process: processRef(p) },
          fix: setFlagFix(ctx, p, 'authorization-mode', 'Node,RBAC', 'unsafe'),
        });
        continue;
      }
      const modes = occurrences.flatMap((f) => splitList(f.value));
      const alwaysAllow = modes.includes('AlwaysAllow');
      const missing = (['Node', 'RBAC'] as const).filter((m) => !modes.includes(m));
      if (!alwaysAllow && missing.length === 0) continue;
      const at =
        occurrences.find((f) => splitList(f.value).includes('AlwaysAllow')) ??
        occurrences[occurrences.length - 1];
      if (!at) continue;
      const rest = modes.filter((m) => m !== 'AlwaysAllow' && m !== 'Node' && m !== 'RBAC');
      const fixed = ['Node', ...rest, 'RBAC'].join(',');
      ctx.report({
        at: flagSpan(p, at),
        messageId: 'weakModes',
        data: { process: processRef(p), modes, alwaysAllow, missing },
        fix: ctx.fixer.fix(
          `Set \`--authorization-mode=${fixed}\``,
          'unsafe',
          occurrences.length === 1 ? setFlagEdit(ctx, at, fixed) : undefined,
        ),
      });
    }
  },
});
