import type { Span } from '../../engine/locate';
import {
  defineRule,
  type MessageTable,
  type RuleDocs,
  type Severity,
  type SuppressionContext,
} from '../../engine/rule';
import type { DirectiveUse } from '../../engine/suppress/apply';

/** Ids of the meta rules that report on suppressions themselves. */
export type MetaRuleId =
  'unused-suppression' | 'suppression-without-reason' | 'suppression-expired' | 'suppression-not-allowed';

export const META_RULE_IDS: readonly MetaRuleId[] = [
  'unused-suppression',
  'suppression-without-reason',
  'suppression-expired',
  'suppression-not-allowed',
];

/**
 * Meta rules report on suppressions themselves: the engine applies every suppression, then calls
 * their `checkSuppressions` with each directive and what it did (their `check` never runs on an
 * object). Unlike security rules they are reported under every profile, unless turned off per id in
 * the settings, and their findings cannot be suppressed.
 */
export function metaRule<const Id extends MetaRuleId, const M extends MessageTable>(m: {
  id: Id;
  title: string;
  severity: Severity;
  docs: RuleDocs;
  messages: M;
  checkSuppressions(ctx: SuppressionContext<M>): void;
}) {
  return defineRule({
    id: m.id,
    title: m.title,
    severity: m.severity,
    kinds: [],
    recommended: true,
    catalog: [],
    // A suppression is how a linter is switched off: stale or unexplained ones impair the defence.
    attack: ['T1562.001'],
    fix: 'sometimes',
    docs: m.docs,
    messages: m.messages,
    check() {
      // Objects are not what a meta rule judges; see checkSuppressions.
    },
    checkSuppressions(ctx) {
      m.checkSuppressions(ctx);
    },
  });
}

/**
 * The directive can take effect: it is written where it applies, names a rule and has not expired.
 * Otherwise exactly one thing is reported about it (unused-suppression or suppression-expired).
 */
export function inEffect(d: DirectiveUse): boolean {
  return d.misplaced === undefined && d.rules.length > 0 && !d.expired;
}

/** `` `a`, `b` `` */
export function idList(ids: readonly string[]): string {
  return ids.map((i) => `\`${i}\``).join(', ');
}

/** The one id's span when a finding is about one of several ids, else the whole directive. */
export function spanOfIds(d: DirectiveUse, ids: readonly string[]): Span {
  if (ids.length !== 1 || d.rules.length === 1) return d.at;
  return d.ruleSpans[d.rules.indexOf(ids[0] ?? '')] ?? d.at;
}

/** What the fix titles call the directive. */
export function directiveNoun(d: DirectiveUse): 'annotation' | 'comment' {
  return d.how === 'annotation' ? 'annotation' : 'comment';
}

export const SUPPRESSION_DOCS = 'https://github.com/kubeward/kubeward/blob/main/docs/suppression.md';
