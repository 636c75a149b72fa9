import type { ConfigException } from '../config';
import { normalizePath, type Globs } from '../glob';
import type { Span } from '../locate';
import type { PlacedDirective } from './collect';
import { isExpired, type SuppressionHow } from './grammar';

/** Whether a config exception covers a finding of `ruleId` on `object` in `file`. */
export function exceptionMatches(
  ex: ConfigException,
  ruleId: string,
  object: { kind: string; name: string; namespace: string | undefined },
  file: string | undefined,
  globs: Globs,
  /** The name of the admission policy behind the finding, if any. */
  policy?: string,
): boolean {
  if (
    !ex.rules.some((r) => r === '*' || r === ruleId || (policy !== undefined && r === `${ruleId}/${policy}`))
  )
    return false;
  if (ex.kinds?.length && !ex.kinds.some((k) => globs.matches(k, object.kind))) return false;
  if (ex.names?.length && !ex.names.some((n) => globs.matches(n, object.name))) return false;
  if (ex.namespaces?.length && !ex.namespaces.some((n) => globs.matches(n, object.namespace ?? '')))
    return false;
  if (ex.paths?.length) {
    if (file === undefined) return false;
    const path = normalizePath(file);
    if (!ex.paths.some((g) => globs.pathMatches(g, path))) return false;
  }
  return true;
}

/** A finding that a suppression hid, with how and why. */
export interface SuppressedFinding<F> {
  finding: F;
  how: SuppressionHow;
  reason: string | undefined;
  until: string | undefined;
  /** Where the suppression is written (undefined for config-file exceptions). */
  at: Span | undefined;
  /** Index into `EngineConfig.exceptions` for `how: 'config'`. */
  exception?: number;
}

/**
 * A directive and what it did once every suppression was applied: what the rules that judge
 * suppressions (the meta rules, `Rule.checkSuppressions`) read.
 */
export interface DirectiveUse extends PlacedDirective {
  /**
   * Ids with a finding in its scope, whichever directive (or none, when they expired) suppressed it,
   * counting findings the profile hides; a strict rule's reported findings go under `blocked`.
   */
  readonly used: ReadonlySet<string>;
  /** Its ids that the config lists as `strict`: never suppressed. */
  readonly strict: readonly string[];
  /** Strict ids with a finding in its scope, which is reported all the same. */
  readonly blocked: ReadonlySet<string>;
  /** Its `until` date has passed: it suppresses nothing. */
  readonly expired: boolean;
  /** Its ids (not strict) that name no rule it could suppress: unknown ids and the meta rules' own. */
  readonly unknown: readonly string[];
  /**
   * Its ids (not strict) of rules that run under the current profile and settings and have no
   * finding in its scope; always empty where the rules did not run in full (`unusedOk` false).
   */
  readonly unused: readonly string[];
}

/** How often each config-file exception matched in this file, and whether it has expired. */
export interface ExceptionUse {
  index: number;
  suppressed: number;
  expired: boolean;
}

export interface SuppressOptions {
  exceptions: readonly ConfigException[];
  strict: readonly string[];
  today: string;
  file: string | undefined;
  /** Matches the exceptions' globs (the caller's, with its cache). */
  globs: Globs;
  /**
   * 'enabled': the rule is in the engine and runs under the current profile and settings;
   * 'disabled': known but does not run (its suppressions are never called unused, so a profile
   * change cannot make them look stale); 'unknown': no such rule.
   */
  ruleState(id: string): 'enabled' | 'disabled' | 'unknown';
}

interface Suppressible {
  ruleId: string;
  start: number;
  object: { kind: string; name: string; namespace: string | undefined };
  /** An `admission-policy` finding's policy: `admission-policy/<name>` suppresses it too. */
  policy?: { name: string };
}

/** The ids that suppress a finding: its rule's, and for a policy's finding `<rule>/<policy name>`. */
export function suppressionIds(f: { ruleId: string; policy?: { name: string } }): string[] {
  return f.policy ? [f.ruleId, `${f.ruleId}/${f.policy.name}`] : [f.ruleId];
}

