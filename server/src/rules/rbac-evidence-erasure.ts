import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { checkRoleOrBinding, roleCheckMessages, ROLE_AND_BINDING_KINDS, type RoleCheck } from './lib/rbac';

const SPEC: RoleCheck = {
  targets: [
    { groups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['delete', 'deletecollection'] },
    { groups: [''], resources: ['pods/log'], verbs: ['delete', 'deletecollection'] },
  ],
  anchor: 'verb',
};

export const rbacEvidenceErasure = defineRule({
  id: 'rbac-evidence-erasure',
  title: 'Can erase evidence',
  severity: 'warning',
  kinds: ROLE_AND_BINDING_KINDS,
  recommended: true,
  crossFile: true,
  catalog: ['K8S-RBAC-011'],
  attack: ['T1070'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags every rule of a Role or ClusterRole that grants `delete` or `deletecollection` (or `*`) on `events` (core or `events.k8s.io`) or on `pods/log`, reported on the verb item. A binding is reported on its `roleRef.name` when the role it grants is in the workspace and grants this access.',
    whyBad:
      'Events and container logs are often the only record of an intrusion in a cluster. A subject that can delete them can hide its own activity.',
    example: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: cleaner
      rules:
        - apiGroups: [""]
          resources: ["events"]
          verbs: ["list", "delete"]
    `,
    useInstead: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: cleaner
      rules:
        - apiGroups: [""]
          resources: ["events"]
          verbs: ["list"]
    `,
    remediation:
      'Remove `delete` and `deletecollection` on events and logs; let the API server’s event TTL expire them, and ship logs to storage the workload cannot write.',
    fixSafety:
      'Unsafe: the subject can no longer delete what the rule lists; offered as a quick fix only. No fix for a `*` verb or on a binding.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/',
      'https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/Delete%20K8S%20events/',
    ],
    peers: { kubescape: 'C-0031', trivy: 'KSV042' },
  },
  messages: roleCheckMessages('delete events or logs that record what happened'),
  check(ctx) {
    checkRoleOrBinding(ctx, SPEC);
  },
});
