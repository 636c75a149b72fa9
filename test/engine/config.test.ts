// server/src/engine/config.ts: the engine's view of the settings: which rules a profile reports
// (isReported per finding, mayReport per rule), per-rule severity overrides, the Kubernetes version
// read from `1.N`, and the key that changes whenever the findings may change.
import { describe, expect, it } from 'vitest';
import {
  configKey,
  engineConfig,
  isReported,
  mayReport,
  parseVersion,
  profilePssRank,
  severityFor,
  type EngineConfig,
} from '../../server/src/engine/config';
import { defineRule, type PssRef, type Rule } from '../../server/src/engine/rule';
import { NEWEST_KUBERNETES, type Profile, type RuleSetting } from '../../server/src/protocol';

/** A rule that reports nothing; only its id, PSS reference and `recommended` flag matter here. */
function ruleOf(id: string, opts: { recommended?: boolean; pss?: PssRef } = {}): Rule {
  return defineRule({
    id,
    title: id,
    severity: 'warning',
    kinds: ['Pod'],
    ...(opts.pss ? { pss: opts.pss } : {}),
    recommended: opts.recommended ?? false,
    catalog: [],
    attack: [],
    docs: { whatItDoes: '.', whyBad: '.', example: '', useInstead: '', remediation: '.', references: [] },
    fix: 'never',
    messages: {},
    check: () => undefined,
  });
}

const baselineRule = ruleOf('b', { pss: { level: 'baseline', check: 'privileged' } });
const restrictedRule = ruleOf('r', { pss: { level: 'restricted', check: 'runAsNonRoot' } });
const hardening = ruleOf('h', { recommended: true });
const extra = ruleOf('x');

const config = (profile: Profile, rules: Record<string, RuleSetting> = {}): EngineConfig => ({
  ...engineConfig({ profile }),
  rules,
});
const BASELINE = { level: 'baseline' } as const;
const RESTRICTED = { level: 'restricted' } as const;

describe('parseVersion', () => {
  it('reads the minor version of 1.N, with an optional v and patch', () => {
    expect(parseVersion('1.37')).toBe(37);
    expect(parseVersion('1.30')).toBe(30);
    expect(parseVersion('v1.29.3')).toBe(29);
    expect(parseVersion(' 1.31 ')).toBe(31);
    expect(parseVersion('1.0')).toBe(0);
  });

  it('falls back to the newest version on anything else', () => {
    const newest = parseVersion(NEWEST_KUBERNETES);
    for (const v of [undefined, '', 'latest', '1.x', '2.1', '1', '1.30-beta', 'v1'])
      expect(parseVersion(v), String(v)).toBe(newest);
  });
});

describe('engineConfig / configKey', () => {
  it('fills the defaults a user has', () => {
    expect(engineConfig({})).toEqual({
      profile: 'recommended',
      version: parseVersion(NEWEST_KUBERNETES),
      rules: {},
      reportSyntaxErrors: true,
      ruleOptions: {},
      exceptions: [],
      strict: [],
      requireSuppressionReason: true,
    });
    expect(
      engineConfig({
        profile: 'baseline',
        kubernetesVersion: '1.28',
        rules: { x: 'off' },
        reportSyntaxErrors: false,
        requireSuppressionReason: false,
      }),
    ).toMatchObject({
      profile: 'baseline',
      version: 28,
      rules: { x: 'off' },
      reportSyntaxErrors: false,
      requireSuppressionReason: false,
    });
  });

  it('configKey changes with every setting that changes findings, and only with those', () => {
    const base = engineConfig({});
    const key = configKey(base);
    expect(configKey(engineConfig({}))).toBe(key);
    expect(configKey({ ...base, partial: false })).toBe(key);
    const changed: EngineConfig[] = [
      { ...base, profile: 'all' },
      { ...base, version: 30 },
      { ...base, rules: { x: 'off' } },
      { ...base, reportSyntaxErrors: false },
      { ...base, ruleOptions: { x: { a: 1 } } },
      { ...base, exceptions: [{ rules: ['*'] }] },
      { ...base, strict: ['x'] },
      { ...base, requireSuppressionReason: false },
      { ...base, today: '2026-01-01' },
      { ...base, partial: true },
    ];
    const keys = changed.map(configKey);
    expect(new Set([key, ...keys]).size).toBe(changed.length + 1);
  });
});

describe('profiles', () => {
  it('profilePssRank: baseline includes baseline only, every other profile restricted too', () => {
    expect((['baseline', 'restricted', 'recommended', 'all'] as const).map(profilePssRank)).toEqual([
      1, 2, 2, 2,
    ]);
  });

  it('isReported: baseline and restricted are exactly their Pod Security Standards level', () => {
    expect(isReported(baselineRule, BASELINE, config('baseline'))).toBe(true);
    expect(isReported(restrictedRule, RESTRICTED, config('baseline'))).toBe(false);
    expect(isReported(hardening, null, config('baseline'))).toBe(false);
    expect(isReported(restrictedRule, RESTRICTED, config('restricted'))).toBe(true);
    expect(isReported(baselineRule, BASELINE, config('restricted'))).toBe(true);
    expect(isReported(hardening, undefined, config('restricted'))).toBe(false);
  });

  it("isReported: the finding's level decides, not the rule's", () => {
    // A restricted rule may report a finding of the baseline level (and the reverse).
    expect(isReported(restrictedRule, BASELINE, config('baseline'))).toBe(true);
    expect(isReported(baselineRule, RESTRICTED, config('baseline'))).toBe(false);
  });

  it('isReported: recommended adds the recommended hardening rules; all reports everything', () => {
    expect(isReported(restrictedRule, RESTRICTED, config('recommended'))).toBe(true);
    expect(isReported(hardening, null, config('recommended'))).toBe(true);
    expect(isReported(extra, null, config('recommended'))).toBe(false);
    expect(isReported(extra, null, config('all'))).toBe(true);
  });

  it('isReported: a per-rule setting wins over the profile', () => {
    expect(isReported(extra, null, config('baseline', { x: 'on' }))).toBe(true);
    expect(isReported(extra, null, config('baseline', { x: 'info' }))).toBe(true);
    expect(isReported(baselineRule, BASELINE, config('all', { b: 'off' }))).toBe(false);
  });

  it('mayReport: whether a rule can report anything, to skip its check', () => {
    expect(mayReport(extra, config('recommended'))).toBe(false);
    expect(mayReport(extra, config('all'))).toBe(true);
    expect(mayReport(extra, config('baseline', { x: 'warning' }))).toBe(true);
    expect(mayReport(hardening, config('recommended'))).toBe(true);
    expect(mayReport(hardening, config('restricted'))).toBe(false);
    // A PSS rule may report findings of either level, so it runs under any profile.
    expect(mayReport(restrictedRule, config('baseline'))).toBe(true);
    expect(mayReport(restrictedRule, config('all', { r: 'off' }))).toBe(false);
  });

  it('severityFor: a severity setting overrides what the rule reported; `on` keeps it', () => {
    expect(severityFor(extra, 'warning', config('all', { x: 'error' }))).toBe('error');
    expect(severityFor(extra, 'warning', config('all', { x: 'hint' }))).toBe('hint');
    expect(severityFor(extra, 'info', config('all', { x: 'on' }))).toBe('info');
    expect(severityFor(extra, 'error', config('all'))).toBe('error');
  });
});
