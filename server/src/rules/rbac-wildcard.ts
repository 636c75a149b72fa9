import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { label, objectRef, type ObjectRef } from './lib/objects';
import {
  bindingGrantsText,
  checkBindingWith,
  isRbac,
  policyRules,
  ROLE_AND_BINDING_KINDS,
  type BindingGrant,
  type Item,
} from './lib/rbac';

const PLACEHOLDER = { verbs: 'get', resources: 'pods', apiGroups: '' } as const;
const MESSAGE = {
  apiGroups: 'wildcardApiGroup',
  resources: 'wildcardResource',
  verbs: 'wildcardVerb',
} as const;

/** A rule of a Role or ClusterRole, as message data. */
interface RuleRef {
  role: ObjectRef;
  rule: number;
}

export const rbacWildcard = defineRule({
  id: 'rbac-wildcard',
  title: 'Wildcard in RBAC rules',
  severity: 'error',
  kinds: ROLE_AND_BINDING_KINDS,
  recommended: true,
  crossFile: true,
  catalog: ['K8S-RBAC-001'],
  attack: ['T1552.007', 'T1609', 'T1610'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags every `*` in `verbs`, `resources` or `apiGroups` of every rule of a Role or ClusterRole, reported on the `*` item; a rule with `*` in all three grants everything (cluster-admin when it is a ClusterRole) and the message says so. A binding is reported on its `roleRef.name` when the role it grants is in the workspace and holds a wildcard.',
    whyBad:
      'A wildcard grants every current and future verb, resource or API group, including Secrets, `pods/exec` and custom resources added later by operators. Roles written this way cannot be reviewed, and they quietly grow when the cluster does.',
    example: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: app
      rules:
        - apiGroups: [""]
          resources: ["pods"]
          verbs: ["*"]
    `,
    useInstead: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: app
      rules:
        - apiGroups: [""]
          resources: ["pods"]
          verbs: ["get", "list", "watch"]
    `,
    remediation: 'Replace each `*` with the explicit verbs, resources and API groups the subject needs.',
    fixSafety:
      'Unsafe: the fix replaces the `*` with a placeholder (a snippet to fill in), which removes every other permission the wildcard granted; offered as a quick fix only. No fix on a binding.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/',
    ],
    peers: {
      kubeLinter: 'wildcard-in-rules',
      polaris: 'clusterrolebindingClusterAdmin',
      kubescape: 'C-0187',
      trivy: 'KSV044',
      checkov: 'CKV_K8S_49',
    },
    notes:
      'Checkov CKV_K8S_49 only looks at `rules[0]`; every rule is checked here. Binding findings need the role in the workspace index.',
  },
  messages: {
    fullAdmin: (d: RuleRef) =>
      `${label(d.role)} rules[${d.rule}] grants every verb on every resource of every API group (full admin); list what is needed instead of \`*\`.`,
    wildcardApiGroup: (d: RuleRef) =>
      `${label(d.role)} rules[${d.rule}] has \`*\` in \`apiGroups\`; list the API groups that are needed.`,
    wildcardResource: (d: RuleRef) =>
      `${label(d.role)} rules[${d.rule}] has \`*\` in \`resources\`; list the resources that are needed.`,
    wildcardVerb: (d: RuleRef) =>
      `${label(d.role)} rules[${d.rule}] has \`*\` in \`verbs\`; list the verbs that are needed.`,
    bindingGrants: (d: BindingGrant) => bindingGrantsText(d, 'use wildcard permissions'),
  },
  check(ctx) {
    const obj = ctx.object;
    if (!isRbac(obj)) return;
    if (obj.kind === 'RoleBinding' || obj.kind === 'ClusterRoleBinding') {
      checkBindingWith(ctx, (rules) =>
        rules.some((r) => [...r.verbs, ...r.resources, ...r.apiGroups].includes('*')),
      );
      return;
    }
    for (const rule of policyRules(obj)) {
      const star = (xs: Item[]): boolean => xs.some((x) => x.value === '*');
      const all = star(rule.verbs) && star(rule.resources) && star(rule.apiGroups);
      for (const list of ['apiGroups', 'resources', 'verbs'] as const) {
        for (const item of rule[list]) {
          if (item.value !== '*') continue;
          const at = ctx.fixer.spanOf(item.node);
          if (!at) continue;
          ctx.report({
            at,
            messageId: all ? 'fullAdmin' : MESSAGE[list],
            data: { role: objectRef(obj), rule: rule.index },
            fix: ctx.fixer.snippetFix(
              `Replace \`*\` in \`${list}\` with an explicit value`,
              'unsafe',
              ctx.fixer.replaceQuoted(item.node, `\${1:${PLACEHOLDER[list]}}`),
            ),
          });
        }
      }
    }
  },
});
