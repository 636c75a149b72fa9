import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  visit,
  type Alias,
  type Document,
  type Pair,
  type Scalar,
} from 'yaml';

/** Any node a pair value may hold, as the `yaml` package types it. */
export type YValue = unknown;

/** A key of a map, found by its string form. */
export interface Field {
  pair: Pair<Scalar>;
  key: Scalar;
  /** The value, with an alias followed to its anchored node. */
  value: YValue;
  /** Found through a `<<` merge key: the pair lives in another (anchored) map. */
  merged?: true;
}

/** The node each alias stands for (filled by {@link linkAliases} when a document is parsed). */
const ALIAS_TARGET = new WeakMap<Alias, unknown>();

/**
 * Records, for every alias of a document, the node it refers to: the closest preceding node with
 * that anchor, as YAML defines it. Aliases are never expanded into the tree (an alias bomb stays a
 * few hundred nodes); {@link mapGet} follows them one step at a time.
 */
export function linkAliases(doc: Document.Parsed): void {
  const anchors = new Map<string, unknown>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target !== undefined) ALIAS_TARGET.set(node, target);
      } else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
}

/** The node an alias refers to (followed up to a few times), or the value itself. */
export function deref(v: YValue): YValue {
  let cur = v;
  for (let i = 0; i < 8 && isAlias(cur); i++) cur = ALIAS_TARGET.get(cur);
  return isAlias(cur) ? undefined : cur;
}

/**
 * The pair for `key` in a map, as Kubernetes decodes it (`sigs.k8s.io/yaml`, YAML 1.1): with
 * duplicate keys the last one wins (a separate rule reports the duplicates); an alias value is
 * followed to its anchor; a key not in the map is looked up in its `<<` merge keys (explicit keys
 * win, then the first merged map that has it). A field reached through a merge key belongs to the
 * anchored map, so `merged` is set and fixes must not edit it.
 */
export function mapGet(map: YValue, key: string, seen?: Set<unknown>): Field | undefined {
  const m = deref(map);
  if (!isMap(m)) return undefined;
  // Each map is searched once per lookup, so a "merge-key bomb" stays linear.
  if (seen?.has(m)) return undefined;
  seen?.add(m);
  let found: Field | undefined;
  const merges: YValue[] = [];
  for (const item of m.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const k = String(item.key.value);
    if (k === key) {
      found = { pair: item as Pair<Scalar>, key: item.key, value: deref(item.value) };
    } else if (k === '<<' && item.key.type === 'PLAIN') merges.push(deref(item.value));
  }
  if (found || merges.length === 0) return found;
  const visited = seen ?? new Set<unknown>([m]);
  for (const src of merges) {
    const list = isSeq(src) ? src.items.map(deref) : [src];
    for (const one of list) {
      const hit = mapGet(one, key, visited);
      if (hit) return { ...hit, merged: true };
    }
  }
  return undefined;
}

/** Follows a path of map keys. */
export function getIn(map: YValue, path: readonly string[]): Field | undefined {
  let cur: YValue = map;
  let field: Field | undefined;
  for (const k of path) {
    field = mapGet(cur, k);
    if (!field) return undefined;
    cur = field.value;
  }
  return field;
}

/** The deepest pair that exists along `path` (and how many keys of the path it covers). */
export function deepestExisting(
  map: YValue,
  path: readonly string[],
): { field: Field; depth: number } | undefined {
  let cur: YValue = map;
  let best: { field: Field; depth: number } | undefined;
  for (let i = 0; i < path.length; i++) {
    const f = mapGet(cur, path[i] ?? '');
    if (!f) break;
    best = { field: f, depth: i + 1 };
    cur = f.value;
  }
  return best;
}

/** Scalar value as a string (numbers and booleans too), or undefined for collections and null. */
export function scalarString(v: YValue): string | undefined {
  if (!isScalar(v)) return undefined;
  const x = v.value;
  if (x === null || x === undefined) return undefined;
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') return String(x);
  return undefined;
}

const YAML11_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']);
const YAML11_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']);

/**
 * Boolean as Kubernetes reads it. The API machinery decodes YAML with YAML 1.1 rules, so an unquoted
 * `yes` or `on` is `true` there although YAML 1.2 calls it a string.
 */
export function asBool(v: YValue): boolean | undefined {
  if (!isScalar(v)) return undefined;
  if (typeof v.value === 'boolean') return v.value;
  if (typeof v.value === 'string' && v.type === 'PLAIN') {
    if (YAML11_TRUE.has(v.value)) return true;
    if (YAML11_FALSE.has(v.value)) return false;
  }
  return undefined;
}

/** Integer value of a scalar (numbers and numeric strings are both accepted, as JSON decoding is lenient). */
export function asInt(v: YValue): number | undefined {
  if (!isScalar(v)) return undefined;
  if (typeof v.value === 'number' && Number.isInteger(v.value)) return v.value;
  if (typeof v.value === 'string' && v.type === 'PLAIN' && /^-?\d+$/.test(v.value)) return Number(v.value);
  return undefined;
}

/** Items of a sequence as strings (non-scalar items are skipped). */
export function seqStrings(v: YValue): { value: string; node: Scalar; index: number }[] {
  if (!isSeq(v)) return [];
  const out: { value: string; node: Scalar; index: number }[] = [];
  v.items.forEach((item, index) => {
    const s = scalarString(item);
    if (s !== undefined && isScalar(item)) out.push({ value: s, node: item, index });
  });
  return out;
}