/** The rule a suppression id names (`admission-policy/<name>` names `admission-policy`). */
export function ruleOfSuppressionId(id: string): string {
  return id.startsWith('admission-policy/') ? 'admission-policy' : id;
}

/**
 * Applies every suppression to the findings of one text: returns the findings still reported, the
 * suppressed ones (with how and why), what each directive did, and the use of each config-file
 * exception. `silenced` are findings the rules produced but the profile hides: they count as uses,
 * so a suppression does not look unused under a narrower profile.
 */
export function applySuppressions<F extends Suppressible>(
  findings: readonly F[],
  silenced: readonly { ruleId: string; start: number }[],
  directives: readonly PlacedDirective[],
  opts: SuppressOptions,
): { kept: F[]; suppressed: SuppressedFinding<F>[]; directives: DirectiveUse[]; exceptions: ExceptionUse[] } {
  const strict = new Set(opts.strict);
  const expired = directives.map((d) => isExpired(d.until, opts.today));
  const exExpired = opts.exceptions.map((e) => isExpired(e.until, opts.today));
  const used = directives.map(() => new Set<string>());
  const blocked = directives.map(() => new Set<string>());
  const exUse = opts.exceptions.map(() => 0);
  const kept: F[] = [];
  const suppressed: SuppressedFinding<F>[] = [];
  /** Directives covering `start` for any of `ids`, with the id each matched by. */
  const coveringAny = (ids: readonly string[], start: number): [number, string][] => {
    const out: [number, string][] = [];
    directives.forEach((d, i) => {
      if (d.misplaced || d.from > start || start >= d.to) return;
      const id = ids.find((x) => d.rules.includes(x));
      if (id !== undefined) out.push([i, id]);
    });
    return out;
  };
  const covering = (ruleId: string, start: number): number[] => coveringAny([ruleId], start).map(([i]) => i);
  for (const f of findings) {
    const matched = coveringAny(suppressionIds(f), f.start);
    const dirs = matched.map(([i]) => i);
    if (strict.has(f.ruleId)) {
      for (const [i, id] of matched) blocked[i]?.add(id);
      kept.push(f);
      continue;
    }
    for (const [i, id] of matched) used[i]?.add(id);
    const active = dirs.find((i) => !expired[i]);
    const d = active === undefined ? undefined : directives[active];
    if (d) {
      suppressed.push({ finding: f, how: d.how, reason: d.reason, until: d.until, at: d.at });
      continue;
    }
    let ex: number | undefined;
    opts.exceptions.forEach((e, i) => {
      if (exExpired[i] || !exceptionMatches(e, f.ruleId, f.object, opts.file, opts.globs, f.policy?.name))
        return;
      exUse[i] = (exUse[i] ?? 0) + 1;
      ex ??= i;
    });
    const e = ex === undefined ? undefined : opts.exceptions[ex];
    if (e && ex !== undefined) {
      suppressed.push({
        finding: f,
        how: 'config',
        reason: e.reason,
        until: e.until,
        at: undefined,
        exception: ex,
      });
      continue;
    }
    kept.push(f);
  }
  for (const s of silenced) for (const i of covering(s.ruleId, s.start)) used[i]?.add(s.ruleId);

  const uses = directives.map((d, i): DirectiveUse => {
    const u = used[i] ?? new Set<string>();
    return {
      ...d,
      used: u,
      strict: d.rules.filter((r) => strict.has(r)),
      blocked: blocked[i] ?? new Set<string>(),
      expired: expired[i] ?? false,
      unknown: d.rules.filter((r) => !strict.has(r) && opts.ruleState(r) === 'unknown'),
      unused: d.rules.filter(
        (r) => !strict.has(r) && !u.has(r) && d.unusedOk && opts.ruleState(r) === 'enabled',
      ),
    };
  });
  const exceptions = opts.exceptions.map((_e, index) => ({
    index,
    suppressed: exUse[index] ?? 0,
    expired: exExpired[index] ?? false,
  }));
  return { kept, suppressed, directives: uses, exceptions };
}
