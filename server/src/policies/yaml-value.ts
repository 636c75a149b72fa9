import { isMap, isPair, isScalar, isSeq, type Pair, type Scalar } from 'yaml';
import { keySpan, pairSpan, type Span } from '../engine/locate';
import { asBool, deref, mapGet, type YValue } from '../engine/node';

/** A path into an object: map keys and list indexes. */
export type FieldPath = readonly (string | number)[];

/** Records the path of every map and list of a converted object, by identity. */
export type PathRegistry = WeakMap<object, FieldPath>;

/** The conversion gave up: the document expands (through aliases) past the size limit. */
export class ValueTooLarge extends Error {
  constructor() {
    super('The object is too large to evaluate (more than 200000 values after expanding aliases).');
  }
}

const MAX_VALUES = 200_000;

function scalarValue(s: Scalar): unknown {
  const v = s.value;
  if (typeof v === 'number') {
    const src = typeof s.source === 'string' ? s.source.trim() : '';
    if (Number.isInteger(v) && !/[.eE]/.test(src)) return /^[-+]?\d+$/.test(src) ? BigInt(src) : BigInt(v);
    return v;
  }
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean' || v === null) return v;
  if (typeof v === 'string') {
    const b = asBool(s);
    return b ?? v;
  }
  if (v instanceof Date) return v.toISOString();
  return null;
}

/**
 * Converts a YAML node to the value the API server decodes it to (JSON data, integers as `bigint`,
 * YAML 1.1 booleans), registering the path of every map and list in `registry` so an evaluation can
 * tell which field of the manifest it read. Aliases are followed and merge keys applied.
 */
export function toValue(node: YValue, registry: PathRegistry, path: FieldPath = []): unknown {
  const budget = { left: MAX_VALUES };
  return convert(node, registry, path, budget);
}

function convert(node: YValue, registry: PathRegistry, path: FieldPath, budget: { left: number }): unknown {
  if (--budget.left < 0) throw new ValueTooLarge();
  const n = deref(node);
  if (isScalar(n)) return scalarValue(n);
  if (isSeq(n)) {
    const out: unknown[] = [];
    registry.set(out, path);
    n.items.forEach((item, i) => out.push(convert(item, registry, [...path, i], budget)));
    return out;
  }
  if (isMap(n)) {
    const out: Record<string, unknown> = {};
    registry.set(out, path);
    const merges: YValue[] = [];
    for (const item of n.items) {
      if (!isPair(item)) continue;
      const key = deref(item.key);
      const k = isScalar(key) ? String(key.value) : '';
      if (k === '<<' && isScalar(key) && key.type === 'PLAIN') {
        merges.push(deref(item.value));
        continue;
      }
      if (k === '__proto__') continue;
      out[k] = convert(item.value, registry, [...path, k], budget);
    }
    for (const m of merges) {
      for (const src of isSeq(m) ? m.items : [m]) {
        const merged = convert(src, new WeakMap(), path, budget);
        if (merged === null || typeof merged !== 'object' || Array.isArray(merged)) continue;
        for (const [k, v] of Object.entries(merged)) if (!(k in out)) out[k] = v;
      }
    }
    return out;
  }
  return null;
}

/** The YAML node at `path`, or undefined when a part of the path does not exist. */
export function nodeAt(root: YValue, path: FieldPath): { node: YValue; pair: Pair | undefined } | undefined {
  let cur: YValue = root;
  let pair: Pair | undefined;
  for (const seg of path) {
    const n = deref(cur);
    if (typeof seg === 'number') {
      if (!isSeq(n) || seg < 0 || seg >= n.items.length) return undefined;
      cur = n.items[seg];
      pair = undefined;
    } else {
      const f = mapGet(n, seg);
      if (!f) return undefined;
      cur = f.value;
      pair = f.pair;
    }
  }
  return { node: cur, pair };
}

/** The longest prefix of `path` that exists in the manifest. */
export function existingPrefix(root: YValue, path: FieldPath): FieldPath {
  for (let n = path.length; n > 0; n--) if (nodeAt(root, path.slice(0, n))) return path.slice(0, n);
  return [];
}

/**
 * Where a finding about the field at `path` (which exists) is shown, by the policy of
 * `engine/locate.ts`: a map key's whole `key: value` pair (the key alone for block collections); a
 * list item that is a map: its first pair (the container's `name: app`); a scalar list item: itself.
 * The empty path has no place of its own: undefined.
 */
export function spanOfPath(root: YValue, path: FieldPath): Span | undefined {
  if (path.length === 0) return undefined;
  const hit = nodeAt(root, path);
  if (!hit) return undefined;
  if (hit.pair) return pairSpan(hit.pair);
  const n = deref(hit.node);
  if (isMap(n)) {
    const name = mapGet(n, 'name');
    if (name) return pairSpan(name);
    const first = n.items.find(isPair);
    if (first && isScalar(first.key)) return keySpan(first);
  }
  if (isScalar(n) && n.range) return { start: n.range[0], end: n.range[1] };
  return spanOfPath(root, path.slice(0, -1));
}
