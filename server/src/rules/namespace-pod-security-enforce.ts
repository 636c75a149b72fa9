import { isMap, isScalar } from 'yaml';
import { keySpan, pairSpan } from '../engine/locate';
import { getIn, mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_POLICIES } from './lib/cis';

const LABEL = 'pod-security.kubernetes.io/enforce';

export const namespacePodSecurityEnforce = defineRule({
  id: 'namespace-pod-security-enforce',
  title: 'Namespace does not enforce a Pod Security level',
  severity: 'warning',
  kinds: ['Namespace'],
  recommended: false,
  catalog: [],
  attack: ['T1611', 'T1610'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a Namespace whose \`${LABEL}\` label is missing or \`privileged\`. ${CIS} §5.2.1.`,
    whyBad:
      'Pod Security admission enforces the level named by this label. Without it the cluster-wide default applies, which is `privileged` unless an AdmissionConfiguration says otherwise; with `privileged`, any pod is admitted, including privileged and host-namespace pods that lead straight to the node.',
    example: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: team-a
        labels:
          ${LABEL}: privileged
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: team-a
        labels:
          ${LABEL}: restricted
    `,
    remediation: `Label the namespace \`${LABEL}: baseline\` or \`restricted\`, after checking its workloads with \`--dry-run=server\`; keep \`privileged\` for system namespaces only.`,
    fixSafety:
      'Unsafe: new pods that violate the level are rejected (running pods are not evicted); the level is a snippet placeholder to confirm. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_POLICIES,
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces',
      'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/',
    ],
    notes: `${CIS} §5.2.1, Manual, so the rule is not in the recommended profile. A cluster-wide \`defaults.enforce\` (see \`pod-security-admission-defaults\`) may already cover unlabelled namespaces; the rule cannot see it from here. System namespaces such as \`kube-system\` often need \`privileged\`; suppress the finding there.`,
  },
  messages: {
    privilegedLevel: (d: { namespace: string }) =>
      `Namespace "${d.namespace}" enforces the \`privileged\` Pod Security level: any pod is admitted (${CIS} §5.2.1).`,
    noEnforceLabel: (d: { namespace: string }) =>
      `Namespace "${d.namespace}" has no \`${LABEL}\` label, so only the cluster default (privileged unless configured) applies (${CIS} §5.2.1).`,
  },
  check(ctx) {
    if (ctx.object.apiVersion !== 'v1') return;
    const metadata = mapGet(ctx.object.root, 'metadata');
    const meta = metadata?.value;
    const label = getIn(meta, ['labels', LABEL]);
    const level = scalarString(label?.value);
    if (label && level !== undefined && level !== '' && level !== 'privileged') return;
    const labels = mapGet(meta, 'labels');
    const node = label?.value;
    const edit =
      label && isScalar(node) && level !== undefined
        ? ctx.fixer.replaceQuoted(node, '${1:baseline}')
        : isMap(meta)
          ? ctx.fixer.ensure(meta, ['labels', LABEL], { scalar: '${1:baseline}' })
          : undefined;
    ctx.report({
      at: label ?? (labels ? keySpan(labels) : metadata ? keySpan(metadata) : pairSpan(ctx.object.kindPair)),
      messageId: label ? 'privilegedLevel' : 'noEnforceLabel',
      data: { namespace: ctx.object.name },
      fix: ctx.fixer.snippetFix('Enforce the `baseline` Pod Security level', 'unsafe', edit),
    });
  },
});
