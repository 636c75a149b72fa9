import type { ConfigException } from '../config';
import type { Edit } from '../fix';
import { normalizePath, type Globs } from '../glob';
import type { Span } from '../locate';
import type { Directive, PlacedDirective } from './collect';
import { isExpired, type SuppressionHow } from './grammar';

/** Whether a config exception covers a finding of `ruleId` on `object` in `file`. */
export function exceptionMatches(
  ex: ConfigException,
  ruleId: string,
  object: { kind: string; name: string; namespace: string | undefined },
  file: string | undefined,
  globs: Globs,
): boolean {
  if (!ex.rules.some((r) => r === '*' || r === ruleId)) return false;
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

/** Ids of the meta rules that report on suppressions themselves. */
export type MetaRuleId =
  'unused-suppression' | 'suppression-without-reason' | 'suppression-expired' | 'suppression-not-allowed';

export const META_RULE_IDS: readonly MetaRuleId[] = [
  'unused-suppression',
  'suppression-without-reason',
  'suppression-expired',
  'suppression-not-allowed',
];

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

/** A finding of a meta rule, before the engine turns it into a Finding. */
export interface MetaReport {
  ruleId: MetaRuleId;
  start: number;
  end: number;
  messageId: string;
  data: Readonly<Record<string, unknown>>;
  message: string;
  fixes: { title: string; safety: 'unsafe'; edits: Edit[]; snippet?: boolean }[];
  object: Directive['object'];
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
  requireSuppressionReason: boolean;
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
}

function list(ids: readonly string[]): string {
  return ids.map((i) => `\`${i}\``).join(', ');
}

/**
 * Applies every suppression to the findings of one text: returns the findings still reported, the
 * suppressed ones (with how and why), the meta reports on the suppressions themselves and the use of
 * each config-file exception. `silenced` are findings the rules produced but the profile hides: they
 * count as uses, so a suppression does not look unused under a narrower profile.
 */
export function applySuppressions<F extends Suppressible>(
  findings: readonly F[],
  silenced: readonly { ruleId: string; start: number }[],
  directives: readonly PlacedDirective[],
  opts: SuppressOptions,
): { kept: F[]; suppressed: SuppressedFinding<F>[]; meta: MetaReport[]; exceptions: ExceptionUse[] } {
  const strict = new Set(opts.strict);
  const expired = directives.map((d) => isExpired(d.until, opts.today));
  const exExpired = opts.exceptions.map((e) => isExpired(e.until, opts.today));
  const used = directives.map(() => new Set<string>());
  const blocked = directives.map(() => new Set<string>());
  const exUse = opts.exceptions.map(() => 0);
  const kept: F[] = [];
  const suppressed: SuppressedFinding<F>[] = [];
  const covering = (ruleId: string, start: number): number[] => {
    const out: number[] = [];
    directives.forEach((d, i) => {
      if (!d.misplaced && d.from <= start && start < d.to && d.rules.includes(ruleId)) out.push(i);
    });
    return out;
  };
  for (const f of findings) {
    const dirs = covering(f.ruleId, f.start);
    if (strict.has(f.ruleId)) {
      for (const i of dirs) blocked[i]?.add(f.ruleId);
      kept.push(f);
      continue;
    }
    for (const i of dirs) used[i]?.add(f.ruleId);
    const active = dirs.find((i) => !expired[i]);
    const d = active === undefined ? undefined : directives[active];
    if (d) {
      suppressed.push({ finding: f, how: d.how, reason: d.reason, until: d.until, at: d.at });
      continue;
    }
    let ex: number | undefined;
    opts.exceptions.forEach((e, i) => {
      if (exExpired[i] || !exceptionMatches(e, f.ruleId, f.object, opts.file, opts.globs)) return;
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

  const meta: MetaReport[] = [];
  directives.forEach((d, i) => {
    const where = d.how === 'annotation' ? 'annotation' : 'comment';
    const removal = d.removal
      ? [{ title: `Remove this suppression ${where}`, safety: 'unsafe' as const, edits: [d.removal] }]
      : [];
    const base = { object: d.object };
    if (d.misplaced) {
      meta.push({
        ...base,
        ruleId: 'unused-suppression',
        ...d.at,
        messageId: '',
        data: {},
        message: `Suppression has no effect: ${d.misplaced}.`,
        fixes: removal,
      });
      return;
    }
    if (d.rules.length === 0) {
      meta.push({
        ...base,
        ruleId: 'unused-suppression',
        ...d.at,
        messageId: '',
        data: {},
        message: 'Suppression names no rule; list the rule ids it is meant for.',
        fixes: removal,
      });
      return;
    }
    if (expired[i]) {
      meta.push({
        ...base,
        ruleId: 'suppression-expired',
        ...d.at,
        messageId: '',
        data: {},
        message: `Suppression of ${list(d.rules)} expired after ${d.until ?? ''}; it no longer suppresses anything.`,
        fixes: removal,
      });
      return;
    }
    const dropIds = (ids: readonly string[], title: string): MetaReport['fixes'] => {
      const left = d.rules.filter((r) => !ids.includes(r));
      if (left.length === 0) return removal.map((r) => ({ ...r, title }));
      if (!d.idList) return [];
      return [{ title, safety: 'unsafe', edits: [{ ...d.idList, newText: left.join(', ') }] }];
    };
    const spanOf = (ids: readonly string[]): Span => {
      if (ids.length !== 1 || d.rules.length === 1) return d.at;
      return d.ruleSpans[d.rules.indexOf(ids[0] ?? '')] ?? d.at;
    };
    const strictIds = d.rules.filter((r) => strict.has(r));
    if (strictIds.length > 0) {
      meta.push({
        ...base,
        ruleId: 'suppression-not-allowed',
        ...spanOf(strictIds),
        messageId: '',
        data: {},
        message: `${list(strictIds)} ${strictIds.length === 1 ? 'is a strict rule' : 'are strict rules'} (config \`strict\`) and cannot be suppressed; ${blocked[i]?.size ? 'the finding is still reported' : 'this suppression has no effect'}.`,
        fixes: dropIds(strictIds, `Remove ${strictIds.join(', ')} from this suppression`),
      });
    }
    if (d.reason === undefined && opts.requireSuppressionReason) {
      meta.push({
        ...base,
        ruleId: 'suppression-without-reason',
        ...d.at,
        messageId: '',
        data: {},
        message:
          d.how === 'annotation'
            ? `Suppression of ${list(d.rules)} gives no reason; write why in the annotation's value.`
            : `Suppression of ${list(d.rules)} gives no reason; add \`-- <reason>\`.`,
        fixes: d.addReason
          ? [{ title: 'Add a reason', safety: 'unsafe', edits: [d.addReason], snippet: true }]
          : [],
      });
    }
    const unknown = d.rules.filter((r) => !strict.has(r) && opts.ruleState(r) === 'unknown');
    const unused = d.rules.filter(
      (r) => !strict.has(r) && !used[i]?.has(r) && d.unusedOk && opts.ruleState(r) === 'enabled',
    );
    const stale = [...unknown, ...unused];
    if (stale.length > 0) {
      const parts: string[] = [];
      if (unknown.length)
        parts.push(
          `${list(unknown)} ${unknown.length === 1 ? 'is not a Kubeward rule' : 'are not Kubeward rules'}`,
        );
      if (unused.length)
        parts.push(
          `${list(unused)} ${unused.length === 1 ? 'reports' : 'report'} nothing ${d.how === 'comment-line' ? 'on the next line' : d.how === 'comment-container' ? 'in this container' : d.how === 'comment-document' ? 'in this document' : 'on this object'}`,
        );
      meta.push({
        ...base,
        ruleId: 'unused-suppression',
        ...spanOf(stale),
        messageId: '',
        data: {},
        message: `Unused suppression: ${parts.join('; ')}.`,
        fixes: dropIds(
          stale,
          stale.length === d.rules.length
            ? `Remove this unused suppression ${where}`
            : `Remove ${stale.join(', ')} from this suppression`,
        ),
      });
    }
  });
  const exceptions = opts.exceptions.map((_e, index) => ({
    index,
    suppressed: exUse[index] ?? 0,
    expired: exExpired[index] ?? false,
  }));
  return { kept, suppressed, meta, exceptions };
}
