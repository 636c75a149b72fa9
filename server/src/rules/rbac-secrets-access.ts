import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { checkRoleOrBinding, roleCheckMessages, ROLE_AND_BINDING_KINDS, type RoleCheck } from './lib/rbac';

const SPEC: RoleCheck = {
  targets: [{ groups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }],
  anchor: 'resource',
  narrowedSeverity: 'warning',
};

export const rbacSecretsAccess = defineRule({
  id: 'rbac-secrets-access',
  title: 'Read access to Secrets',
  severity: 'error',
  kinds: ROLE_AND_BINDING_KINDS,
  recommended: true,
  crossFile: true,
  catalog: ['K8S-RBAC-002'],
  attack: ['T1552.007'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags every rule of a Role or ClusterRole that grants `get`, `list` or `watch` (or `*`) on `secrets` in the core API group (or on `*`), reported on the `secrets` item. Every rule is evaluated, not only `rules[0]`. A rule narrowed by `resourceNames` is reported as a warning. A RoleBinding or ClusterRoleBinding is reported on its `roleRef.name` when the role it grants is in the workspace and grants this access.',
    whyBad:
      'Secrets hold service-account tokens, TLS keys and passwords. `list` and `watch` return the full contents too, not only the names, so any of the three verbs discloses every Secret in scope, including tokens of more privileged service accounts.',
    example: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: reader
      rules:
        - apiGroups: [""]
          resources: ["configmaps", "secrets"]
          verbs: ["get", "list"]
    `,
    useInstead: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: reader
      rules:
        - apiGroups: [""]
          resources: ["configmaps"]
          verbs: ["get", "list"]
    `,
    remediation:
      'Remove `secrets` from the rule, or grant `get` on named Secrets only with `resourceNames`; mount the Secret into the pod instead of reading it through the API.',
    fixSafety:
      'Unsafe: the subject loses read access to Secrets (the whole rule goes when `secrets` was its only resource); offered as a quick fix only. No fix is offered for a `*` resource or on a binding.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/',
    ],
    peers: {
      kubeLinter: 'access-to-secrets',
      kubescape: 'C-0015',
      trivy: 'KSV041',
      checkov: 'CKV2_K8S_5',
    },
    notes:
      'Binding findings need the role in the workspace index; built-in ClusterRoles such as `admin` and `edit` are not resolved. kube-linter reports only the binding; Kubeward reports the role (what is granted) and the binding (to whom).',
  },
  messages: roleCheckMessages('read Secrets'),
  check(ctx) {
    checkRoleOrBinding(ctx, SPEC);
  },
});
