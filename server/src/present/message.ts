// The text a person reads for a finding. The engine gives the rule's message and the finding's
// context as data; every presenter (the LSP diagnostic, the CLI's text line, JSON and SARIF) shows
// the same text, composed here.
import { TECHNIQUES, type TechniqueId } from '../attack';
import type { Enforcement, Finding } from '../engine/run';
import { META_RULE_IDS } from '../rules/lib/meta';

/** ` Namespace "shop" enforces Pod Security "restricted": the API server will reject …` */
export function enforcementSentence(e: Enforcement): string {
  return ` Namespace "${e.namespace}" enforces Pod Security "${e.level}": the API server will reject ${e.pod ? 'this pod' : 'the pods it creates'}.`;
}

/** ` ATT&CK: T1611 Escape to Host; …` (so the techniques show in the Problems panel and code scanning). */
export function attackSuffix(attack: readonly TechniqueId[]): string {
  if (attack.length === 0) return '';
  return ` ATT&CK: ${attack.map((id) => `${id} ${TECHNIQUES[id].name}`).join('; ')}.`;
}

const META: ReadonlySet<string> = new Set(META_RULE_IDS);

/**
 * The finding's message as shown everywhere: the rule's text, the Namespace's enforcement, then the
 * ATT&CK techniques. Findings of the suppression meta rules are about a comment or annotation, not
 * the workload: they show the rule's text alone.
 */
export function findingText(f: Finding): string {
  if (META.has(f.ruleId)) return f.message;
  return `${f.message}${f.enforcement ? enforcementSentence(f.enforcement) : ''}${attackSuffix(f.attack)}`;
}
