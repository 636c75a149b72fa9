import { isMap, isPair, isScalar, type Pair, type Scalar } from 'yaml';
import { childPlace, editDistance, maxEdits, placeAt, suggestNames, type SchemaType } from './k8s-fields';
import { mapGet, type YValue } from './node';
import type { K8sObject } from './parse';
import { pathOfNode } from './path';

/**
 * The one field a key that `type` does not have stands for in Kubernetes 1.`minor`: the single
 * suggestion of {@link suggestNames}, or undefined when the key is a field of the type in some version,
 * or when there is no suggestion or more than one. The `unknown-field` rule renames the key to it, and
 * the engine tells the rules that miss the field about the key (see {@link misspelledAlong}).
 */
export function misspellingOf(type: SchemaType, key: string, minor: number): string | undefined {
  if (type.fields.has(key)) return undefined;
  const names = suggestNames(type, key, minor);
  return names.length === 1 ? names[0] : undefined;
}

/** A key written in place of a field that a rule found absent. */
export interface Misspelled {
  /** The pair with the misspelled key. */
  pair: Pair<Scalar>;
  written: string;
  intended: string;
}

/**
 * For a field a rule found absent at `path` below `base`: the key written instead of the first
 * absent key of the path, where that map has a key which misspells it (`runAsNonroot` for an absent
 * `runAsNonRoot`, `securityContex` for an absent `securityContext`). Undefined when there is none,
 * or when the object's kind is not in the field table.
 */
export function misspelledAlong(
  obj: K8sObject,
  base: YValue,
  path: readonly string[],
  minor: number,
): Misspelled | undefined {
  // Cheap first: a key near the first absent one in the map that lacks it. Only then the object
  // path and the schema, so that a file of many findings does not walk its tree once per finding.
  let cur: YValue = base;
  let depth = 0;
  for (const key of path) {
    const f = mapGet(cur, key);
    if (!f) break;
    cur = f.value;
    depth++;
  }
  const key = path[depth];
  if (key === undefined || !isMap(cur)) return undefined;
  const lower = key.toLowerCase();
  const limit = maxEdits(key.length);
  const near = cur.items.filter(
    (item): item is Pair<Scalar> =>
      isPair(item) &&
      isScalar(item.key) &&
      editDistance(String(item.key.value).toLowerCase(), lower, limit) <= limit,
  );
  if (near.length === 0) return undefined;
  const basePath = pathOfNode(obj.root, base);
  if (!basePath) return undefined;
  let place = placeAt(obj.apiVersion, obj.kind, basePath);
  for (const k of path.slice(0, depth)) place = childPlace(place, k);
  if (place.kind !== 'object') return undefined;
  for (const item of near) {
    const written = String(item.key.value);
    if (misspellingOf(place.type, written, minor) === key) return { pair: item, written, intended: key };
  }
  return undefined;
}

/** A rule's message for an absent field, told that the field is written misspelled. */
export function withMisspelling(message: string, m: Pick<Misspelled, 'written' | 'intended'>): string {
  const sentence = /[.?!]$/.test(message) ? message : `${message}.`;
  return `${sentence} It is written \`${m.written}\` here, a misspelling Kubernetes drops: rename it to \`${m.intended}\` (unknown-field).`;
}
