import { isMap, isPair, isScalar, isSeq, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { Fixer, type Edit } from '../fix';
import { pairSpan, type Span } from '../locate';
import { getIn, mapGet, scalarString, type YValue } from '../node';
import type { K8sObject, ParsedChunk } from '../parse';
import { lineEndOf, lineStartOf } from '../text';
import { podView, CONTAINER_LISTS } from '../workload';
import {
  ANNOTATION_PREFIX,
  annotationKey,
  annotationKeyProblem,
  annotationRuleId,
  annotationValue,
  parseDirectiveLine,
  type SuppressionHow,
} from './grammar';

/**
 * Why a directive cannot take effect where it is written: a `kubeward-disable` after the first key of
 * its document, or in a comment-only stretch that no document follows.
 */
export type Misplaced = 'after-first-key' | 'no-document-follows' | 'refused-key';

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
  /** Why it cannot take effect where it is written (it covers nothing). */
  misplaced?: Misplaced;
  /**
   * An annotation whose key the API server refuses (`misplaced: 'refused-key'`): why, and the key
   * it accepts with the edit that writes it (one admission policy's old `…admission-policy/<name>`).
   */
  refused?: { key: string; problem: string; accepted: { key: string; edit: Edit } | undefined };
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

/** A directive as the engine hands it over: whole-text offsets, and whether its rules ran in full. */
export interface PlacedDirective extends Directive {
  /** The rules ran over its scope (not a Helm template, no syntax errors), so "unused" can be claimed. */
  unusedOk: boolean;
}

/** The directives of one `---` chunk (chunk-relative) and where the chunk lies in the whole text. */
export interface ChunkDirectives {
  start: number;
  end: number;
  directives: readonly Directive[];
  /** The rules ran over the whole chunk (no template, no syntax error). */
  complete: boolean;
}

/**
 * The directives of a whole text, in text offsets. A `kubeward-disable` in a chunk with no document
 * (a comment-only stretch before `---`) covers the chunk after it, or is misplaced when none follows.
 */
export function placeDirectives(chunks: readonly ChunkDirectives[]): PlacedDirective[] {
  const out: PlacedDirective[] = [];
  let carried: Directive[] = [];
  for (const c of chunks) {
    for (const d of carried) out.push({ ...d, from: c.start, to: c.end, unusedOk: c.complete, carry: false });
    carried = [];
    for (const d0 of c.directives) {
      const d = shiftDirective(d0, c.start);
      if (d.carry) carried.push(d);
      else out.push({ ...d, unusedOk: c.complete });
    }
  }
  for (const d of carried) out.push({ ...d, carry: false, misplaced: 'no-document-follows', unusedOk: true });
  return out;
}

/**
 * The edit that drops `ids` from a directive: its removal when no id is left, else the id list
 * written anew (comments only; an annotation names one id). Undefined where no edit is safe.
 */
export function withoutIds(d: Directive, ids: readonly string[]): Edit | undefined {
  const left = d.rules.filter((r) => !ids.includes(r));
  if (left.length === 0) return d.removal;
  return d.idList ? { ...d.idList, newText: left.join(', ') } : undefined;
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
              misplaced: 'after-first-key',
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
      const id = annotationRuleId(key);
      if (id === undefined) continue;
      const problem = annotationKeyProblem(key);
      const { reason, until } = annotationValue(scalarString(p.value) ?? '');
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
        ...(problem === undefined
          ? {}
          : {
              misplaced: 'refused-key' as const,
              refused: { key, problem, accepted: acceptedKey(parsed.text, p.key, id) },
            }),
      });
    }
  }
}

/**
 * The key Kubernetes accepts for a refused one, where there is one: one admission policy written the
 * old way, `kubeward.dev/ignore.admission-policy/<name>`, is `…admission-policy.<name>`. The edit
 * changes that one `/` in the key as written (quoting and all else kept).
 */
function acceptedKey(text: string, key: Scalar, id: string): { key: string; edit: Edit } | undefined {
  const accepted = annotationKey(id);
  if (!key.range || accepted === undefined || annotationKeyProblem(accepted) !== undefined) return undefined;
  const written = text.slice(key.range[0], key.range[1]);
  const at = written.indexOf('ignore.admission-policy/');
  if (at < 0) return undefined;
  const slash = key.range[0] + at + 'ignore.admission-policy'.length;
  return { key: accepted, edit: { start: slash, end: slash + 1, newText: '.' } };
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
    ...(d.refused
      ? {
          refused: {
            ...d.refused,
            accepted: d.refused.accepted && {
              key: d.refused.accepted.key,
              edit: e(d.refused.accepted.edit) as Edit,
            },
          },
        }
      : {}),
  };
}
