import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import {
  checkRoleOrBinding,
  roleCheckMessages,
  RBAC_GROUP,
  ROLE_AND_BINDING_KINDS,
  type RoleCheck,
} from './lib/rbac';

const SPEC: RoleCheck = {
  targets: [{ groups: [RBAC_GROUP], resources: ['roles', 'clusterroles'], verbs: ['escalate', 'bind'] }],
  anchor: 'verb',
};

export const rbacEscalateBind = defineRule({
  id: 'rbac-escalate-bind',
  title: '`escalate` / `bind` on roles',
  severity: 'error',
  kinds: ROLE_AND_BINDING_KINDS,
  recommended: true,
  crossFile: true,
  catalog: ['K8S-RBAC-005'],
  attack: ['T1098.006'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags every rule of a Role or ClusterRole that grants `escalate` or `bind` (or `*`) on `roles` or `clusterroles` in `rbac.authorization.k8s.io` (or `*`), reported on the verb item. A binding is reported on its `roleRef.name` when the role it grants is in the workspace and grants this access.',
    whyBad:
      'RBAC normally refuses to let a subject create or bind a role with permissions it does not itself hold. `escalate` and `bind` switch that protection off: the subject can write a role with any permission, or bind an existing powerful role (cluster-admin) to itself.',
    example: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: role-manager
      rules:
        - apiGroups: ["rbac.authorization.k8s.io"]
          resources: ["clusterroles"]
          verbs: ["get", "list", "bind"]
    `,
    useInstead: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: role-manager
      rules:
        - apiGroups: ["rbac.authorization.k8s.io"]
          resources: ["clusterroles"]
          verbs: ["get", "list"]
    `,
    remediation:
      'Remove `escalate` and `bind`; if a subject must bind one specific role, restrict the rule with `resourceNames` to that role.',
    fixSafety:
      'Unsafe: the subject can no longer create or bind roles beyond its own permissions; offered as a quick fix only. No fix for a `*` verb or on a binding.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-creation-or-update',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb',
    ],
    peers: { kubescape: 'C-0191', trivy: 'KSV050', checkov: 'CKV_K8S_157' },
    notes:
      'Trivy KSV050 only looks at `roles`/`rolebindings` and misses `clusterroles`, where these verbs matter most; this rule checks both.',
  },
  messages: roleCheckMessages('grant themselves permissions they do not hold'),
  check(ctx) {
    checkRoleOrBinding(ctx, SPEC);
  },
});
