// MITRE ATT&CK Navigator layers (Layer File Format 4.5, domain enterprise-attack): each technique the
// findings map to, scored by how many findings map to it. A pure builder (the CLI's `--format navigator`
// and, later, the editor's export command) and the CLI's writer around it.
import { ATTACK_VERSION, TECHNIQUES, techniqueUrl, type TechniqueId } from '../attack';
import type { FileRows } from './rows';
import type { OutputWriter } from './writer';

/** The layer file format version written. */
export const LAYER_FORMAT_VERSION = '4.5';
/** The Navigator version the layer declares (the format needs at least 4.9.0). */
export const NAVIGATOR_VERSION = '5.2.0';

/** One finding's mapping to one technique. */
export interface TechniqueHit {
  technique: TechniqueId;
  ruleId: string;
  /** The file the finding is in, as the output shows it. */
  file: string;
}

export interface LayerTechnique {
  techniqueID: string;
  score: number;
  comment: string;
  enabled: boolean;
  metadata: { name: string; value: string }[];
  links: { label: string; url: string }[];
}

/** A Navigator layer, as the format defines it (only the properties Kubeward writes). */
export interface NavigatorLayer {
  name: string;
  versions: { attack: string; navigator: string; layer: string };
  domain: 'enterprise-attack';
  description: string;
  sorting: number;
  layout: {
    layout: 'side';
    showID: boolean;
    showName: boolean;
    expandedSubtechniques: 'annotated';
  };
  hideDisabled: boolean;
  techniques: LayerTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: { label: string; color: string }[];
  metadata: { name: string; value: string }[];
}

export interface LayerOptions {
  /** The layer's name (default: "Kubeward findings"). */
  name?: string;
  /** Kubeward's version, written into the layer's metadata. */
  version: string;
  /** Files listed per technique in its comment before "and N more". */
  maxFiles?: number;
}

/** Light yellow for one finding, through orange, to red for the most. */
const GRADIENT = ['#ffe766', '#ffaf66', '#ff6666'];

function counted(names: Map<string, number>): string {
  return [...names.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([n, c]) => `${n} (${c})`)
    .join(', ');
}

/**
 * The layer for these hits: one entry per technique, its score the number of hits, its comment the
 * rules and files behind them, coloured on a gradient from 0 to the highest score. Techniques are
 * given without a tactic, so the Navigator shows them under every tactic they belong to.
 */
export function buildLayer(hits: Iterable<TechniqueHit>, opts: LayerOptions): NavigatorLayer {
  const maxFiles = opts.maxFiles ?? 10;
  const per = new Map<TechniqueId, { rules: Map<string, number>; files: Map<string, number>; n: number }>();
  for (const h of hits) {
    let t = per.get(h.technique);
    if (!t) per.set(h.technique, (t = { rules: new Map(), files: new Map(), n: 0 }));
    t.n++;
    t.rules.set(h.ruleId, (t.rules.get(h.ruleId) ?? 0) + 1);
    t.files.set(h.file, (t.files.get(h.file) ?? 0) + 1);
  }
  const ids = [...per.keys()].sort();
  const techniques = ids.map((id): LayerTechnique => {
    const t = per.get(id) as { rules: Map<string, number>; files: Map<string, number>; n: number };
    const files = [...t.files.keys()].sort();
    const shown = files.slice(0, maxFiles).join(', ');
    const more = files.length > maxFiles ? ` and ${files.length - maxFiles} more` : '';
    return {
      techniqueID: id,
      score: t.n,
      comment: `${t.n} ${t.n === 1 ? 'finding' : 'findings'}. Rules: ${counted(t.rules)}. Files: ${shown}${more}.`,
      enabled: true,
      metadata: [...t.rules.keys()].sort().map((r) => ({ name: 'rule', value: r })),
      links: [{ label: `${id} ${TECHNIQUES[id].name}`, url: techniqueUrl(id) }],
    };
  });
  const total = techniques.reduce((s, t) => s + t.score, 0);
  return {
    name: opts.name ?? 'Kubeward findings',
    versions: {
      attack: ATTACK_VERSION.split('.')[0] ?? ATTACK_VERSION,
      navigator: NAVIGATOR_VERSION,
      layer: LAYER_FORMAT_VERSION,
    },
    domain: 'enterprise-attack',
    description: `MITRE ATT&CK techniques of Kubeward findings: ${techniques.length} ${techniques.length === 1 ? 'technique' : 'techniques'}, scored by findings (${total} in all; a finding counts once for each technique it maps to).`,
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true, expandedSubtechniques: 'annotated' },
    hideDisabled: false,
    techniques,
    gradient: {
      colors: GRADIENT,
      minValue: 0,
      maxValue: Math.max(1, ...techniques.map((t) => t.score)),
    },
    legendItems: [],
    metadata: [
      { name: 'generator', value: `Kubeward ${opts.version}` },
      { name: 'ATT&CK data', value: `Enterprise v${ATTACK_VERSION}` },
    ],
  };
}

/** The technique hits of one file's rows (each finding once per technique, whatever its tactics). */
export function hitsOf(rows: FileRows): TechniqueHit[] {
  const out: TechniqueHit[] = [];
  for (const row of rows.findings) {
    const seen = new Set<string>();
    for (const a of row.attack) {
      if (seen.has(a.technique) || !(a.technique in TECHNIQUES)) continue;
      seen.add(a.technique);
      out.push({ technique: a.technique as TechniqueId, ruleId: row.ruleId, file: row.file });
    }
  }
  return out;
}

/** `kubeward scan --format navigator`: the layer of every reported finding, written at the end. */
export class NavigatorWriter implements OutputWriter {
  readonly needsResults = false;
  private readonly hits: TechniqueHit[] = [];

  constructor(
    private readonly version: string,
    private readonly out: (s: string) => void,
  ) {}

  file(rows: FileRows): void {
    this.hits.push(...hitsOf(rows));
  }

  finish(): void {
    this.out(`${JSON.stringify(buildLayer(this.hits, { version: this.version }), null, 2)}\n`);
  }
}
