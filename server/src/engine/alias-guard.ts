import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import type { Edit } from './fix';
import type { Span } from './locate';
import type { YValue } from './node';

const CACHE = new WeakMap<Document.Parsed, Span[]>();

/**
 * Spans of a document that other places share: nodes whose anchor an alias references (an edit
 * inside would change every place that uses it), and maps that hold a `<<` merge key (an added key
 * may collide with a merged one). A fix whose edits touch one of them is not offered.
 */
export function sharedSpans(doc: Document.Parsed, text: string): Span[] {
  const hit = CACHE.get(doc);
  if (hit) return hit;
  const spans: Span[] = [];
  const [from, , to] = doc.range;
  const src = text.slice(from, to);
  if (src.includes('*') || src.includes('<<')) {
    const referenced = new Set<string>();
    const anchored: { anchor: string; span: Span }[] = [];
    const visit = (n: YValue, depth: number): void => {
      if (depth > 200 || n === null || typeof n !== 'object') return;
      if (isAlias(n)) {
        referenced.add(n.source);
        return;
      }
      if (isScalar(n) || isMap(n) || isSeq(n)) {
        if (n.anchor && n.range)
          anchored.push({ anchor: n.anchor, span: { start: n.range[0], end: n.range[1] } });
      }
      if (isMap(n)) {
        let merge = false;
        for (const p of n.items) {
          if (!isPair(p)) continue;
          if (isScalar(p.key) && p.key.value === '<<') merge = true;
          visit(p.key, depth + 1);
          visit(p.value, depth + 1);
        }
        if (merge && n.range) spans.push({ start: n.range[0], end: n.range[1] });
      } else if (isSeq(n)) {
        for (const item of n.items) visit(item, depth + 1);
      }
    };
    visit(doc.contents, 0);
    for (const a of anchored) if (referenced.has(a.anchor)) spans.push(a.span);
  }
  CACHE.set(doc, spans);
  return spans;
}

/** Whether any edit overlaps or touches a shared span. */
export function touchesShared(edits: readonly Edit[], spans: readonly Span[]): boolean {
  return edits.some((e) => spans.some((s) => e.start <= s.end && s.start <= e.end));
}
