import type { Span } from '../locate';

/**
 * Suppression: one model for the editor and the CLI (issue 5). The grammar, exactly:
 *
 * ```
 * # kubeward-disable-next-line <rule-id>[, <rule-id>…] [-- <reason>] [until YYYY-MM-DD]
 * # kubeward-disable <rule-id>[, <rule-id>…] [-- <reason>] [until YYYY-MM-DD]
 * metadata.annotations["kubeward.dev/ignore.<rule-id>"]: "<reason> [until YYYY-MM-DD]"
 * ```
 *
 * One admission policy's findings are suppressed by `admission-policy/<policy name>`; in an annotation
 * key, which allows one `/`, by `kubeward.dev/ignore.admission-policy.<policy name>`.
 *
 * - Comments are whole-line comments (only blanks before the `#`). Rule ids are separated by commas
 *   and/or blanks. The reason is everything after ` -- `; a trailing `until YYYY-MM-DD` (the last
 *   day the suppression holds, inclusive) is the expiry and not part of the reason.
 * - `kubeward-disable-next-line` covers findings that start on the next line that is not itself a
 *   comment (so directives stack). When that line starts an item of a block list (a container's
 *   `- name: app`, a volume, an RBAC rule), it covers the whole item.
 * - `kubeward-disable` covers the whole document when it comes before the document's first key (a
 *   comment-only stretch before a `---` counts for the document after it); anywhere else it has no
 *   effect and is reported.
 * - The annotation, on the object's `metadata.annotations` or on its pod template's, covers the
 *   whole object. An empty value (or `true`/`yes`) gives no reason.
 * - Config-file exceptions (`ConfigException`, engine/config.ts) match by rule (`*` for every rule),
 *   path glob against the file given to `Engine.check`, namespace, kind and name (globs too).
 */
export type SuppressionHow =
  'comment-line' | 'comment-document' | 'comment-container' | 'annotation' | 'config';

