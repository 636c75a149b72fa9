import { isMap, isSeq, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Fix } from '../../engine/fix';
import { getIn, mapGet, scalarString, seqStrings, type Field } from '../../engine/node';
import type { K8sObject } from '../../engine/parse';
import type { RuleContext, Severity } from '../../engine/rule';
import { apiGroup } from '../../engine/workload';
import { roleRulesOf, type PolicyRuleData } from '../../engine/workspace-index';
import { label, objectRef, type ObjectRef } from './objects';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const ROLE_KINDS = ['Role', 'ClusterRole'] as const;
export const BINDING_KINDS = ['RoleBinding', 'ClusterRoleBinding'] as const;
/** Kinds of the RBAC rules that check a role and, through the index, the bindings that grant it. */
export const ROLE_AND_BINDING_KINDS = [...ROLE_KINDS, ...BINDING_KINDS] as const;

/** An item of `apiGroups`, `resources` or `verbs`. */
export interface Item {
  value: string;
  node: Scalar;
  index: number;
}

/** One `rules[i]` of a Role/ClusterRole, with its nodes. */
export interface RuleNodes {
  index: number;
  map: YAMLMap;
  rulesSeq: YAMLSeq;
  apiGroups: Item[];
  resources: Item[];
  verbs: Item[];
  resourcesSeq: YAMLSeq | undefined;
  verbsSeq: YAMLSeq | undefined;
  apiGroupsSeq: YAMLSeq | undefined;
  hasResourceNames: boolean;
}

/**
 * Whether the object is one of the cluster's own default RBAC objects. Kubernetes documents them: names
 * with the `system:` prefix are "directly managed by the cluster control plane", and every default
 * ClusterRole and ClusterRoleBinding carries the label `kubernetes.io/bootstrapping: rbac-defaults`; the
 * API server reconciles them at every start. Reporting their permissions is noise nobody can act on.
 */
export function isControlPlaneDefault(obj: K8sObject): boolean {
  if (obj.name.startsWith('system:')) return true;
  return (
    scalarString(getIn(obj.root, ['metadata', 'labels', 'kubernetes.io/bootstrapping'])?.value) ===
    'rbac-defaults'
  );
}

/** Whether the object is a Role/ClusterRole/binding of the RBAC API group that the RBAC rules check. */
export function isRbac(obj: K8sObject): boolean {
  return apiGroup(obj.apiVersion) === RBAC_GROUP && !isControlPlaneDefault(obj);
}

function seqOf(map: YAMLMap, key: string): YAMLSeq | undefined {
  const v = mapGet(map, key)?.value;
  return isSeq(v) ? v : undefined;
}

/** Per parsed object: a dozen RBAC rules read the same Role, so it is read once. */
const policyRulesCache = new WeakMap<K8sObject, readonly RuleNodes[]>();

/** Every rule of a Role or ClusterRole (all of them, not only `rules[0]`). */
export function policyRules(obj: K8sObject): readonly RuleNodes[] {
  let out = policyRulesCache.get(obj);
  if (!out) {
    out = readPolicyRules(obj);
    policyRulesCache.set(obj, out);
  }
  return out;
}

function readPolicyRules(obj: K8sObject): RuleNodes[] {
  const rulesSeq = mapGet(obj.root, 'rules')?.value;
  if (!isSeq(rulesSeq)) return [];
  const out: RuleNodes[] = [];
  rulesSeq.items.forEach((item, index) => {
    if (!isMap(item)) return;
    out.push({
      index,
      map: item,
      rulesSeq,
      apiGroups: seqStrings(mapGet(item, 'apiGroups')?.value),
      resources: seqStrings(mapGet(item, 'resources')?.value),
      verbs: seqStrings(mapGet(item, 'verbs')?.value),
      resourcesSeq: seqOf(item, 'resources'),
      verbsSeq: seqOf(item, 'verbs'),
      apiGroupsSeq: seqOf(item, 'apiGroups'),
      hasResourceNames: seqStrings(mapGet(item, 'resourceNames')?.value).length > 0,
    });
  });
  return out;
}

/** A permission to look for: any of `verbs` (null: any verb) on any of `resources` in any of `groups`. */
export interface Target {
  groups: readonly string[];
  resources: readonly string[];
  verbs: readonly string[] | null;
}

// Whether a `resources` item covers `wanted`: equal, `*`, `*` + `/<subresource>` for a subresource,
// or a `<resource>/` + `*` target (`userextras/` + `*`) matching any of its subresources.
export function resourceCovers(item: string, wanted: string): boolean {
  if (item === '*' || item === wanted) return true;
  const slash = wanted.indexOf('/');
  if (slash > 0 && item === `*${wanted.slice(slash)}`) return true;
  if (wanted.endsWith('/*') && item.startsWith(wanted.slice(0, -1))) return true;
  return false;
}

