import { isMap, isSeq } from 'yaml';
import { mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { label, objectRef, type ObjectRef } from './lib/objects';
import { BINDING_KINDS, isRbac } from './lib/rbac';

const SYSTEM_GROUPS: ReadonlyMap<string, string> = new Map([
  ['system:anonymous', 'every unauthenticated request'],
  ['system:unauthenticated', 'every unauthenticated request'],
  ['system:authenticated', 'every authenticated user and service account'],
  ['system:masters', 'a group that bypasses RBAC entirely'],
]);

export const rbacDangerousSubject = defineRule({
  id: 'rbac-dangerous-subject',
  title: 'Binding to a dangerous subject',
  severity: 'error',
  kinds: BINDING_KINDS,
  recommended: true,
  catalog: ['K8S-RBAC-010'],
  attack: ['T1098.006', 'T1078.001'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags `subjects` of a RoleBinding or ClusterRoleBinding named `system:anonymous`, `system:unauthenticated`, `system:authenticated` or `system:masters` (error), and the `default` ServiceAccount of any namespace (warning), reported on the subject’s `name`.',
    whyBad:
      'The system groups stand for everyone (anonymous or any authenticated identity), so the role is granted to the whole world or the whole cluster. The `default` ServiceAccount is used by every pod that names no other, so the role reaches workloads nobody meant to trust.',
    example: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata:
        name: viewers
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: ClusterRole
        name: view
      subjects:
        - kind: Group
          name: system:authenticated
          apiGroup: rbac.authorization.k8s.io
    `,
    useInstead: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata:
        name: viewers
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: ClusterRole
        name: view
      subjects:
        - kind: Group
          name: platform-viewers
          apiGroup: rbac.authorization.k8s.io
    `,
    remediation: 'Remove the subject and bind the role to a dedicated group, user or ServiceAccount instead.',
    fixSafety:
      'Unsafe: removing the subject takes the role away from everyone it covered (the `subjects` list goes when it becomes empty); offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#default-roles-and-role-bindings',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
    ],
    peers: {
      kubesec: 'BindingsToSystemAnonymous',
      kubescape: 'C-0262',
      trivy: 'KSV122',
      checkov: 'CKV_K8S_42',
    },
    notes:
      'Matches `ClusterRoleBinding` as the API spells it; Trivy’s `ClusterRolebinding` misspelling makes KSV122/KSV123 miss every real ClusterRoleBinding.',
  },
  messages: {
    systemSubject: (d: { binding: ObjectRef; kind: 'Group' | 'User'; name: string }) =>
      `${label(d.binding)} grants its role to ${d.kind} "${d.name}", ${SYSTEM_GROUPS.get(d.name) ?? ''}; bind a dedicated subject instead.`,
    defaultServiceAccount: (d: { binding: ObjectRef; namespace: string }) =>
      `${label(d.binding)} grants its role to the default ServiceAccount of namespace "${d.namespace}", used by every pod there that names no other; bind a dedicated ServiceAccount.`,
  },
  check(ctx) {
    const obj = ctx.object;
    if (!isRbac(obj)) return;
    const seq = mapGet(obj.root, 'subjects')?.value;
    if (!isSeq(seq)) return;
    seq.items.forEach((s, i) => {
      if (!isMap(s)) return;
      const nameField = mapGet(s, 'name');
      const name = scalarString(nameField?.value);
      const kind = scalarString(mapGet(s, 'kind')?.value);
      if (!nameField || name === undefined) return;
      const removal = ctx.fixer.fix('Remove this subject', 'unsafe', ctx.fixer.removeSeqItemCascade(seq, i));
      if (SYSTEM_GROUPS.has(name) && (kind === 'Group' || kind === 'User')) {
        ctx.report({
          at: nameField,
          messageId: 'systemSubject',
          data: { binding: objectRef(obj), kind, name },
          fix: removal,
        });
      } else if (kind === 'ServiceAccount' && name === 'default') {
        const namespace = scalarString(mapGet(s, 'namespace')?.value) ?? obj.namespace ?? 'default';
        ctx.report({
          at: nameField,
          severity: 'warning',
          attack: ['T1078.001'],
          messageId: 'defaultServiceAccount',
          data: { binding: objectRef(obj), namespace },
          fix: removal,
        });
      }
    });
  },
});
