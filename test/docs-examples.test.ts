import { describe, expect, it } from 'vitest';
import { rules } from '../server/src/rules/index';
import { runRule } from './rule-tester';
import { generated } from '../scripts/gen';

describe('rule docs examples are executable', () => {
  it.each(rules.map((r) => [r.id, r] as const))('%s: example fires, "use instead" does not', (_id, r) => {
    // Suppression meta rules judge the other rules' findings, so they run with the whole registry.
    const env =
      r.checkSuppressions !== undefined
        ? {
            with: rules,
            config: r.id === 'suppression-not-allowed' ? { strict: ['privileged-container'] } : {},
          }
        : {};
    const bad = runRule(r, r.docs.example, undefined, undefined, env);
    expect(bad.internalErrors).toEqual([]);
    expect(
      bad.findings.filter((f) => f.ruleId === r.id).length,
      'example must fire the rule',
    ).toBeGreaterThan(0);
    const good = runRule(r, r.docs.useInstead, undefined, undefined, env);
    expect(good.findings.filter((f) => f.ruleId === r.id).map((f) => f.message)).toEqual([]);
  });
});

describe('generated docs', () => {
  it('produce one page per rule plus the index', () => {
    const files = generated();
    for (const r of rules) expect(files.get(`docs/rules/${r.id}.md`)).toContain(`# ${r.title}`);
    expect(files.has('docs/rules/README.md')).toBe(true);
  });
});
