import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { checkRoleOrBinding, roleCheckMessages, ROLE_AND_BINDING_KINDS, type RoleCheck } from './lib/rbac';

const SPEC: RoleCheck = {
  targets: [
    { groups: [''], resources: ['pods', 'replicationcontrollers', 'podtemplates'], verbs: ['create'] },
    {
      groups: ['apps', 'extensions'],
      resources: ['deployments', 'daemonsets', 'statefulsets', 'replicasets'],
      verbs: ['create'],
    },
    { groups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['create'] },
  ],
  anchor: 'verb',
};

export const rbacCreateWorkloads = defineRule({
  id: 'rbac-create-workloads',
  title: 'Can create workloads',
  severity: 'warning',
  kinds: ROLE_AND_BINDING_KINDS,
  recommended: false,
  crossFile: true,
  catalog: ['K8S-RBAC-003'],
  attack: ['T1610', 'T1053.007'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags every rule of a Role or ClusterRole that grants `create` (or `*`) on pods, replicationcontrollers, podtemplates, deployments, daemonsets, statefulsets, replicasets, jobs or cronjobs, reported on the verb item. A binding is reported on its `roleRef.name` when the role it grants is in the workspace and grants this access.',
    whyBad:
      'Whoever can create a pod, directly or through a controller, can run any image, mount any Secret and use any service account of the namespace, so they hold every privilege those service accounts have. A CronJob adds persistence.',
    example: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: deployer
      rules:
        - apiGroups: ["apps"]
          resources: ["deployments"]
          verbs: ["get", "create"]
    `,
    useInstead: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: deployer
      rules:
        - apiGroups: ["apps"]
          resources: ["deployments"]
          verbs: ["get"]
    `,
    remediation:
      'Remove `create` from roles of subjects that do not deploy workloads, and let a CI identity or a GitOps controller create them instead.',
    fixSafety:
      'Unsafe: the subject can no longer create the listed resources (nor anything else the rule lists); offered as a quick fix only. No fix for a `*` verb or on a binding.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/',
    ],
    peers: { kubeLinter: 'access-to-create-pods', kubescape: 'C-0188', trivy: 'KSV048' },
    notes:
      'Not in the recommended profile: deployment tooling and controllers legitimately hold this permission. Binding findings need the role in the workspace index.',
  },
  messages: roleCheckMessages(
    'create workloads that run any image with any service account of the namespace',
  ),
  check(ctx) {
    checkRoleOrBinding(ctx, SPEC);
  },
});
