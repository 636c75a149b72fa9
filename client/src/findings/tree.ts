// The findings tree's data: the store's findings grouped by resource (Namespace → kind/name →
// rule), by ATT&CK (tactic → technique, counted as the matrix counts) or by rule, with counts on
// every group. No VS Code imports: client/src/findings/view.ts draws it, tests read it directly.
import { TACTICS, TECHNIQUES, type TacticId, type TechniqueId } from '../../../server/src/attack';
import { techniqueHits } from '../../../server/src/present/navigator';
import { resourceLabel, type Finding } from './store';

export type GroupBy = 'resource' | 'attack' | 'rule';

export interface TreeNode {
  /** Unique in the tree (VS Code keeps expansion state by it). */
  key: string;
  label: string;
  /** Findings under this node (1 for a finding). */
  count: number;
  /** Groups have children; a finding has none. */
  children: TreeNode[];
  finding?: Finding;
}

const NO_NAMESPACE = '(namespace not set)';

function leaf(parent: string, f: Finding): TreeNode {
  return {
    key: `${parent}/${f.id}`,
    label: `${f.file}:${f.range.start.line + 1}`,
    count: 1,
    children: [],
    finding: f,
  };
}

function group(key: string, label: string, children: TreeNode[], count?: number): TreeNode {
  return { key, label, children, count: count ?? children.reduce((s, c) => s + c.count, 0) };
}

/** Groups by a key, in first-seen order unless sorted by the caller. */
function by<T>(items: readonly T[], keyOf: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = keyOf(t);
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
}

const sortedKeys = <T>(m: Map<string, T>): string[] => [...m.keys()].sort((a, b) => a.localeCompare(b, 'en'));

function byRule(parent: string, findings: readonly Finding[]): TreeNode[] {
  const rules = by(findings, (f) => f.ruleId);
  return sortedKeys(rules).map((rule) => {
    const key = `${parent}/${rule}`;
    return group(
      key,
      rule,
      (rules.get(rule) ?? []).map((f) => leaf(key, f)),
    );
  });
}

function byResource(findings: readonly Finding[]): TreeNode[] {
  const namespaces = by(findings, (f) => f.resource?.namespace ?? NO_NAMESPACE);
  return sortedKeys(namespaces).map((ns) => {
    const nsKey = `ns:${ns}`;
    const resources = by(namespaces.get(ns) ?? [], (f) => resourceLabel(f.resource));
    return group(
      nsKey,
      ns,
      sortedKeys(resources).map((r) => {
        const rKey = `${nsKey}/${r}`;
        return group(rKey, r, byRule(rKey, resources.get(r) ?? []));
      }),
    );
  });
}

function byAttack(findings: readonly Finding[]): TreeNode[] {
  const perTechnique = by(techniqueHits(findings), (h) => h.technique);
  const out: TreeNode[] = [];
  for (const tactic of Object.keys(TACTICS) as TacticId[]) {
    const techniques = [...perTechnique.keys()]
      .filter((id) => (TECHNIQUES[id as TechniqueId].tactics as readonly string[]).includes(tactic))
      .sort();
    if (techniques.length === 0) continue;
    const tKey = `tactic:${tactic}`;
    const children = techniques.map((id) => {
      const key = `${tKey}/${id}`;
      const hits = perTechnique.get(id) ?? [];
      return group(
        key,
        `${id} ${TECHNIQUES[id as TechniqueId].name}`,
        hits.map((h) => leaf(key, h.finding)),
      );
    });
    // A finding under two techniques of one tactic counts once for the tactic.
    const distinct = new Set(children.flatMap((c) => c.children.map((l) => l.finding?.id)));
    out.push(group(tKey, `${tactic} ${TACTICS[tactic]}`, children, distinct.size));
  }
  const unmapped = findings.filter((f) => !f.attack.some((id) => id in TECHNIQUES));
  if (unmapped.length)
    out.push(
      group(
        'tactic:none',
        'No ATT&CK technique',
        unmapped.map((f) => leaf('tactic:none', f)),
      ),
    );
  return out;
}

/** The tree's top level; children hang below. */
export function groupFindings(findings: readonly Finding[], mode: GroupBy): TreeNode[] {
  switch (mode) {
    case 'resource':
      return byResource(findings);
    case 'attack':
      return byAttack(findings);
    case 'rule':
      return byRule('rule', findings);
  }
}

/** The tree's description of a mode (shown beside the view's title). */
export const GROUP_LABELS: Record<GroupBy, string> = {
  resource: 'by resource',
  attack: 'by ATT&CK tactic',
  rule: 'by rule',
};
