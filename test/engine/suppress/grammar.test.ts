// The directive grammar (server/src/engine/suppress/grammar.ts): what a user writes, read without a
// document around it.
import { describe, expect, it } from 'vitest';
import {
  annotationKey,
  annotationRuleId,
  annotationValue,
  isExpired,
  malformedIds,
  parseDirectiveLine,
  splitUntil,
} from '../../../server/src/engine/suppress/grammar';

describe('directive comments', () => {
  it('parses ids, reason and expiry', () => {
    const p = parseDirectiveLine(
      '  # kubeward-disable-next-line host-network, host-pid -- CNI agent until 2027-03-01',
    );
    expect(p?.kind).toBe('disable-next-line');
    expect(p?.rules.map((r) => r.id)).toEqual(['host-network', 'host-pid']);
    expect(p?.reason).toBe('CNI agent');
    expect(p?.until).toBe('2027-03-01');
    expect(p?.hash).toBe(2);
  });
  it('accepts blank-separated ids, no reason, expiry without reason', () => {
    const p = parseDirectiveLine('#kubeward-disable a b until 2027-01-31');
    expect(p?.kind).toBe('disable');
    expect(p?.rules.map((r) => r.id)).toEqual(['a', 'b']);
    expect(p?.reason).toBeUndefined();
    expect(p?.until).toBe('2027-01-31');
  });
  it('keeps an invalid date in the reason and an empty `--` as no reason', () => {
    expect(parseDirectiveLine('# kubeward-disable x -- wait until 2027-02-30')?.until).toBeUndefined();
    expect(parseDirectiveLine('# kubeward-disable x -- wait until 2027-02-30')?.reason).toBe(
      'wait until 2027-02-30',
    );
    expect(parseDirectiveLine('# kubeward-disable x --')?.reason).toBeUndefined();
  });
  it('is not fooled by look-alikes', () => {
    expect(parseDirectiveLine('# kubeward-disabled x')).toBeUndefined();
    expect(parseDirectiveLine('a: 1 # kubeward-disable-next-line x')).toBeUndefined();
    expect(parseDirectiveLine('# kubeward-disable-next-line')?.rules).toEqual([]);
  });
  it('knows where the id list ends and where a reason goes', () => {
    const line = '# kubeward-disable-next-line a, b -- r';
    const p = parseDirectiveLine(line);
    expect(line.slice(p?.idList.start, p?.idList.end)).toBe('a, b');
    expect(p?.reasonAt).toEqual({ at: line.indexOf('--') + 2, hasDashes: true });
    const bare = '# kubeward-disable-next-line a';
    expect(parseDirectiveLine(bare)?.reasonAt).toEqual({ at: bare.length, hasDashes: false });
  });
});

describe('annotations', () => {
  it('name the rule after the prefix', () => {
    expect(annotationRuleId('kubeward.dev/ignore.host-network')).toBe('host-network');
    expect(annotationRuleId('kubeward.dev/other')).toBeUndefined();
  });
  it('name one admission policy as `admission-policy.<name>` (a key has one `/`), read as `admission-policy/<name>`', () => {
    expect(annotationRuleId('kubeward.dev/ignore.admission-policy.no-host-network')).toBe(
      'admission-policy/no-host-network',
    );
    expect(annotationRuleId('kubeward.dev/ignore.admission-policy.demo.example.com')).toBe(
      'admission-policy/demo.example.com',
    );
    expect(annotationRuleId('kubeward.dev/ignore.admission-policy')).toBe('admission-policy');
    expect(annotationKey('admission-policy/no-host-network')).toBe(
      'kubeward.dev/ignore.admission-policy.no-host-network',
    );
    expect(annotationKey('host-network')).toBe('kubeward.dev/ignore.host-network');
    // Kubernetes refuses a key whose name part (after the `/`) is longer than 63 characters.
    const longest = `admission-policy/${'p'.repeat(63 - 'ignore.admission-policy.'.length)}`;
    expect(annotationKey(longest)?.split('/')[1]).toHaveLength(63);
    expect(annotationKey(`${longest}q`)).toBeUndefined();
  });
  it('read the value as a reason and an expiry; empty, `true` or `yes` give no reason', () => {
    expect(annotationValue('CNI agent until 2027-03-01')).toEqual({
      reason: 'CNI agent',
      until: '2027-03-01',
    });
    for (const v of ['', 'true', 'YES', ' until 2027-03-01'])
      expect(annotationValue(v).reason).toBeUndefined();
  });
  it('split the value like the comment tail', () => {
    expect(splitUntil('legacy  until 2027-03-01 ')).toEqual({ rest: 'legacy', until: '2027-03-01' });
    expect(splitUntil('until 2027-03-01')).toEqual({ rest: '', until: '2027-03-01' });
  });
});

describe('expiry and rule ids', () => {
  it('a suppression holds through its `until` day', () => {
    expect(isExpired('2026-06-01', '2026-06-01')).toBe(false);
    expect(isExpired('2026-06-01', '2026-06-02')).toBe(true);
    expect(isExpired(undefined, '2999-01-01')).toBe(false);
  });
  it('rule ids are letters, digits, `.`, `_` and `-`, not starting with punctuation', () => {
    expect(malformedIds(['host-network', 'a.b_c', '-x', 'x/y'])).toEqual(['-x', 'x/y']);
    // One admission policy's findings: `admission-policy/<policy name>`.
    expect(
      malformedIds(['admission-policy/no-host-network', 'admission-policy/', 'admission-policy/a/b']),
    ).toEqual(['admission-policy/', 'admission-policy/a/b']);
  });
});
