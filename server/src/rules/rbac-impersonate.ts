import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { checkRoleOrBinding, roleCheckMessages, ROLE_AND_BINDING_KINDS, type RoleCheck } from './lib/rbac';

const SPEC: RoleCheck = {
  targets: [
    { groups: [''], resources: ['users', 'groups', 'serviceaccounts'], verbs: ['impersonate'] },
    { groups: ['authentication.k8s.io'], resources: ['uids', 'userextras/*'], verbs: ['impersonate'] },
  ],
  anchor: 'verb',
  narrowedSeverity: 'warning',
};

export const rbacImpersonate = defineRule({
  id: 'rbac-impersonate',
  title: '`impersonate` granted',
  severity: 'error',
  kinds: ROLE_AND_BINDING_KINDS,
  recommended: true,
  crossFile: true,
  catalog: ['K8S-RBAC-006'],
  attack: ['T1078'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags every rule of a Role or ClusterRole that grants `impersonate` (or `*`) on `users`, `groups` or `serviceaccounts` (core group) or on `uids` or `userextras/*` (`authentication.k8s.io`), reported on the verb item. A rule narrowed by `resourceNames` is reported as a warning. A binding is reported on its `roleRef.name` when the role it grants is in the workspace and grants this access.',
    whyBad:
      'Impersonation lets a subject send requests as any user, group (including `system:masters`) or service account, so it holds the union of their permissions and RBAC’s escalation checks do not apply.',
    example: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: impersonator
      rules:
        - apiGroups: [""]
          resources: ["users", "groups"]
          verbs: ["impersonate"]
    `,
    useInstead: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: impersonator
      rules:
        - apiGroups: [""]
          resources: ["users"]
          verbs: ["get"]
    `,
    remediation:
      'Remove `impersonate`, or restrict it with `resourceNames` to the exact users or service accounts that must be impersonated.',
    fixSafety:
      'Unsafe: the subject can no longer impersonate; offered as a quick fix only. No fix for a `*` verb or on a binding.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#impersonate-verb',
    ],
    peers: { kubescape: 'C-0065', trivy: 'KSV043', checkov: 'CKV2_K8S_3' },
  },
  messages: roleCheckMessages('act as other users, groups or service accounts'),
  check(ctx) {
    checkRoleOrBinding(ctx, SPEC);
  },
});
