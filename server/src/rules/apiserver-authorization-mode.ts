import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { APISERVER_REF, CIS, CIS_URL, KUBE_BENCH_MASTER } from './lib/cis';
import {
  allFlags,
  flagSpan,
  lastFlag,
  processesOf,
  setFlagEdit,
  setFlagFix,
  splitList,
  who,
} from './lib/flags';

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
  check(ctx) {
    for (const p of processesOf(ctx, 'kube-apiserver')) {
      const occurrences = allFlags(p, 'authorization-mode');
      if (occurrences.length === 0) {
        if (lastFlag(p, 'authorization-config')) continue;
        ctx.report({
          at: p.anchor,
          message: `${who(p)} does not set \`--authorization-mode\`, which defaults to AlwaysAllow: every authenticated request is allowed (${CIS} §1.2.6).`,
          fix: setFlagFix(ctx, p, 'authorization-mode', 'Node,RBAC', 'unsafe'),
        });
        continue;
      }
      const modes = occurrences.flatMap((f) => splitList(f.value));
      const problems: string[] = [];
      if (modes.includes('AlwaysAllow')) problems.push('includes AlwaysAllow (§1.2.6)');
      if (!modes.includes('Node')) problems.push('lacks Node (§1.2.7)');
      if (!modes.includes('RBAC')) problems.push('lacks RBAC (§1.2.8)');
      if (problems.length === 0) continue;
      const at =
        occurrences.find((f) => splitList(f.value).includes('AlwaysAllow')) ??
        occurrences[occurrences.length - 1];
      if (!at) continue;
      const rest = modes.filter((m) => m !== 'AlwaysAllow' && m !== 'Node' && m !== 'RBAC');
      const fixed = ['Node', ...rest, 'RBAC'].join(',');
      const edit = occurrences.length === 1 ? setFlagEdit(ctx, at, fixed) : undefined;
      ctx.report({
        at: flagSpan(p, at),
        message: `${who(p)} \`--authorization-mode=${modes.join(',')}\` ${problems.join(' and ')} (${CIS}).`,
        fix: edit
          ? { title: `Set \`--authorization-mode=${fixed}\``, safety: 'unsafe', edits: [edit] }
          : undefined,
      });
    }
  },
});
