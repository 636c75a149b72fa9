import { describe, expect, it } from 'vitest';
import { runSuite, suites } from './kyverno-conformance';

const all = suites();

describe('Kyverno ValidatingPolicy suites', () => {
  it('finds the 84 suites', () => {
    expect(all).toHaveLength(84);
  });

  it.each(all.map((d) => [d.split('/').slice(-2).join('/'), d]))(
    '%s: every verdict given agrees',
    (_name, dir) => {
      const cases = runSuite(dir);
      const given = cases.filter((c) => c.got !== 'not-evaluated' && c.got !== 'missing');
      expect(given.filter((c) => c.got !== c.expected)).toEqual([]);
      for (const c of cases.filter((x) => x.got === 'not-evaluated'))
        expect(c.reason).toMatch(/not evaluated/);
    },
  );

  it('counts: agree, not evaluated (with a reason), no resource', () => {
    const cases = all.flatMap((d) => runSuite(d));
    const count = (g: string): number => cases.filter((c) => c.got === g).length;
    expect({
      total: cases.length,
      agree: cases.filter((c) => c.got === c.expected).length,
      notEvaluated: count('not-evaluated'),
      missing: count('missing'),
    }).toEqual({ total: 505, agree: 415, notEvaluated: 52, missing: 38 });
  });
});
