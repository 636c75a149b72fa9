import { describe, expect, it } from 'vitest';
import { rules } from '../server/src/rules/index';
import { runRule } from './rule-tester';
import { generated } from '../scripts/gen';

describe('rule docs examples are executable', () => {
  it.each(rules.map((r) => [r.id, r] as const))('%s: example fires, "use instead" does not', (_id, r) => {
    const bad = runRule(r, r.docs.example);
    expect(bad.internalErrors).toEqual([]);
    expect(
      bad.findings.filter((f) => f.ruleId === r.id).length,
      'example must fire the rule',
    ).toBeGreaterThan(0);
    const good = runRule(r, r.docs.useInstead);
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
