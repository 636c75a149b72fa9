// The object-level difference between a rendered object before and after a fix, shared by the Helm
// and Kustomize fix translators: both compute a fix on the rendered object, diff it, and carry each
// change to the file a person edits (a values key, a template line, a patch, a resource file).
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Pair } from 'yaml';
import type { Leaf } from '../engine/fix';

/** A step of an object path: a map key or a sequence index. */
export type PathElem = string | number;

/** One change between the object before and after a fix, by object path. */
export type DiffOp =
  | { op: 'set'; path: PathElem[]; text: string; value: unknown }
  | { op: 'add'; path: PathElem[]; node: unknown; text: string }
  | { op: 'remove'; path: PathElem[] }
  | { op: 'removeItem'; path: PathElem[]; index: number }
  | { op: 'appendItem'; path: PathElem[]; text: string; value: unknown };

/** The first document of a text, parsed without errors; a leading `---` line is blanked, not cut (offsets stay). */
export function firstDoc(text: string): Document.Parsed | undefined {
  try {
    const d = parseDocument(
      text.replace(/^---[^\n]*\n/, (m) => ' '.repeat(m.length - 1) + '\n'),
      { prettyErrors: false, uniqueKeys: false },
    );
    return d.errors.length > 0 ? undefined : d;
  } catch {
    return undefined;
  }
}

/** The source text of a parsed node. */
export function srcText(text: string, node: unknown): string {
  const r = (node as { range?: number[] } | null)?.range;
  if (r?.[0] === undefined || r[1] === undefined) return '';
  return text.slice(r[0], r[1]);
}

function jsonText(node: unknown): string {
  return JSON.stringify((node as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null);
}

/** A pair's key as a string, when it is a scalar. */
export function keyOf(p: Pair): string | undefined {
  return isScalar(p.key) ? String(p.key.value) : undefined;
}

/**
 * The object-level difference between two texts of one object: scalars set, keys added or removed,
 * items removed from or appended to sequences, a `key:` (null) filled with a map. Undefined for any
 * other shape (a collection replaced by a scalar, items reordered…).
 */
export function diffDocuments(before: string, after: string): DiffOp[] | undefined {
  const a = firstDoc(before);
  const b = firstDoc(after);
  if (!a || !b) return undefined;
  const ops: DiffOp[] = [];
  const go = (x: unknown, y: unknown, path: PathElem[]): boolean => {
    if (isMap(x) && isMap(y)) {
      const xs = new Map<string, Pair>();
      const ys = new Map<string, Pair>();
      for (const it of x.items) if (isPair(it) && keyOf(it) !== undefined) xs.set(keyOf(it) ?? '', it);
      for (const it of y.items) if (isPair(it) && keyOf(it) !== undefined) ys.set(keyOf(it) ?? '', it);
      for (const [k, p] of xs) {
        const q = ys.get(k);
        if (!q) ops.push({ op: 'remove', path: [...path, k] });
        else if (!go(p.value, q.value, [...path, k])) return false;
      }
      for (const [k, q] of ys) {
        if (!xs.has(k))
          ops.push({ op: 'add', path: [...path, k], node: q.value, text: srcText(after, q.value) });
      }
      return true;
    }
    if (isSeq(x) && isSeq(y)) {
      if (x.items.length === y.items.length)
        return x.items.every((it, i) => go(it, y.items[i], [...path, i]));
      const xj = x.items.map(jsonText);
      const yj = y.items.map(jsonText);
      if (y.items.length < x.items.length) {
        // Items removed: the rest must be the same items in the same order.
        const removed: number[] = [];
        let j = 0;
        for (let i = 0; i < xj.length; i++) {
          if (j < yj.length && xj[i] === yj[j]) j++;
          else removed.push(i);
        }
        if (j !== yj.length) return false;
        for (const i of removed.reverse()) ops.push({ op: 'removeItem', path, index: i });
        return true;
      }
      if (!xj.every((v, i) => v === yj[i])) return false;
      for (let i = xj.length; i < yj.length; i++) {
        const it = y.items[i];
        if (!isScalar(it)) return false;
        ops.push({ op: 'appendItem', path, text: srcText(after, it), value: it.value });
      }
      return true;
    }
    if (isScalar(x) && isScalar(y)) {
      if (x.value === y.value && srcText(before, x) === srcText(after, y)) return true;
      ops.push({ op: 'set', path, text: srcText(after, y), value: y.value });
      return true;
    }
    if ((x === null || (isScalar(x) && x.value === null)) && isMap(y)) {
      // `key:` (null) filled with a block: each of its entries is an addition.
      for (const it of y.items) {
        const k = isPair(it) ? keyOf(it) : undefined;
        if (!isPair(it) || k === undefined) return false;
        ops.push({ op: 'add', path: [...path, k], node: it.value, text: srcText(after, it.value) });
      }
      return true;
    }
    return jsonText(x) === jsonText(y);
  };
  return go(a.contents, b.contents, []) ? ops : undefined;
}

/** Scalar leaves of an added subtree (paths below it), or undefined when it holds a list of maps. */
export function leaves(
  node: unknown,
  text: string,
  prefix: string[] = [],
): { path: string[]; leaf: Leaf }[] | undefined {
  if (isMap(node)) {
    const out: { path: string[]; leaf: Leaf }[] = [];
    for (const it of node.items) {
      const k = isPair(it) ? keyOf(it) : undefined;
      if (!isPair(it) || k === undefined) return undefined;
      const sub = leaves(it.value, text, [...prefix, k]);
      if (!sub) return undefined;
      out.push(...sub);
    }
    return out;
  }
  if (isSeq(node)) {
    if (!node.items.every((i) => isScalar(i))) return undefined;
    return [{ path: prefix, leaf: { seq: node.items.map((i) => srcText(text, i)) } }];
  }
  if (isScalar(node)) return [{ path: prefix, leaf: { scalar: srcText(text, node) } }];
  return undefined;
}
