import { isMap, isSeq, type YAMLMap } from 'yaml';
import { mapGet, scalarString, seqStrings, type Field } from '../../engine/node';
import type { RuleContext } from '../../engine/rule';
import { inGroup } from './config-file';

export interface AuditRule {
  map: YAMLMap;
  index: number;
  level: string | undefined;
  levelField: Field | undefined;
}

/** The `rules:` of an audit.k8s.io Policy, or undefined for another kind named Policy. */
export function auditRules(ctx: RuleContext): { field: Field | undefined; rules: AuditRule[] } | undefined {
  if (!inGroup(ctx, 'audit.k8s.io')) return undefined;
  const field = mapGet(ctx.object.root, 'rules');
  const rules: AuditRule[] = [];
  if (isSeq(field?.value)) {
    field.value.items.forEach((item, index) => {
      if (!isMap(item)) return;
      const levelField = mapGet(item, 'level');
      rules.push({ map: item, index, level: scalarString(levelField?.value), levelField });
    });
  }
  return { field, rules };
}

function nonEmpty(map: YAMLMap, key: string): boolean {
  const v = mapGet(map, key)?.value;
  return isSeq(v) ? v.items.length > 0 : v !== undefined && v !== null && scalarString(v) !== undefined;
}

/** A rule that matches every request: no users, groups, verbs, resources, namespaces or URLs. */
export function isCatchAll(r: AuditRule): boolean {
  return !['users', 'userGroups', 'verbs', 'resources', 'namespaces', 'nonResourceURLs'].some((k) =>
    nonEmpty(r.map, k),
  );
}

export interface Target {
  group: string;
  resource: string;
}

/**
 * How a rule matches requests to a resource: 'all' (every such request), 'some' (only some users,
 * verbs, namespaces or names) or 'none'. Mirrors the audit policy checker: a rule with only
 * `nonResourceURLs` never matches resource requests, and an empty list matches everything.
 */
export function matches(r: AuditRule, t: Target): 'all' | 'some' | 'none' {
  const resources = mapGet(r.map, 'resources')?.value;
  let partial = ['users', 'userGroups', 'verbs', 'namespaces'].some((k) => nonEmpty(r.map, k));
  if (isSeq(resources) && resources.items.length > 0) {
    let hit: 'all' | 'some' | 'none' = 'none';
    for (const gr of resources.items) {
      if (!isMap(gr)) continue;
      const group = scalarString(mapGet(gr, 'group')?.value) ?? '';
      if (group !== t.group && group !== '*') continue;
      const names = seqStrings(mapGet(gr, 'resources')?.value).map((x) => x.value);
      if (names.length > 0 && !names.some((n) => n === t.resource || n === '*' || n === `${t.resource}/*`))
        continue;
      const byName = seqStrings(mapGet(gr, 'resourceNames')?.value).length > 0;
      const exactOnlySub = names.length > 0 && !names.includes(t.resource) && !names.includes('*');
      hit = byName || exactOnlySub ? (hit === 'all' ? 'all' : 'some') : 'all';
    }
    if (hit === 'none') return 'none';
    if (hit === 'some') partial = true;
  } else if (nonEmpty(r.map, 'nonResourceURLs')) {
    return 'none';
  }
  return partial ? 'some' : 'all';
}
