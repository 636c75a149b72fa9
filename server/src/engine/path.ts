// Object paths: where in an object a node or an offset is, as keys and sequence indices
// (`spec.template.spec.containers[0].securityContext`). Rendered sources map findings back to the
// files a person edits by these paths, never by line numbers.
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { scalarString, type YValue } from './node';

/** A key or a sequence index. */
export type PathElem = string | number;

function rangeOf(n: YValue): [number, number] | undefined {
  const r = (n as { range?: number[] } | null)?.range;
  return r?.[0] !== undefined && r[1] !== undefined ? [r[0], r[1]] : undefined;
}

function keyOf(k: YValue): string | undefined {
  if (!isScalar(k)) return undefined;
  return scalarString(k) ?? '';
}

/**
 * The path of the deepest node of `root` whose text holds `offset` (a key counts as its pair: the
 * path ends at that key). Aliases are not followed.
 */
export function pathAt(root: YValue, offset: number): PathElem[] {
  const out: PathElem[] = [];
  let node: YValue = root;
  for (let depth = 0; depth < 200; depth++) {
    if (isMap(node)) {
      let next: YValue = undefined;
      for (const p of node.items) {
        if (!isPair(p)) continue;
        const kr = rangeOf(p.key);
        const vr = rangeOf(p.value);
        const start = kr?.[0] ?? vr?.[0];
        const end = vr?.[1] ?? kr?.[1];
        if (start === undefined || end === undefined || offset < start || offset > end) continue;
        const key = keyOf(p.key);
        if (key === undefined) return out;
        out.push(key);
        if (kr && offset <= kr[1]) return out;
        next = p.value;
        break;
      }
      if (next === undefined || isAlias(next)) return out;
      node = next;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((it) => {
        const r = rangeOf(it);
        return r !== undefined && offset >= r[0] && offset <= r[1];
      });
      if (i < 0) return out;
      out.push(i);
      node = node.items[i];
      if (isAlias(node)) return out;
    } else return out;
  }
  return out;
}

/** The path of `target` below `root` (by identity), or undefined when it is not there. */
export function pathOfNode(root: YValue, target: YValue): PathElem[] | undefined {
  const walk = (n: YValue, depth: number): PathElem[] | undefined => {
    if (n === target) return [];
    if (depth > 200) return undefined;
    if (isMap(n)) {
      for (const p of n.items) {
        if (!isPair(p)) continue;
        const key = keyOf(p.key);
        if (key === undefined) continue;
        const sub = walk(p.value, depth + 1);
        if (sub) return [key, ...sub];
      }
    } else if (isSeq(n)) {
      for (const [i, it] of n.items.entries()) {
        const sub = walk(it, depth + 1);
        if (sub) return [i, ...sub];
      }
    }
    return undefined;
  };
  return walk(root, 0);
}

/** `spec.containers[0].securityContext` (keys with dots or brackets quoted). */
export function pathText(path: readonly PathElem[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[^.[\]"]+$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}
