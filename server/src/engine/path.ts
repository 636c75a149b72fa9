// The field path of an offset inside a Kubernetes object: where a finding is, in words that survive
// edits elsewhere in the file (baseline fingerprints, SARIF `partialFingerprints`).
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { scalarString } from './node';

/** One step of a path: a map key, or a sequence item by its `name` or, without one, its index. */
export type PathSegment = { key: string } | { name: string } | { index: number };

interface Ranged {
  range?: readonly [number, number, number] | null;
}

function rangeOf(node: unknown): readonly [number, number, number] | undefined {
  return (node as Ranged | null)?.range ?? undefined;
}

/** The first map item named `name` whose value is a plain scalar: how a container or volume is known. */
function itemName(item: unknown): string | undefined {
  if (!isMap(item)) return undefined;
  for (const p of item.items) {
    if (isPair(p) && isScalar(p.key) && p.key.value === 'name') return scalarString(p.value);
  }
  return undefined;
}

/**
 * The path from `root` (an object's top-level map) down to the deepest key or sequence item whose
 * source range holds `offset`. A finding on a pair (`privileged: true`) or on a key it is anchored to
 * (a missing field is reported on its nearest existing key) ends at that key. Items of a sequence are
 * named by their `name` field where they have one (`containers[name="web"]`), so adding a container
 * before another does not change the path of the other's findings. Offsets are those of the text the
 * nodes were parsed from.
 */
export function pathAt(root: unknown, offset: number): PathSegment[] {
  const out: PathSegment[] = [];
  let node = root;
  for (let depth = 0; depth < 64; depth++) {
    if (isMap(node)) {
      let hit: { key: string; keyEnd: number; value: unknown } | undefined;
      for (const p of node.items) {
        if (!isPair(p)) continue;
        const k = rangeOf(p.key);
        if (!k || k[0] > offset) continue;
        const end = Math.max(k[2], rangeOf(p.value)?.[2] ?? 0, k[0] + 1);
        if (offset >= end) continue;
        hit = {
          key: isScalar(p.key) ? String(p.key.value) : String(p.key),
          keyEnd: k[1],
          value: p.value,
        };
      }
      if (!hit) break;
      out.push({ key: hit.key });
      if (offset < hit.keyEnd) break;
      node = hit.value;
    } else if (isSeq(node)) {
      let found = -1;
      for (const [i, item] of node.items.entries()) {
        const r = rangeOf(item);
        if (r && r[0] <= offset && offset < Math.max(r[2], r[0] + 1)) found = i;
      }
      if (found < 0) break;
      const item = node.items[found];
      const name = itemName(item);
      out.push(name === undefined ? { index: found } : { name });
      node = item;
    } else {
      break;
    }
  }
  return out;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** A path as one string: `spec.containers[name="web"].securityContext.privileged`, `metadata.annotations["a.b/c"]`. */
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
