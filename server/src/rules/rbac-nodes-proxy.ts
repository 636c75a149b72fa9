import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { checkRoleOrBinding, roleCheckMessages, ROLE_AND_BINDING_KINDS, type RoleCheck } from './lib/rbac';

const SPEC: RoleCheck = {
  targets: [{ groups: [''], resources: ['nodes/proxy'], verbs: null }],
  anchor: 'resource',
};

export const rbacNodesProxy = defineRule({
  id: 'rbac-nodes-proxy',
  title: 'Kubelet API via `nodes/proxy`',
  severity: 'error',
  kinds: ROLE_AND_BINDING_KINDS,
  recommended: true,
  crossFile: true,
  catalog: ['K8S-RBAC-007'],
  attack: ['T1609', 'T1613'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags every rule of a Role or ClusterRole that grants any verb (including `get`) on `nodes/proxy` (also through `*` or `*/proxy`), reported on the resource item. A binding is reported on its `roleRef.name` when the role it grants is in the workspace and grants this access.',
    whyBad:
      '`nodes/proxy` forwards requests to the kubelet API, which can run commands in any container on the node. Even `get` is not read-only, and kubelet requests bypass the API server’s audit and admission.',
    example: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: metrics
      rules:
        - apiGroups: [""]
          resources: ["nodes", "nodes/proxy"]
          verbs: ["get"]
    `,
    useInstead: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: metrics
      rules:
        - apiGroups: [""]
          resources: ["nodes", "nodes/metrics"]
          verbs: ["get"]
    `,
    remediation:
      'Remove `nodes/proxy`; for metrics use `nodes/metrics` or `nodes/stats`, which do not allow command execution.',
    fixSafety:
      'Unsafe: the subject loses access to the kubelet API through the API server; offered as a quick fix only. No fix for a `*` resource or on a binding.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes',
      'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/',
    ],
    peers: { kubescape: 'C-0279', trivy: 'KSV047', checkov: 'CKV2_K8S_2' },
  },
  messages: roleCheckMessages('reach the kubelet API of every node, including exec into any pod'),
  check(ctx) {
    checkRoleOrBinding(ctx, SPEC);
  },
});
