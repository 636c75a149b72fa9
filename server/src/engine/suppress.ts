import { isMap, isPair, isScalar, isSeq, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { ConfigException } from './config';
import { Fixer, type Edit } from './fix';
import { normalizePath, type Globs } from './glob';
import { pairSpan, type Span } from './locate';
import { getIn, mapGet, scalarString, type YValue } from './node';
import type { K8sObject, ParsedChunk } from './parse';
import { lineEndOf, lineStartOf } from './text';
import { podView, CONTAINER_LISTS } from './workload';

/**
 * Suppression: one model for the editor and the CLI (issue 5). The grammar, exactly:
 *
 * ```
 * # kubeward-disable-next-line <rule-id>[, <rule-id>…] [-- <reason>] [until YYYY-MM-DD]
 * # kubeward-disable <rule-id>[, <rule-id>…] [-- <reason>] [until YYYY-MM-DD]
 * metadata.annotations["kubeward.dev/ignore.<rule-id>"]: "<reason> [until YYYY-MM-DD]"
 * ```
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
 * - Config-file exceptions ({@link ConfigException}) match by rule (`*` for every rule), path glob
 *   against the file given to `Engine.check`, namespace, kind and name (globs too).
 */
export type SuppressionHow =
  'comment-line' | 'comment-document' | 'comment-container' | 'annotation' | 'config';

export const ANNOTATION_PREFIX = 'kubeward.dev/ignore.';
const DIRECTIVE = /^([ \t]*)#[ \t]*kubeward-(disable-next-line|disable)(?=[ \t]|$)(.*?)[ \t]*$/;
const UNTIL = /(?:^|[ \t])until[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*$/;
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NO_REASON = new Set(['', 'true', 'yes']);

/** One suppression written in the text (a comment or an annotation), with chunk- or text-relative offsets. */
export interface Directive {
  how: Exclude<SuppressionHow, 'config'>;
  rules: string[];
  /** Spans of each rule id, in `rules` order. */
  ruleSpans: Span[];
  reason: string | undefined;
  until: string | undefined;
  /** Where it is written: the comment text (from `#`), or the annotation's `key: value` pair. */
  at: Span;
  /** Findings starting in `[from, to)` are covered. */
  from: number;
  to: number;
  /** Why it cannot take effect where it is written (reported as unused). */
  misplaced?: string;
  /** Deletes the whole directive. */
  removal: Edit | undefined;
  /** Replaces the rule-id list (to drop some ids); undefined for annotations. */
  idList?: Span;
  /** Adds a reason (snippet text with a `${1:reason}` placeholder). */
  addReason: Edit | undefined;
  /** Comment-document directive in a chunk with no document: applies to the next chunk. */
  carry?: boolean;
  /** `kind name` of the object the directive sits in, for the meta finding. */
  object: { kind: string; name: string; namespace: string | undefined; apiVersion: string } | undefined;
}

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

/** Spans of scalars that run over several lines: a `#` inside them is text, not a comment. */
function multiLineScalars(doc: Document.Parsed, text: string): Span[] {
  const out: Span[] = [];
  const visit = (n: YValue, depth: number): void => {
    if (depth > 200) return;
    if (isScalar(n)) {
      const r = n.range;
      if (r && text.slice(r[0], r[1]).includes('\n')) out.push({ start: r[0], end: r[1] });
    } else if (isMap(n)) {
      for (const p of n.items) {
        if (!isPair(p)) continue;
        visit(p.key, depth + 1);
        visit(p.value, depth + 1);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) visit(item, depth + 1);
    }
  };
  visit(doc.contents, 0);
  return out;
}

/** Block-list items (maps) starting on a line: the whole item is the scope of a directive above it. */
function blockItems(
  doc: Document.Parsed,
  text: string,
  objects: readonly K8sObject[],
): Map<number, { end: number; container: boolean }> {
  const containers = new Set<YValue>();
  for (const o of objects) {
    const pod = podView(o);
    if (!pod) continue;
    for (const list of CONTAINER_LISTS) {
      const seq = mapGet(pod.spec, list)?.value;
      if (isSeq(seq)) for (const item of seq.items) containers.add(item);
    }
  }
  const out = new Map<number, { end: number; container: boolean }>();
  const visit = (n: YValue, depth: number): void => {
    if (depth > 200) return;
    if (isMap(n)) {
      for (const p of n.items) if (isPair(p)) visit(p.value, depth + 1);
    } else if (isSeq(n)) {
      for (const item of n.items) {
        if (!n.flow && (isMap(item) || isSeq(item)) && item.range) {
          const ls = lineStartOf(text, item.range[0]);
          if (!out.has(ls)) out.set(ls, { end: item.range[1], container: containers.has(item) });
        }
        visit(item, depth + 1);
      }
    }
  };
  visit(doc.contents, 0);
  return out;
}

function objectRef(o: K8sObject | undefined): Directive['object'] {
  return o ? { kind: o.kind, name: o.name, namespace: o.namespace, apiVersion: o.apiVersion } : undefined;
}

function nextLineStart(text: string, offset: number): number {
  const le = lineEndOf(text, offset);
  if (text[le] === '\r' && text[le + 1] === '\n') return le + 2;
  return le < text.length ? le + 1 : le;
}

/** Every suppression written in a parsed chunk (comments and annotations), chunk-relative. */
export function collectDirectives(parsed: ParsedChunk): Directive[] {
  const text = parsed.text;
  const out: Directive[] = [];
  if (text.includes('kubeward-disable')) collectComments(parsed, out);
  if (text.includes(ANNOTATION_PREFIX)) for (const o of parsed.objects) collectAnnotations(parsed, o, out);
  return out;
}

function collectComments(parsed: ParsedChunk, out: Directive[]): void {
  if (parsed.skipped) return;
  const text = parsed.text;
  const docs = parsed.docs.filter((d) => d.contents !== null);
  const scalars = docs.flatMap((d) => multiLineScalars(d, text));
  let items: Map<number, { end: number; container: boolean }> | undefined;
  const eolLen = (at: number): number =>
    text[at] === '\r' && text[at + 1] === '\n' ? 2 : text[at] === '\n' || text[at] === '\r' ? 1 : 0;
  for (let ls = 0; ls < text.length;) {
    const le = lineEndOf(text, ls);
    const next = le + eolLen(le);
    const line = text.slice(ls, le);
    if (line.includes('kubeward-disable')) {
      const p = parseDirectiveLine(line);
      if (p && !scalars.some((s) => s.start < ls + p.hash && ls + p.hash < s.end)) {
        const hash = ls + p.hash;
        // With a syntax error, removing a line can change how the rest is read (fuzz-afaa8b6806).
        const removal: Edit | undefined =
          parsed.errors.length === 0 ? { start: ls, end: next, newText: '' } : undefined;
        const addReason: Edit = p.reasonAt.hasDashes
          ? { start: ls + p.reasonAt.at, end: ls + p.reasonAt.at, newText: ' ${1:reason}' }
          : { start: ls + p.reasonAt.at, end: ls + p.reasonAt.at, newText: ' -- ${1:reason}' };
        const base = {
          rules: p.rules.map((r) => r.id),
          ruleSpans: p.rules.map((r) => ({ start: ls + r.start, end: ls + r.end })),
          reason: p.reason,
          until: p.until,
          at: { start: hash, end: ls + p.end },
          removal,
          idList: { start: ls + p.idList.start, end: ls + p.idList.end },
          addReason,
        };
        const docIdx = docs.findIndex((d) => hash < (d.range[2] ?? d.range[1]));
        const doc = docs[docIdx];
        const objectAt = (off: number): K8sObject | undefined =>
          parsed.objects.find((o) => o.root.range && o.root.range[0] <= off && off < o.root.range[1]) ??
          parsed.objects.find((o) => o.doc === doc);
        if (p.kind === 'disable') {
          const contentStart = doc?.contents?.range?.[0];
          if (docs.length === 0) {
            out.push({
              ...base,
              how: 'comment-document',
              from: 0,
              to: text.length,
              carry: true,
              object: undefined,
            });
          } else if (doc && contentStart !== undefined && hash < contentStart) {
            const prevEnd = docIdx > 0 ? (docs[docIdx - 1]?.range[2] ?? 0) : 0;
            out.push({
              ...base,
              how: 'comment-document',
              from: prevEnd,
              to: doc.range[2] ?? text.length,
              object: objectRef(parsed.objects.find((o) => o.doc === doc)),
            });
          } else {
            out.push({
              ...base,
              how: 'comment-document',
              from: hash,
              to: hash,
              misplaced: '`kubeward-disable` only takes effect before the first key of a document',
              object: objectRef(objectAt(hash)),
            });
          }
        } else {
          // The next line that is not a comment (directives stack) or the end of the text.
          let t = next;
          while (t < text.length && /^[ \t]*#/.test(text.slice(t, lineEndOf(text, t))))
            t = nextLineStart(text, t);
          const tEnd = lineEndOf(text, t);
          items ??= new Map(docs.flatMap((d) => [...blockItems(d, text, parsed.objects)]));
          const item = items.get(t);
          out.push({
            ...base,
            how: item?.container ? 'comment-container' : 'comment-line',
            from: t,
            to: Math.max(tEnd + 1, item ? item.end : 0),
            object: objectRef(objectAt(t)),
          });
        }
      }
    }
    if (next <= ls) break;
    ls = next;
  }
}

function annotationMaps(o: K8sObject): YAMLMap[] {
  const maps: YAMLMap[] = [];
  const own = getIn(o.root, ['metadata', 'annotations'])?.value;
  if (isMap(own)) maps.push(own);
  const pod = podView(o);
  const tpl = pod?.metadata ? mapGet(pod.metadata, 'annotations')?.value : undefined;
  if (isMap(tpl) && tpl !== own) maps.push(tpl);
  return maps;
}

function collectAnnotations(parsed: ParsedChunk, o: K8sObject, out: Directive[]): void {
  const r = o.root.range;
  if (!r) return;
  let fixer: Fixer | undefined;
  for (const map of annotationMaps(o)) {
    for (const p of map.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const key = String(p.key.value);
      if (!key.startsWith(ANNOTATION_PREFIX)) continue;
      const id = key.slice(ANNOTATION_PREFIX.length);
      const raw = scalarString(p.value) ?? '';
      const { rest, until } = splitUntil(raw);
      const reason = NO_REASON.has(rest.toLowerCase()) ? undefined : rest;
      fixer ??= new Fixer(parsed.text, o.doc.contents);
      const keyRange = p.key.range;
      const field = { pair: p as Pair<Scalar>, key: p.key, value: p.value };
      const setReason = fixer.setValue(field, `"\${1:reason}${until ? ` until ${until}` : ''}"`);
      out.push({
        how: 'annotation',
        rules: [id],
        ruleSpans: keyRange ? [{ start: keyRange[0], end: keyRange[1] }] : [],
        reason,
        until,
        at: pairSpan(p),
        from: r[0],
        to: r[1],
        // With a syntax error the tree is the parser's guess: no edit built from it (fuzz-b61c6a8ac5).
        removal: parsed.errors.length === 0 ? fixer.removePairCascade(map, p) : undefined,
        addReason: parsed.errors.length === 0 ? setReason : undefined,
        object: objectRef(o),
      });
    }
  }
}

/** Shifts a directive's offsets by `by` (chunk → whole text). */
export function shiftDirective(d: Directive, by: number): Directive {
  const s = (x: Span): Span => ({ start: x.start + by, end: x.end + by });
  const e = (x: Edit | undefined): Edit | undefined =>
    x ? { ...x, start: x.start + by, end: x.end + by } : undefined;
  return {
    ...d,
    ruleSpans: d.ruleSpans.map(s),
    at: s(d.at),
    from: d.from + by,
    to: d.to + by,
    removal: e(d.removal),
    addReason: e(d.addReason),
    ...(d.idList ? { idList: s(d.idList) } : {}),
  };
}

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

/** Rule ids in a directive that are not well-formed ids. */
export function malformedIds(d: Directive): string[] {
  return d.rules.filter((r) => !RULE_ID.test(r));
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

/** A directive as the engine hands it over: whole-text offsets, and whether its rules ran in full. */
export interface PlacedDirective extends Directive {
  /** The rules ran over its scope (not a Helm template, no syntax errors), so "unused" can be claimed. */
  unusedOk: boolean;
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

/** Edits that add a suppression for one finding, chunk-relative; each is absent where it does not apply. */
export interface SuppressionEdits {
  /** `# kubeward-disable-next-line <rule>` above the finding's line. */
  line: Edit | undefined;
  /** The same comment above the `- name:` line of the container that holds the finding. */
  container: (Edit & { name: string }) | undefined;
  /** `kubeward.dev/ignore.<rule>` in the object's `metadata.annotations` (created when missing). */
  annotation: Edit | undefined;
}

/**
 * Builds the edits of the "Ignore <rule> …" code actions. With `snippet`, the reason is a snippet
 * placeholder; without, no reason is written (so `suppression-without-reason` asks for one, rather
 * than a placeholder word being taken for a reason).
 */
export function suppressionEdits(
  parsed: ParsedChunk,
  offset: number,
  ruleId: string,
  snippet: boolean,
): SuppressionEdits {
  const text = parsed.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const comment = `# kubeward-disable-next-line ${ruleId}${snippet ? ' -- ${1:reason}' : ''}`;
  const above = (at: number): Edit | undefined => {
    const ls = lineStartOf(text, at);
    const indent = /^[ \t]*/.exec(text.slice(ls, lineEndOf(text, ls)))?.[0] ?? '';
    return { start: ls, end: ls, newText: `${indent}${comment}${eol}` };
  };
  const obj = parsed.objects
    .filter((o) => o.root.range && o.root.range[0] <= offset && offset <= o.root.range[1])
    .sort((a, b) => (a.listItem === b.listItem ? 0 : a.listItem ? -1 : 1))[0];
  let container: SuppressionEdits['container'];
  let annotation: Edit | undefined;
  // In a document with syntax errors the tree is the parser's guess: only the comment line is safe.
  if (obj && parsed.errors.length === 0) {
    const pod = podView(obj);
    const fixer = new Fixer(text, obj.doc.contents);
    for (const c of pod?.containers ?? []) {
      const r = c.map.range;
      if (!r || offset < r[0] || offset > r[1]) continue;
      const seq = mapGet(pod?.spec, c.list)?.value;
      if (!isSeq(seq) || seq.flow) break;
      const dash = fixer.dashOf(seq, c.index);
      if (dash === undefined || !/^[ \t]*$/.test(text.slice(lineStartOf(text, dash), dash))) break;
      const e = above(dash);
      if (e) container = { ...e, name: c.name };
      break;
    }
    // Only on objects that have metadata: config-file kinds (an audit Policy) carry none to annotate.
    if (isMap(mapGet(obj.root, 'metadata')?.value))
      annotation = fixer.ensure(obj.root, ['metadata', 'annotations', `${ANNOTATION_PREFIX}${ruleId}`], {
        scalar: snippet ? '"${1:reason}"' : '""',
      });
  }
  return { line: above(offset), container, annotation };
}
