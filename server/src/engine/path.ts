// Object paths: where in a Kubernetes object a node or an offset is. Two forms:
// - by index (`spec.template.spec.containers[0].securityContext`): rendered sources map findings back
//   to the files a person edits by these, never by line numbers;
// - by name (`spec.containers[name="web"].securityContext.privileged`): a finding's identity for
//   baselines and SARIF fingerprints, which survives adding a container before another.
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { scalarString, type YValue } from './node';

/** A key or a sequence index. */
export type PathElem = string | number;

/** One step of a named path: a map key, or a sequence item by its `name` or, without one, its index. */
export type PathSegment = { key: string } | { name: string } | { index: number };

function rangeOf(node: YValue): readonly [number, number, number] | undefined {
  const r = (node as { range?: readonly [number, number, number] | null } | null)?.range;
  return r ?? undefined;
}

function keyOf(k: YValue): string | undefined {
  if (!isScalar(k)) return undefined;
  return scalarString(k) ?? '';
}

/**
 * The path from `root` (an object's top-level map) down to the deepest key or sequence item whose
 * source range holds `offset`. A finding on a pair (`privileged: true`) or on a key it is anchored to
 * (a missing field is reported on its nearest existing key) ends at that key. Aliases are not
 * followed. Offsets are those of the text the nodes were parsed from.
 */
export function pathAt(root: YValue, offset: number): PathElem[] {
  const out: PathElem[] = [];
  let node: YValue = root;
  for (let depth = 0; depth < 200; depth++) {
    if (isMap(node)) {
      let hit: { key: string; keyEnd: number; value: YValue } | undefined;
      for (const p of node.items) {
        if (!isPair(p)) continue;
        const k = rangeOf(p.key);
        const key = keyOf(p.key);
        if (!k || key === undefined || k[0] > offset) continue;
        const end = Math.max(k[2], rangeOf(p.value)?.[2] ?? 0, k[0] + 1);
        if (offset >= end) continue;
        hit = { key, keyEnd: k[1], value: p.value };
      }
      if (!hit) break;
      out.push(hit.key);
      if (offset < hit.keyEnd || isAlias(hit.value)) break;
      node = hit.value;
    } else if (isSeq(node)) {
      let found = -1;
      for (const [i, item] of node.items.entries()) {
        const r = rangeOf(item);
        if (r && r[0] <= offset && offset < Math.max(r[2], r[0] + 1)) found = i;
      }
      if (found < 0) break;
      out.push(found);
      node = node.items[found];
      if (isAlias(node)) break;
    } else break;
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

/** The first map item named `name` whose value is a plain scalar: how a container or volume is known. */
function itemName(item: YValue): string | undefined {
  if (!isMap(item)) return undefined;
  for (const p of item.items) {
    if (isPair(p) && isScalar(p.key) && p.key.value === 'name') return scalarString(p.value);
  }
  return undefined;
}

/** An index path with sequence items named by their `name` field where they have one. */
export function namedPath(root: YValue, path: readonly PathElem[]): PathSegment[] {
  const out: PathSegment[] = [];
  let node: YValue = root;
  for (const p of path) {
    if (typeof p === 'number') {
      const item = isSeq(node) ? node.items[p] : undefined;
      const name = itemName(item);
      out.push(name === undefined ? { index: p } : { name });
      node = item;
    } else {
      out.push({ key: p });
      const pair = isMap(node) ? node.items.find((x) => isPair(x) && keyOf(x.key) === p) : undefined;
      node = pair?.value;
    }
  }
  return out;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** A named path as one string: `spec.containers[name="web"].securityContext.privileged`, `metadata.annotations["a.b/c"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let s = '';
  for (const seg of path) {
    if ('key' in seg)
      s += PLAIN_KEY.test(seg.key) ? `${s === '' ? '' : '.'}${seg.key}` : `[${JSON.stringify(seg.key)}]`;
    else if ('name' in seg) s += `[name=${JSON.stringify(seg.name)}]`;
    else s += `[${seg.index}]`;
  }
  return s;
}

/** A finding's identity in its object: the named path at `offset`, as one string. */
export function findingPath(root: YValue, offset: number): string {
  return formatPath(namedPath(root, pathAt(root, offset)));
}
