import { keySpan, pairSpan } from '../engine/locate';
import { isSeq } from 'yaml';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_CONTROLPLANE } from './lib/cis';
import { auditRules, isCatchAll } from './lib/audit-policy';

export const auditPolicyCatchAll = defineRule({
  id: 'audit-policy-catch-all',
  title: 'Audit policy has no catch-all rule',
  severity: 'warning',
  kinds: ['Policy'],
  recommended: false,
  catalog: [],
  attack: ['T1562', 'T1070'],
  fix: 'sometimes',
  docs: {
    whatItDoes: `Flags an audit Policy (audit.k8s.io) without a final rule that matches every request, or whose catch-all rule has \`level: None\`. ${CIS} §3.2.1 and §3.2.2.`,
    whyBad:
      'A request no rule matches is not audited at all. Without a catch-all, everything the policy’s author did not foresee (new resources, CRDs, `pods/exec`, `nodes/proxy`) goes unrecorded, which is exactly what an intruder relies on.',
    example: yaml`
      apiVersion: audit.k8s.io/v1
      kind: Policy
      rules:
        - level: Metadata
          resources:
            - group: ""
              resources: ["secrets"]
    `,
    useInstead: yaml`
      apiVersion: audit.k8s.io/v1
      kind: Policy
      rules:
        - level: Metadata
          resources:
            - group: ""
              resources: ["secrets"]
        - level: Metadata
    `,
    remediation:
      'End the rules with a catch-all `- level: Metadata` (optionally with `omitStages: ["RequestReceived"]`).',
    fixSafety:
      'Unsafe: a catch-all at Metadata can grow the audit log considerably. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_CONTROLPLANE,
      'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy',
    ],
    notes: `${CIS} §3.2.1 (a minimal audit policy) and §3.2.2 (“For most requests, minimally logging at the Metadata level is recommended”), both Manual, so the rule is not in the recommended profile.`,
  },
  messages: {
    noCatchAll: () =>
      `This audit policy has no catch-all rule: requests no rule matches are not audited (${CIS} §3.2.2).`,
    catchAllNone: () =>
      `The catch-all rule of this audit policy logs nothing (\`level: None\`); log at least Metadata (${CIS} §3.2.2).`,
  },
  check(ctx) {
    const policy = auditRules(ctx);
    if (!policy) return;
    const catchAll = policy.rules.find(isCatchAll);
    const seq = isSeq(policy.field?.value) ? policy.field.value : undefined;
    if (!catchAll) {
      ctx.report({
        at: policy.field ? keySpan(policy.field) : pairSpan(ctx.object.kindPair),
        messageId: 'noCatchAll',
        fix: ctx.fixer.fix(
          'Append a catch-all `level: Metadata` rule',
          'unsafe',
          seq && seq.items.length > 0 ? ctx.fixer.appendSeqItem(seq, 'level: Metadata') : undefined,
        ),
      });
      return;
    }
    if (catchAll.level === 'None' && catchAll.levelField) {
      ctx.report({
        at: catchAll.levelField,
        messageId: 'catchAllNone',
        fix: ctx.fixer.fix(
          'Set `level: Metadata`',
          'unsafe',
          ctx.fixer.setValue(catchAll.levelField, 'Metadata'),
        ),
      });
    }
  },
});
