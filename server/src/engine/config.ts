import { NEWEST_KUBERNETES, type Profile, type RuleSetting } from '../protocol';
import type { Rule, Severity } from './rule';

/** The effective view of the settings the engine needs. */
/** A suppression from the project config file, for manifests that cannot be annotated (third-party charts). */
export interface ConfigException {
  /** Rule ids this exception covers (`*` for all). */
  rules: readonly string[];
  /** Glob patterns of file paths (relative to the config file's folder). */
  paths?: readonly string[];
  namespaces?: readonly string[];
  kinds?: readonly string[];
  names?: readonly string[];
  reason?: string;
  /** ISO date (YYYY-MM-DD) after which the exception stops suppressing. */
  until?: string;
}

export interface EngineConfig {
  profile: Profile;
  /** Kubernetes minor version, e.g. 37. */
  version: number;
  rules: Readonly<Record<string, RuleSetting>>;
  reportSyntaxErrors: boolean;
  ruleOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Config-file exceptions (see suppress/grammar.ts; applied by suppress/apply.ts). */
  exceptions: readonly ConfigException[];
  /** Rule ids that may never be suppressed. */
  strict: readonly string[];
  /** A suppression without a reason is itself reported. */
  requireSuppressionReason: boolean;
  /** Today's date (YYYY-MM-DD) for expiry checks; fixed in tests. */
  today?: string;
  /**
   * The text is a partial object (a Kustomize patch): findings about missing fields are dropped,
   * findings about values present stay. Pod templates without `containers` are partial anyway (partial.ts).
   */
  partial?: boolean;
}

/** `1.37` → 37. Anything unreadable falls back to the newest version. */
export function parseVersion(v: string | undefined): number {
  const m = /^v?1\.(\d+)(?:\.\d+)?$/.exec((v ?? '').trim());
  const fallback = Number(NEWEST_KUBERNETES.split('.')[1]);
  if (!m) return fallback;
  const minor = Number(m[1]);
  return Number.isFinite(minor) ? minor : fallback;
}

/**
 * What the engine's config is made from: the editor's settings, CLI flags or a project file, each
 * field optional. (The editor's `Settings` fits it; the engine does not depend on that type.)
 */
export interface ConfigInput {
  profile?: Profile;
  /** `1.N`. */
  kubernetesVersion?: string;
  rules?: Readonly<Record<string, RuleSetting>>;
  reportSyntaxErrors?: boolean;
  requireSuppressionReason?: boolean;
}

export function engineConfig(s: ConfigInput): EngineConfig {
  return {
    profile: s.profile ?? 'recommended',
    version: parseVersion(s.kubernetesVersion),
    rules: s.rules ?? {},
    reportSyntaxErrors: s.reportSyntaxErrors ?? true,
    ruleOptions: {},
    exceptions: [],
    strict: [],
    requireSuppressionReason: s.requireSuppressionReason ?? true,
  };
}

/** A string that changes whenever anything that changes the findings changes. */
export function configKey(c: EngineConfig): string {
  return JSON.stringify([
    c.profile,
    c.version,
    c.rules,
    c.reportSyntaxErrors,
    c.ruleOptions,
    c.exceptions,
    c.strict,
    c.requireSuppressionReason,
    c.today,
    c.partial === true,
  ]);
}

/** Pod Security levels in order: a namespace enforcing one rejects what the levels below it allow. */
export const PSS_RANK: Readonly<Record<string, number>> = { privileged: 0, baseline: 1, restricted: 2 };

/** Highest PSS level a profile includes (0: none). */
export function profilePssRank(p: Profile): number {
  return p === 'baseline' ? 1 : 2;
}

/**
 * Whether a finding of `rule` (with this finding's PSS reference) is reported under the config.
 * baseline/restricted: exactly the Pod Security Standards level; recommended: restricted plus the
 * hardening rules a careful team accepts without tuning; all: everything. A per-rule `on` or a
 * severity turns a rule on in any profile; `off` turns it off.
 */
export function isReported(
  rule: Rule,
  pss: { level: 'baseline' | 'restricted' } | undefined | null,
  c: EngineConfig,
): boolean {
  const s = c.rules[rule.id];
  if (s === 'off') return false;
  if (s !== undefined) return true;
  if (c.profile === 'all') return true;
  if (pss) return (PSS_RANK[pss.level] ?? 0) <= profilePssRank(c.profile);
  return c.profile === 'recommended' && rule.recommended;
}

/** Whether a rule can report anything under the config (to skip its check entirely). */
export function mayReport(rule: Rule, c: EngineConfig): boolean {
  const s = c.rules[rule.id];
  if (s === 'off') return false;
  if (s !== undefined || c.profile === 'all') return true;
  if (c.profile === 'recommended' && rule.recommended) return true;
  // A PSS rule may report findings of either level; a non-PSS rule only outside PSS profiles.
  return rule.pss !== undefined;
}

export function severityFor(rule: Rule, reported: Severity, c: EngineConfig): Severity {
  const s = c.rules[rule.id];
  if (s === 'error' || s === 'warning' || s === 'info' || s === 'hint') return s;
  return reported;
}