export function verbCovers(item: string, verbs: readonly string[] | null): boolean {
  return verbs === null || item === '*' || verbs.includes(item);
}

/** The items of one rule that grant a target, or undefined when the rule does not grant it. */
export function grants<T extends { value: string }>(
  rule: { apiGroups: readonly T[]; resources: readonly T[]; verbs: readonly T[] },
  t: Target,
): { resources: T[]; verbs: T[] } | undefined {
  if (!rule.apiGroups.some((g) => g.value === '*' || t.groups.includes(g.value))) return undefined;
  const resources = rule.resources.filter((r) => t.resources.some((w) => resourceCovers(r.value, w)));
  const verbs = rule.verbs.filter((v) => verbCovers(v.value, t.verbs));
  if (resources.length === 0 || verbs.length === 0) return undefined;
  return { resources, verbs };
}

function wrap(xs: readonly string[]): { value: string }[] {
  return xs.map((value) => ({ value }));
}

/** Whether plain rule data (from the index) grants any of the targets. */
export function dataGrants(rules: readonly PolicyRuleData[], targets: readonly Target[]): boolean {
  return rules.some((r) =>
    targets.some((t) =>
      grants({ apiGroups: wrap(r.apiGroups), resources: wrap(r.resources), verbs: wrap(r.verbs) }, t),
    ),
  );
}

/** Removes an item of a rule's list, or the whole rule when the item is the list's only one. */
export function removeItemFix(
  ctx: RuleContext,
  rule: RuleNodes,
  seq: YAMLSeq | undefined,
  item: Item,
  title: string,
): Fix | undefined {
  if (!seq || item.value === '*') return undefined;
  if (seq.items.length > 1) return ctx.fixer.fix(title, 'unsafe', ctx.fixer.removeSeqItem(seq, item.index));
  return ctx.fixer.fix(title, 'unsafe', ctx.fixer.removeSeqItemCascade(rule.rulesSeq, rule.index));
}

export interface RoleCheck {
  targets: readonly Target[];
  /** Report on each granting verb item, or on each granting resource item. */
  anchor: 'verb' | 'resource';
  /** Severity when the rule is narrowed by `resourceNames` (default: unchanged). */
  narrowedSeverity?: Severity;
}

/**
 * Message data of a role rule that grants a target: the role, the index of the rule, and the
 * granting item it is reported on with the items of the other list that it is granted with.
 */
export type RoleGrant = { role: ObjectRef; rule: number } & (
  { verb: string; resources: string[] } | { resource: string; verbs: string[] }
);

/** A subject of a binding as message data: its fields as written (absent when not given). */
export interface SubjectRef {
  kind?: string;
  name?: string;
  namespace?: string;
}

/**
 * Message data of a binding that grants a role: the binding, its subjects (null when it lists none)
 * and the role.
 */
export interface BindingGrant {
  binding: ObjectRef;
  subjects: SubjectRef[] | null;
  role: { kind: 'Role' | 'ClusterRole'; name: string };
}

/** The messages of a role check; `what` says what the grant allows ("read Secrets"). */
export function roleCheckMessages(what: string) {
  return {
    roleGrants: (d: RoleGrant) =>
      `${label(d.role)} rules[${d.rule}] grants ${grantText(d)}, which lets its subjects ${what}; remove it or narrow it with \`resourceNames\`.`,
    bindingGrants: (d: BindingGrant) => bindingGrantsText(d, what),
  };
}

/** The messages every rule checking roles with {@link checkRoleOrBinding} reports. */
export type RoleCheckMessages = ReturnType<typeof roleCheckMessages>;

function codeList(xs: readonly string[]): string {
  return xs.map((x) => `\`${x}\``).join(', ');
}

/** "`get` on `secrets`, `pods`" / "`get`, `list` on `secrets`". */
function grantText(d: RoleGrant): string {
  return 'verb' in d
    ? `\`${d.verb}\` on ${codeList(d.resources)}`
    : `${codeList(d.verbs)} on \`${d.resource}\``;
}

/** The message of a binding whose role lets its subjects `what`. */
export function bindingGrantsText(d: BindingGrant, what: string): string {
  return `${label(d.binding)} grants ${subjectsText(d.subjects)} the ${d.role.kind} "${d.role.name}", which lets them ${what}; bind a narrower role.`;
}