export const ANNOTATION_PREFIX = 'kubeward.dev/ignore.';
const DIRECTIVE = /^([ \t]*)#[ \t]*kubeward-(disable-next-line|disable)(?=[ \t]|$)(.*?)[ \t]*$/;
const UNTIL = /(?:^|[ \t])until[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*$/;
// `admission-policy/<policy name>` suppresses one admission policy's findings.
const RULE_ID = /^(admission-policy\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NO_REASON: ReadonlySet<string> = new Set(['', 'true', 'yes']);

/** ISO date of today in UTC. */
export function isoToday(): string {
  return new Date().toISOString().slice(0, 10);
}

/** True when a suppression that holds until `until` (inclusive) has expired on `today`. */
export function isExpired(until: string | undefined, today: string): boolean {
  return until !== undefined && today > until;
}

/** Splits `<reason> until YYYY-MM-DD` into its parts (for annotation values and the comment tail). */
export function splitUntil(s: string): { rest: string; until: string | undefined } {
  const m = UNTIL.exec(s.trimEnd());
  if (!m?.[1] || !validDate(m[1])) return { rest: s.trim(), until: undefined };
  return { rest: s.slice(0, m.index).trim(), until: m[1] };
}

function validDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
}

/** A parsed directive comment line; offsets relative to the line start. */
export interface DirectiveLine {
  kind: 'disable-next-line' | 'disable';
  /** Offset of the `#`. */
  hash: number;
  rules: { id: string; start: number; end: number }[];
  idList: Span;
  reason: string | undefined;
  until: string | undefined;
  /** Where a reason is added: after an existing empty `--`, else ` -- <reason>` after the ids. */
  reasonAt: { at: number; hasDashes: boolean };
  /** End of the comment text (trailing blanks excluded). */
  end: number;
}

/** Parses one comment line, or undefined when it is not a directive. */
export function parseDirectiveLine(line: string): DirectiveLine | undefined {
  const m = DIRECTIVE.exec(line);
  if (!m) return undefined;
  const hash = (m[1] ?? '').length;
  const kind = m[2] === 'disable' ? 'disable' : 'disable-next-line';
  const bodyStart = line.indexOf('kubeward-', hash) + 'kubeward-'.length + (m[2] ?? '').length;
  const end = line.trimEnd().length;
  let body = line.slice(bodyStart, end);
  let until: string | undefined;
  const u = UNTIL.exec(body);
  if (u?.[1] && validDate(u[1])) {
    until = u[1];
    body = body.slice(0, u.index);
  }
  const dash = /(^|[ \t])--(?=[ \t]|$)/.exec(body);
  const listEnd = dash ? dash.index : body.length;
  const rules: { id: string; start: number; end: number }[] = [];
  const re = /[^\s,]+/g;
  const list = body.slice(0, listEnd);
  for (let r = re.exec(list); r; r = re.exec(list)) {
    rules.push({ id: r[0], start: bodyStart + r.index, end: bodyStart + r.index + r[0].length });
  }
  const first = rules[0];
  const last = rules[rules.length - 1];
  const idList: Span =
    first && last ? { start: first.start, end: last.end } : { start: bodyStart, end: bodyStart };
  const reasonText = dash ? body.slice(dash.index + dash[0].length).trim() : '';
  return {
    kind,
    hash,
    rules,
    idList,
    reason: reasonText === '' ? undefined : reasonText,
    until,
    reasonAt: dash
      ? { at: bodyStart + dash.index + dash[0].length, hasDashes: true }
      : { at: idList.end, hasDashes: false },
    end,
  };
}

/** Rule ids that are not well-formed ids. */
export function malformedIds(ids: readonly string[]): string[] {
  return ids.filter((r) => !RULE_ID.test(r));
}

/**
 * An annotation key has one `/` (Kubernetes refuses `kubeward.dev/ignore.admission-policy/<name>`), so
 * one admission policy is named `kubeward.dev/ignore.admission-policy.<policy name>` there.
 */
const POLICY_IN_ANNOTATION = 'admission-policy.';
const POLICY_ID = 'admission-policy/';
/** Kubernetes' limit on the name part of an annotation key (after the `/`). */
const ANNOTATION_NAME_MAX = 63;

/**
 * The suppression id an annotation key names, or undefined when the key is not a suppression:
 * `kubeward.dev/ignore.<rule-id>`, and `kubeward.dev/ignore.admission-policy.<policy name>` for
 * `admission-policy/<policy name>`.
 */
export function annotationRuleId(key: string): string | undefined {
  if (!key.startsWith(ANNOTATION_PREFIX)) return undefined;
  const id = key.slice(ANNOTATION_PREFIX.length);
  return id.startsWith(POLICY_IN_ANNOTATION) && id.length > POLICY_IN_ANNOTATION.length
    ? `${POLICY_ID}${id.slice(POLICY_IN_ANNOTATION.length)}`
    : id;
}

/**
 * The annotation key that suppresses a suppression id (the inverse of {@link annotationRuleId}), or
 * undefined when Kubernetes would refuse the key: its name part is longer than 63 characters.
 */
export function annotationKey(id: string): string | undefined {
  const name = id.startsWith(POLICY_ID) ? `${POLICY_IN_ANNOTATION}${id.slice(POLICY_ID.length)}` : id;
  const key = `${ANNOTATION_PREFIX}${name}`;
  return key.length - key.indexOf('/') - 1 > ANNOTATION_NAME_MAX ? undefined : key;
}

/** The name part of an annotation key (after its `/`), as Kubernetes' IsQualifiedName reads it. */
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Why the API server refuses a suppression annotation's key (Kubernetes validates annotation keys as
 * qualified names: the name after the `/` is at most 63 letters, digits, `-`, `_` and `.`, starting
 * and ending with a letter or digit), or undefined when it accepts it. An object with such a key is
 * refused as a whole, so its suppression has no effect either.
 */
export function annotationKeyProblem(key: string): string | undefined {
  const name = key.slice(key.indexOf('/') + 1);
  if (name.includes('/')) return 'an annotation key holds one `/`';
  if (name.length > ANNOTATION_NAME_MAX)
    return `the name after \`kubeward.dev/\` is ${String(name.length)} characters, above Kubernetes' 63`;
  if (!QUALIFIED_NAME.test(name))
    return 'the name after `kubeward.dev/` may hold only letters, digits, `-`, `_` and `.`, and must start and end with a letter or digit';
  return undefined;
}

/** An annotation's value: `<reason> [until YYYY-MM-DD]`, where empty, `true` or `yes` give no reason. */
export function annotationValue(raw: string): { reason: string | undefined; until: string | undefined } {
  const { rest, until } = splitUntil(raw);
  return { reason: NO_REASON.has(rest.toLowerCase()) ? undefined : rest, until };
}
