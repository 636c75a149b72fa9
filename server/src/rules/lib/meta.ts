import { defineRule, type RuleDocs, type Severity } from '../../engine/rule';

/**
 * Meta rules report on suppressions themselves (engine/suppress/apply.ts produces their findings; their
 * own check never runs on an object). Unlike security rules they are reported under every profile,
 * unless turned off per id in the settings, and their findings cannot be suppressed.
 */
export function metaRule<const Id extends string>(m: {
  id: Id;
  title: string;
  severity: Severity;
  docs: RuleDocs;
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
    check() {
      // Reported by engine/suppress/apply.ts while suppressions are applied.
    },
  });
}

export const SUPPRESSION_DOCS = 'https://github.com/kubeward/kubeward/blob/main/docs/suppression.md';
