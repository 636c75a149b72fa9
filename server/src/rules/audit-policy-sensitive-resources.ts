import { isMap, isSeq, type YAMLMap } from 'yaml';
import { mapGet, scalarString, seqStrings } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_CONTROLPLANE } from './lib/cis';
import { auditRules, matches, type Target } from './lib/audit-policy';

const SENSITIVE: readonly (Target & { label: string })[] = [
  { group: '', resource: 'secrets', label: 'secrets' },
  { group: '', resource: 'configmaps', label: 'configmaps' },
  { group: 'authentication.k8s.io', resource: 'tokenreviews', label: 'tokenreviews' },
];
const BODY_LEVELS = new Set(['Request', 'RequestResponse']);

export const auditPolicySensitiveResources = defineRule({
  id: 'audit-policy-sensitive-resources',
  title: 'Audit policy logs Secret, ConfigMap or TokenReview bodies',
  severity: 'error',
  kinds: ['Policy'],
  recommended: false,
  catalog: [],
  attack: ['T1552.001'],
  fix: 'sometimes',
  docs: {
    whatItDoes: `Flags a rule of an audit Policy (audit.k8s.io) that logs requests to \`secrets\`, \`configmaps\` or \`tokenreviews\` at \`Request\` or \`RequestResponse\` level, unless an earlier rule already decides every such request. ${CIS} §3.2.2.`,
    whyBad:
      'At `Request` and `RequestResponse` level the API server writes request and response bodies to the audit log: every Secret’s data, every ConfigMap’s contents and every bearer token sent for review lands in log files and log pipelines that many more people can read than the Secrets themselves.',
    example: yaml`
      apiVersion: audit.k8s.io/v1
      kind: Policy
      rules:
        - level: RequestResponse
          resources:
            - group: ""
              resources: ["secrets"]
        - level: Metadata
    `,
    useInstead: yaml`
      apiVersion: audit.k8s.io/v1
      kind: Policy
      rules:
        - level: Metadata
          resources:
            - group: ""
              resources: ["secrets", "configmaps"]
            - group: authentication.k8s.io
              resources: ["tokenreviews"]
        - level: Metadata
    `,
    remediation:
      'Add a `level: Metadata` rule for `secrets`, `configmaps` and `authentication.k8s.io/tokenreviews` before any rule that logs bodies.',
    fixSafety:
      'Unsafe: the fix lowers the rule to `Metadata`, dropping bodies its author asked for; offered only when the rule names nothing but these resources, and as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_CONTROLPLANE,
      'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy',
    ],
    notes: `${CIS} §3.2.2 “Ensure that the audit policy covers key security concerns”, Manual (“Care should be taken to only log Metadata for requests to Secrets, ConfigMaps, and TokenReviews”), so the rule is not in the recommended profile. Rules are evaluated in order and the first match decides; a rule restricted by users, groups, verbs, namespaces or resource names decides only some requests, so later rules are still checked. The Kubernetes documentation’s own example policy logs ConfigMap bodies in \`kube-system\` and is flagged.`,
  },
  messages: {
    bodyLogged: (d: { resources: string[]; level: string }) =>
      `This rule logs ${d.resources.join(', ')} at ${d.level} level, writing their contents to the audit log; use Metadata (${CIS} §3.2.2).`,
  },
  check(ctx) {
    const policy = auditRules(ctx);
    if (!policy) return;
    const decided = new Set<string>();
    for (const r of policy.rules) {
      const hits: string[] = [];
      for (const t of SENSITIVE) {
        if (decided.has(t.label)) continue;
        const m = matches(r, t);
        if (m === 'none') continue;
        if (r.level && BODY_LEVELS.has(r.level)) hits.push(t.label);
        if (m === 'all') decided.add(t.label);
      }
      // A hit means the level is one that logs bodies, so it is set.
      if (hits.length === 0 || !r.levelField || r.level === undefined) continue;
      ctx.report({
        at: r.levelField,
        messageId: 'bodyLogged',
        data: { resources: hits, level: r.level },
        fix: ctx.fixer.fix(
          'Set `level: Metadata`',
          'unsafe',
          namesOnlySensitive(r.map) ? ctx.fixer.setValue(r.levelField, 'Metadata') : undefined,
        ),
      });
    }
  },
});

/** Whether every resource the rule names is a sensitive one (so lowering its level affects nothing else). */
function namesOnlySensitive(map: YAMLMap): boolean {
  const resources = mapGet(map, 'resources')?.value;
  if (!isSeq(resources) || resources.items.length === 0) return false;
  for (const gr of resources.items) {
    if (!isMap(gr)) return false;
    const group = scalarString(mapGet(gr, 'group')?.value) ?? '';
    const names = seqStrings(mapGet(gr, 'resources')?.value).map((x) => x.value);
    if (names.length === 0) return false;
    for (const n of names) {
      if (!SENSITIVE.some((t) => t.group === group && t.resource === n)) return false;
    }
  }
  return true;
}
