import { getIn, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import type { PolicyRuleData } from '../engine/workspace-index';
import { label, objectRef, type ObjectRef } from './lib/objects';
import {
  BINDING_KINDS,
  bindingGrantsText,
  checkBindingWith,
  isRbac,
  roleRefName,
  subjectRefs,
  subjectsText,
  type BindingGrant,
  type SubjectRef,
} from './lib/rbac';

const WRITE_AND_READ = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** A rule that grants `*` or every read and write verb on `*` resources of `*` API groups. */
function isAdminEquivalent(r: PolicyRuleData): boolean {
  if (!r.apiGroups.includes('*') || !r.resources.includes('*') || r.resourceNames.length > 0) return false;
  return r.verbs.includes('*') || WRITE_AND_READ.every((v) => r.verbs.includes(v));
}

export const rbacClusterAdminBinding = defineRule({
  id: 'rbac-cluster-admin-binding',
  title: 'Binding to cluster-admin',
  severity: 'error',
  kinds: BINDING_KINDS,
  recommended: true,
  catalog: ['K8S-RBAC-009'],
  attack: ['T1098.006'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags a `ClusterRoleBinding` or `RoleBinding` whose `roleRef` is the ClusterRole `cluster-admin`, reported on `roleRef.name`.',
    whyBad:
      '`cluster-admin` allows every action on every resource. Bound cluster-wide it makes the subjects full administrators; bound in a namespace it gives them every permission there, Secrets and RBAC included. A compromised subject then owns the cluster or the namespace.',
    example: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata:
        name: ci
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: ClusterRole
        name: cluster-admin
      subjects:
        - kind: ServiceAccount
          name: ci
          namespace: ci
    `,
    useInstead: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata:
        name: ci
        namespace: apps
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: ClusterRole
        name: edit
      subjects:
        - kind: ServiceAccount
          name: ci
          namespace: ci
    `,
    remediation:
      'Bind a least-privilege Role or ClusterRole that lists only what the subjects need, in the namespaces they need it.',
    fixSafety:
      'Unsafe: which role the subjects need is yours to decide; the fix puts a placeholder role name in `roleRef.name` for you to type over. Bindings to a workspace role that is cluster-admin by another name get no fix.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
    ],
    peers: {
      kubeLinter: 'cluster-admin-role-binding',
      polaris: 'clusterrolebindingClusterAdmin',
      kubescape: 'C-0035',
      trivy: 'KSV111',
    },
    notes:
      'Matches `ClusterRoleBinding` as the API spells it (Trivy’s `ClusterRolebinding` never matches). Bindings to custom roles made of wildcards are reported by `rbac-wildcard`.',
  },
  messages: {
    clusterAdmin: (d: { binding: ObjectRef; subjects: SubjectRef[] | null }) =>
      `${label(d.binding)} makes ${subjectsText(d.subjects)} cluster-admin${d.binding.kind === 'RoleBinding' ? ' in its namespace' : ''}; bind a least-privilege role instead.`,
    bindingGrants: (d: BindingGrant) =>
      bindingGrantsText(
        d,
        d.role.kind === 'Role'
          ? 'do anything to every resource of its namespace'
          : 'do anything to every resource, as cluster-admin does',
      ),
  },
  check(ctx) {
    const obj = ctx.object;
    if (!isRbac(obj)) return;
    const name = roleRefName(obj);
    if (
      scalarString(getIn(obj.root, ['roleRef', 'kind'])?.value) === 'ClusterRole' &&
      scalarString(name?.value) !== 'cluster-admin'
    ) {
      // A role of the workspace that grants every read and write verb on every resource is cluster-admin by another name.
      checkBindingWith(ctx, (rules) => rules.some(isAdminEquivalent));
      return;
    }
    if (scalarString(getIn(obj.root, ['roleRef', 'kind'])?.value) === 'Role') {
      checkBindingWith(ctx, (rules) => rules.some(isAdminEquivalent));
      return;
    }
    if (!name || scalarString(name.value) !== 'cluster-admin') return;
    ctx.report({
      at: name,
      messageId: 'clusterAdmin',
      data: { binding: objectRef(obj), subjects: subjectRefs(obj) },
      fix: ctx.fixer.snippetFix(
        'Bind a least-privilege role instead',
        'unsafe',
        ctx.fixer.setValue(name, '${1:least-privilege-role}'),
      ),
    });
  },
});
