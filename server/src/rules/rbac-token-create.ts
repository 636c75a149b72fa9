import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { checkRoleOrBinding, roleCheckMessages, ROLE_AND_BINDING_KINDS, type RoleCheck } from './lib/rbac';

const SPEC: RoleCheck = {
  targets: [{ groups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }],
  anchor: 'resource',
  narrowedSeverity: 'warning',
};

export const rbacTokenCreate = defineRule({
  id: 'rbac-token-create',
  title: 'Can mint service-account tokens',
  severity: 'error',
  kinds: ROLE_AND_BINDING_KINDS,
  recommended: true,
  crossFile: true,
  catalog: ['K8S-RBAC-008'],
  attack: ['T1528'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags every rule of a Role or ClusterRole that grants `create` (or `*`) on `serviceaccounts/token` (also through `*` or `*/token`), reported on the resource item. A rule narrowed by `resourceNames` is reported as a warning. A binding is reported on its `roleRef.name` when the role it grants is in the workspace and grants this access.',
    whyBad:
      'The TokenRequest API issues a fresh token for any service account in scope, so the subject can act as the most privileged service account of the namespace (or the cluster) for as long as the token lives.',
    example: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: token-issuer
      rules:
        - apiGroups: [""]
          resources: ["serviceaccounts/token"]
          verbs: ["create"]
    `,
    useInstead: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: token-issuer
      rules:
        - apiGroups: [""]
          resources: ["serviceaccounts"]
          verbs: ["get"]
    `,
    remediation:
      'Remove `serviceaccounts/token`, or restrict it with `resourceNames` to the one service account whose tokens the subject must request.',
    fixSafety:
      'Unsafe: the subject can no longer request tokens (the whole rule goes when it was the only resource); offered as a quick fix only. No fix for a `*` resource or on a binding.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#token-request',
      'https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/',
    ],
    peers: { kubescape: 'C-0282' },
  },
  messages: roleCheckMessages('mint tokens for service accounts'),
  check(ctx) {
    checkRoleOrBinding(ctx, SPEC);
  },
});
