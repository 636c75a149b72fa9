// Fix-all in rounds, for the editor's "fix all" actions and `kubeward scan --fix`: one policy for both.
import { applyEdits, editsOverlap, type Edit, type Fix } from './fix';
import type { Finding } from './run';

/** Rounds after which fix-all stops even if fixes are still offered (fixes that undo each other). */
export const MAX_FIX_ROUNDS = 10;

/** Which findings and which of their fixes a fix-all applies. */
export interface FixAllWanted {
  finding: (f: Finding) => boolean;
  fix: (fx: Fix) => boolean;
}

/** The outcome of {@link fixAll}. */
export interface FixAllResult {
  /** The text with every applied fix. */
  text: string;
  /** Fixes applied, over all rounds. */
  applied: number;
  /** Rounds that applied at least one fix. */
  rounds: number;
  /** The findings of `text` as the last check saw them. */
  findings: readonly Finding[];
}

/** Safe fixes only (what `source.fixAll.kubeward` and `kubeward scan --fix` apply). */
export const SAFE_FIXES: FixAllWanted = { finding: () => true, fix: (fx) => fx.safety === 'safe' };

/** Safe and unsafe fixes (`kubeward scan --fix-unsafe`, "Fix All in File" after a preview). */
export const ALL_FIXES: FixAllWanted = { finding: () => true, fix: () => true };

/**
 * Applies every wanted fix in rounds: the first wanted fix of each wanted finding, skipping fixes that
 * overlap one already taken, is applied; the text is checked again (`recheck`) and the rest applied,
 * until nothing is left or {@link MAX_FIX_ROUNDS} is reached. Fixes that meet at one point, such as
 * two insertions after the same line, are applied one round apart, so their order is always right.
 * Snippet fixes (values the user must fill in) are never applied.
 */
export function fixAll(
  text: string,
  findings: readonly Finding[],
  recheck: (text: string) => readonly Finding[],
  wanted: FixAllWanted,
): FixAllResult {
  let current = text;
  let found = findings;
  let applied = 0;
  let rounds = 0;
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const fixes: Fix[] = [];
    for (const f of found) {
      if (!wanted.finding(f)) continue;
      const fx = f.fixes.find(wanted.fix);
      if (fx && !fx.snippet && fx.edits.length > 0) fixes.push(fx);
    }
    const chosen = pickNonOverlapping(fixes);
    if (chosen.length === 0) break;
    current = applyEdits(
      current,
      chosen.flatMap((fx) => fx.edits),
    );
    applied += chosen.length;
    rounds++;
    found = recheck(current);
  }
  return { text: current, applied, rounds, findings: found };
}

/** The fixes of `fixes`, in order, leaving out each one that overlaps a fix taken before it. */
export function pickNonOverlapping(fixes: readonly Fix[]): Fix[] {
  const chosen: Fix[] = [];
  for (const fx of fixes) {
    if (chosen.some((c) => editsOverlap(c.edits, fx.edits))) continue;
    chosen.push(fx);
  }
  return chosen;
}

/** The single edit that turns `a` into `b`: the differing middle between their common prefix and suffix. */
export function minimalEdit(a: string, b: string): Edit {
  let p = 0;
  const max = Math.min(a.length, b.length);
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return { start: p, end: a.length - s, newText: b.slice(p, b.length - s) };
}
