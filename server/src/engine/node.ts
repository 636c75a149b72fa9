import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';

/** Any node a pair value may hold, as the `yaml` package types it. */
export type YValue = unknown;

/** A key of a map, found by its string form. */
export interface Field {
  pair: Pair<Scalar, YValue>;
  key: Scalar;
  value: YValue;
}

/**
 * The pair for `key` in a map. With duplicate keys the last one wins, as it does when the API
 * server decodes the manifest; a separate check reports the duplicates.
 */
export function mapGet(map: YValue, key: string): Field | undefined {
  if (!isMap(map)) return undefined;
  let found: Field | undefined;
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    if (String(item.key.value) === key) {
      found = { pair: item as Pair<Scalar, YValue>, key: item.key, value: item.value };
    }
  }
  return found;
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

export function asMap(v: YValue): YAMLMap | undefined {
  return isMap(v) ? v : undefined;
}

export function asSeq(v: YValue): YAMLSeq | undefined {
  return isSeq(v) ? v : undefined;
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

export function isNode(v: YValue): v is Node {
  return isScalar(v) || isMap(v) || isSeq(v) || isAlias(v);
}

/** `[start, valueEnd]` of a node, or undefined when it has no source range. */
export function nodeRange(v: YValue): [number, number] | undefined {
  if (!isNode(v) || !v.range) return undefined;
  return [v.range[0], v.range[1]];
}
