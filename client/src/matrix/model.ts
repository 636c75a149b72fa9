// The ATT&CK matrix of the findings: ATT&CK's Containers matrix (tactics as columns, techniques as
// cells, sub-techniques under their parent) with each technique's findings, counted as the CLI's
// Navigator layer counts them (techniqueHits). Techniques of findings that are not on the Containers
// platform are listed beside the matrix, so no finding is left out. No VS Code imports.
import {
  ATTACK_VERSION,
  TACTICS,
  TECHNIQUES,
  type TacticId,
  type TechniqueId,
} from '../../../server/src/attack';
import { CONTAINERS_TECHNIQUES, OTHER_PARENTS } from '../../../server/src/attack-matrix';
import { buildLayer, techniqueHits, type NavigatorLayer } from '../../../server/src/present/navigator';
import { SEVERITY_ORDER, resourceLabel, type Finding, type Severity } from '../findings/store';
import type { CellFinding, MatrixCell, MatrixColumn, MatrixModel } from './messages';

function highest(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || SEVERITY_ORDER.indexOf(b) < SEVERITY_ORDER.indexOf(a) ? b : a;
}

const TACTIC_ORDER = Object.keys(TACTICS) as TacticId[];

/** The model for these findings. */
export function buildMatrix(findings: readonly Finding[]): MatrixModel {
  const per = new Map<string, { list: CellFinding[]; severity: Severity | undefined }>();
  const mapped = new Set<string>();
  for (const hit of techniqueHits(findings)) {
    const f = hit.finding;
    mapped.add(f.id);
    let t = per.get(hit.technique);
    if (!t) per.set(hit.technique, (t = { list: [], severity: undefined }));
    t.severity = highest(t.severity, f.severity);
    t.list.push({
      id: f.id,
      ruleId: f.ruleId,
      severity: f.severity,
      resource: resourceLabel(f.resource, true),
      file: f.file,
      line: f.range.start.line + 1,
      message: f.message,
    });
  }
  const cell = (id: string, name: string, subs: MatrixCell[] = []): MatrixCell => {
    const t = per.get(id);
    return {
      id,
      name,
      count: t?.list.length ?? 0,
      ...(t?.severity ? { severity: t.severity } : {}),
      subs,
    };
  };
  const parentOf = (id: string): string => id.split('.')[0] ?? id;
  const onMatrix = new Set(CONTAINERS_TECHNIQUES.map((t) => t.id));
  const columns: MatrixColumn[] = [];
  for (const tactic of TACTIC_ORDER) {
    const inTactic = CONTAINERS_TECHNIQUES.filter((t) => t.tactics.includes(tactic));
    if (inTactic.length === 0) continue;
    const cells: MatrixCell[] = [];
    for (const t of inTactic) {
      const isSub = t.id.includes('.');
      if (isSub && onMatrix.has(parentOf(t.id))) continue;
      const subs = isSub
        ? []
        : inTactic.filter((s) => s.id.startsWith(`${t.id}.`)).map((s) => cell(s.id, s.name));
      // A sub-technique whose parent is not on the Containers platform stands as a cell of its own.
      const name = isSub ? `${OTHER_PARENTS[parentOf(t.id)] ?? parentOf(t.id)}: ${t.name}` : t.name;
      cells.push(cell(t.id, name, subs));
    }
    cells.sort((a, b) => a.name.localeCompare(b.name, 'en'));
    columns.push({ id: tactic, name: TACTICS[tactic], cells });
  }
  const other = [...per.keys()]
    .filter((id) => !onMatrix.has(id))
    .sort()
    .map((id) => cell(id, TECHNIQUES[id as TechniqueId].name));
  return {
    attackVersion: ATTACK_VERSION,
    columns,
    other,
    findings: Object.fromEntries([...per].map(([id, t]) => [id, t.list])),
    maxCount: Math.max(0, ...[...per.values()].map((t) => t.list.length)),
    total: findings.length,
    mapped: mapped.size,
  };
}

/** The Navigator layer of these findings: the same builder and counting as `kubeward scan --format navigator`. */
export function navigatorLayer(findings: readonly Finding[], version: string): NavigatorLayer {
  return buildLayer(techniqueHits(findings), { version });
}

/** The technique a `T1611`-like argument names, if ATT&CK data knows it. */
export function knownTechnique(id: unknown): string | undefined {
  return typeof id === 'string' && (id in TECHNIQUES || CONTAINERS_TECHNIQUES.some((t) => t.id === id))
    ? id
    : undefined;
}
