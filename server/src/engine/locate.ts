import { isMap, isScalar, isSeq, type Pair, type Scalar } from 'yaml';
import { deepestExisting, type Field, type YValue } from './node';

/** A half-open offset range `[start, end)`, relative to the chunk that holds it. */
export interface Span {
  start: number;
  end: number;
  /** Set by {@link missingSpan}: the finding is about a field that is absent (silenced on partial objects). */
  missing?: true;
  /** Set by {@link missingSpan}: the absent field is `path` below `base`. */
  absent?: { base: YValue; path: readonly string[] };
}

/**
 * The span of a node that has no position (a node the parser did not read from the text). The
 * engine drops a report there and logs it as an internal error, rather than pointing at offset 0.
 */
export const NOWHERE: Span = { start: -1, end: -1 };

/** Whether a span is {@link NOWHERE}. */
export function isNowhere(s: Span): boolean {
  return s.start < 0;
}

/**
 * The one place that decides where a finding points (see DESIGN.md, "Ranges"):
 * - a wrong value: the whole `key: value` pair, key start to value end;
 * - a value that is a block collection: the key that owns it;
 * - a missing field: the nearest existing ancestor key (see {@link missingSpan}).
 */
export function pairSpan(pair: Pair | Field): Span {
  const p: Pair = 'pair' in pair ? pair.pair : pair;
  const key = p.key as Scalar;
  if (!key.range) return NOWHERE;
  const start = key.range[0];
  const keyEnd = key.range[1];
  const v = p.value;
  if (isScalar(v) && v.range) {
    // `key:` with no value: the key alone.
    return { start, end: v.value === null && v.range[0] === v.range[1] ? keyEnd : v.range[1] };
  }
  if ((isMap(v) || isSeq(v)) && v.flow && v.range) return { start, end: v.range[1] };
  if (v && typeof v === 'object' && 'range' in v && !isMap(v) && !isSeq(v)) {
    const r = (v as { range?: [number, number, number] }).range;
    if (r) return { start, end: r[1] };
  }
  return { start, end: keyEnd };
}

/** The key of a pair alone. */
export function keySpan(pair: Pair | Field): Span {
  const p: Pair = 'pair' in pair ? pair.pair : pair;
  const key = p.key as Scalar;
  return key.range ? { start: key.range[0], end: key.range[1] } : NOWHERE;
}

/**
 * Where to report a field that is missing at `path` below `base`: the key of the deepest part of
 * the path that exists, else `fallback` (the container's `name:` pair, the pod spec's key, …).
 */
export function missingSpan(base: YValue, path: readonly string[], fallback: Span): Span {
  const hit = deepestExisting(base, path);
  return { ...(hit ? keySpan(hit.field) : fallback), missing: true, absent: { base, path } };
}
