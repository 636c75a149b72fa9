import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { checkRoleOrBinding, roleCheckMessages, ROLE_AND_BINDING_KINDS, type RoleCheck } from './lib/rbac';

const SPEC: RoleCheck = {
  targets: [{ groups: [''], resources: ['pods/exec', 'pods/attach'], verbs: ['create', 'get'] }],
  anchor: 'resource',
};

export const rbacExecAttach = defineRule({
  id: 'rbac-exec-attach',
  title: 'exec / attach into pods',
  severity: 'error',
  kinds: ROLE_AND_BINDING_KINDS,
  recommended: true,
  crossFile: true,
  catalog: ['K8S-RBAC-004'],
  attack: ['T1609'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags every rule of a Role or ClusterRole that grants `create` or `get` (or `*`) on `pods/exec` or `pods/attach` (also through `*` or `*/exec`), reported on the resource item. `get` counts because the WebSocket form of exec is a GET request. A binding is reported on its `roleRef.name` when the role it grants is in the workspace and grants this access.',
    whyBad:
      'exec and attach run commands inside a running container with its identity, files and mounted Secrets. They bypass image and admission controls and leave little trace in the workload itself.',
    example: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: debugger
      rules:
        - apiGroups: [""]
          resources: ["pods", "pods/exec"]
          verbs: ["get", "create"]
    `,
    useInstead: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: debugger
      rules:
        - apiGroups: [""]
          resources: ["pods"]
          verbs: ["get", "create"]
    `,
    remediation:
      'Remove `pods/exec` and `pods/attach` from the role, and grant them only to a break-glass role bound for the time it is needed.',
    fixSafety:
      'Unsafe: the subject loses exec or attach access (the whole rule goes when it was the only resource); offered as a quick fix only. No fix for a `*` resource or on a binding.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources',
    ],
    peers: {
      polaris: 'clusterrolePodExecAttach',
      kubescape: 'C-0002',
      trivy: 'KSV053',
      checkov: 'CKV2_K8S_2',
    },
    notes: 'Binding findings need the role in the workspace index (Polaris reports bindings the same way).',
  },
  messages: roleCheckMessages('run commands in running containers'),
  check(ctx) {
    checkRoleOrBinding(ctx, SPEC);
  },
});