/** Reports the rules of a Role/ClusterRole that grant a target (one finding per granting item). */
export function checkRole(ctx: RuleContext<RoleCheckMessages>, spec: RoleCheck): void {
  for (const rule of policyRules(ctx.object)) {
    const hits = new Map<Scalar, { item: Item; others: Set<string> }>();
    for (const t of spec.targets) {
      const g = grants(rule, t);
      if (!g) continue;
      const anchors = spec.anchor === 'verb' ? g.verbs : g.resources;
      const others = spec.anchor === 'verb' ? g.resources : g.verbs;
      for (const a of anchors) {
        const hit = hits.get(a.node) ?? { item: a, others: new Set<string>() };
        for (const o of others) hit.others.add(o.value);
        hits.set(a.node, hit);
      }
    }
    for (const { item, others } of hits.values()) {
      const at = ctx.fixer.spanOf(item.node);
      if (!at) continue;
      const role = objectRef(ctx.object);
      const seq = spec.anchor === 'verb' ? rule.verbsSeq : rule.resourcesSeq;
      const title =
        spec.anchor === 'verb'
          ? `Remove verb \`${item.value}\` from this rule`
          : `Remove \`${item.value}\` from this rule`;
      ctx.report({
        at,
        messageId: 'roleGrants',
        data:
          spec.anchor === 'verb'
            ? { role, rule: rule.index, verb: item.value, resources: [...others] }
            : { role, rule: rule.index, resource: item.value, verbs: [...others] },
        ...(rule.hasResourceNames && spec.narrowedSeverity ? { severity: spec.narrowedSeverity } : {}),
        fix: removeItemFix(ctx, rule, seq, item, title),
      });
    }
  }
}

/** `roleRef.name` of a binding. */
export function roleRefName(obj: K8sObject): Field | undefined {
  return getIn(obj.root, ['roleRef', 'name']);
}

/** Subjects of a binding as message data; null when it lists none. */
export function subjectRefs(obj: K8sObject): SubjectRef[] | null {
  const seq = mapGet(obj.root, 'subjects')?.value;
  if (!isSeq(seq) || seq.items.length === 0) return null;
  return seq.items.filter(isMap).map((s) => {
    const kind = scalarString(mapGet(s, 'kind')?.value);
    const name = scalarString(mapGet(s, 'name')?.value);
    const namespace = scalarString(mapGet(s, 'namespace')?.value);
    return {
      ...(kind !== undefined ? { kind } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
    };
  });
}

/** Subjects of a binding, for messages: `ServiceAccount "ns/app", Group "devs"`. */
export function subjectsText(subjects: readonly SubjectRef[] | null): string {
  if (subjects === null) return 'its subjects';
  return subjects
    .map((s) => `${s.kind ?? 'subject'} "${s.namespace ? `${s.namespace}/` : ''}${s.name ?? ''}"`)
    .join(', ');
}

/**
 * For a RoleBinding/ClusterRoleBinding: reports on `roleRef.name` when the role it grants is in the
 * workspace index and `dangerous` holds for its rules. A RoleBinding's `Role` is looked up in the
 * binding's namespace; a ClusterRoleBinding may only reference a ClusterRole.
 */
export function checkBindingWith(
  ctx: RuleContext<{ bindingGrants: (d: BindingGrant) => string }>,
  dangerous: (rules: readonly PolicyRuleData[]) => boolean,
): void {
  const obj = ctx.object;
  const nameField = roleRefName(obj);
  const name = scalarString(nameField?.value);
  const kind = scalarString(getIn(obj.root, ['roleRef', 'kind'])?.value);
  if (!nameField || !name || (kind !== 'Role' && kind !== 'ClusterRole')) return;
  if (obj.kind === 'ClusterRoleBinding' && kind !== 'ClusterRole') return;
  const role = ctx.index.find(kind, kind === 'Role' ? obj.namespace : undefined, name);
  if (!role || !dangerous(roleRulesOf(role))) return;
  ctx.report({
    at: nameField,
    messageId: 'bindingGrants',
    data: { binding: objectRef(obj), subjects: subjectRefs(obj), role: { kind, name } },
  });
}

/** {@link checkBindingWith} for a role check's targets. */
export function checkBinding(ctx: RuleContext<RoleCheckMessages>, spec: RoleCheck): void {
  checkBindingWith(ctx, (rules) => dataGrants(rules, spec.targets));
}

/** Runs {@link checkRole} on Roles/ClusterRoles and {@link checkBinding} on bindings. */
export function checkRoleOrBinding(ctx: RuleContext<RoleCheckMessages>, spec: RoleCheck): void {
  if (!isRbac(ctx.object)) return;
  if (ctx.object.kind === 'Role' || ctx.object.kind === 'ClusterRole') checkRole(ctx, spec);
  else checkBinding(ctx, spec);
}
