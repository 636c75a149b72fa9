import { isMap, isPair, isScalar, isSeq, type Pair, type Scalar, type YAMLMap } from 'yaml';
import {
  childPlace,
  editDistance,
  maxEdits,
  placeAt,
  suggestNames,
  whereValid,
  type PathKey,
  type SchemaType,
} from './k8s-fields';
import { deref, mapGet, type YValue } from './node';
import type { K8sObject } from './parse';
import { pathOfNode, type PathElem } from './path';

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
  /** The pair with the misspelled (or misplaced) key. */
  pair: Pair<Scalar>;
  written: string;
  intended: string;
  /**
   * The key is the field itself, written at another level: where it is (`spec`) and where it belongs
   * (`spec.template.spec`), as the docs write paths.
   */
  misplaced?: { at: string; belongs: string };
}

/** A path with `*` for any list index or map key, as the docs write it: `spec.containers[].securityContext`. */
export function pathLabel(path: readonly PathKey[]): string {
  let out = '';
  for (const k of path) out += k === '*' || typeof k === 'number' ? '[]' : out ? `.${k}` : k;
  return out;
}

/** Where a key that is no field of its map's type belongs instead. */
export interface Misplacement {
  /** The nearest place where the key is a field, with `*` for any list index or map key. */
  target: readonly PathKey[];
  /**
   * The one map of this object the key moves into, the maps to create below it and the target's
   * path with list indices, when there is exactly one such place and it lacks the key; else
   * undefined (no move is offered).
   */
  into?: { map: YAMLMap; rest: string[]; concrete: PathKey[] };
}

/**
 * Where `name`, written in the map at `path` of `obj` whose type `type` lacks it, belongs: the
 * nearest place where it is a field in Kubernetes 1.`minor`. Undefined when it is a field nowhere
 * else, or when it differs from a field of `type` only by case (a misspelling, not a misplacement).
 * A field of a sibling object is never meant: siblings such as a volume's `rbd` and `storageos` are
 * alternatives, and `pool` in one is no `pool` of the other. Among places equally near (a pod
 * field's `containers[]`, `initContainers[]` and `ephemeralContainers[]`), the one this object
 * has is the target; with none or several, no move is offered.
 */
export function misplacementOf(
  obj: K8sObject,
  path: readonly PathKey[],
  type: SchemaType,
  name: string,
  minor: number,
): Misplacement | undefined {
  const suggestions = suggestNames(type, name, minor);
  if (suggestions.length === 1 && suggestions[0]?.toLowerCase() === name.toLowerCase()) return undefined;
  const elsewhere = whereValid(obj.apiVersion, obj.kind, name, minor, path).filter(
    (p) => !(p.distance === 2 && p.path.length === path.length),
  );
  const nearest = elsewhere[0];
  if (!nearest) return undefined;
  const ties = elsewhere.filter((p) => p.distance === nearest.distance);
  const resolved = ties
    .map((p) => ({ target: p.path, into: resolvePlace(obj.root, p.path, path) }))
    .filter((r) => r.into !== undefined);
  const one = resolved.length === 1 ? resolved[0] : undefined;
  if (!one?.into) return { target: nearest.path };
  const taken = one.into.rest.length === 0 && mapGet(one.into.map, name) !== undefined;
  return taken ? { target: one.target } : { target: one.target, into: one.into };
}

/**
 * Resolves a path with `*` in an object: a `*` is the index of `near` at that step, or the only
 * item of a one-item list. Returns the deepest map that exists, the keys below it that do not (none
 * of them a `*`) and the whole path with list indices for `*`, or undefined when the path cannot be
 * followed to one map.
 */
function resolvePlace(
  root: YValue,
  path: readonly PathKey[],
  near: readonly PathKey[],
): { map: YAMLMap; rest: string[]; concrete: PathKey[] } | undefined {
  const concrete: PathKey[] = [];
  let cur: YValue = deref(root);
  for (const [i, k] of path.entries()) {
    if (k === '*') {
      if (!isSeq(cur)) return undefined;
      const at = near[i];
      const idx = typeof at === 'number' ? at : cur.items.length === 1 ? 0 : undefined;
      if (idx === undefined) return undefined;
      concrete.push(idx);
      cur = deref(cur.items[idx]);
      continue;
    }
    const f = mapGet(cur, String(k));
    if (!f) {
      const rest = path.slice(i);
      if (!isMap(cur) || rest.includes('*')) return undefined;
      return { map: cur, rest: rest.map(String), concrete: [...concrete, ...rest] };
    }
    if (f.merged) return undefined;
    concrete.push(k);
    cur = deref(f.value);
  }
  return isMap(cur) ? { map: cur, rest: [], concrete } : undefined;
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

/** Object paths of the nodes a rule named as the base of an absent field. */
const BASE_PATHS = new WeakMap<object, { root: YValue; path: PathElem[] | undefined }>();

function basePathOf(obj: K8sObject, base: YValue): PathElem[] | undefined {
  if (typeof base !== 'object' || base === null) return undefined;
  const hit = BASE_PATHS.get(base);
  if (hit?.root === obj.root) return hit.path;
  const path = pathOfNode(obj.root, base);
  BASE_PATHS.set(base, { root: obj.root, path });
  return path;
}

/**
 * For a field a rule found absent at `path` below `base`: the same key written in a map above it,
 * where Kubernetes drops it and `unknown-field` says it belongs exactly here (`securityContext` under
 * a Deployment's `spec` for a pod template that lacks it, `runAsNonRoot` in the pod spec instead of
 * its securityContext). Undefined when there is none.
 */
export function misplacedAlong(
  obj: K8sObject,
  base: YValue,
  path: readonly string[],
  minor: number,
): Misspelled | undefined {
  // The maps from the object's root down to the deepest one along `path` that exists.
  const basePath = basePathOf(obj, base);
  if (!basePath) return undefined;
  const chain: { map: YValue; path: PathElem[] }[] = [];
  let cur: YValue = obj.root;
  for (const [i, k] of basePath.entries()) {
    chain.push({ map: cur, path: basePath.slice(0, i) });
    cur = typeof k === 'number' ? (isSeq(cur) ? cur.items[k] : undefined) : mapGet(cur, k)?.value;
  }
  let depth = 0;
  for (;;) {
    chain.push({ map: cur, path: [...basePath, ...path.slice(0, depth)] });
    const key = path[depth];
    const f = key === undefined ? undefined : mapGet(cur, key);
    if (!f) break;
    cur = f.value;
    depth++;
  }
  for (let d = depth; d < path.length; d++) {
    const key = path[d] ?? '';
    const want = pathLabelConcrete([...basePath, ...path.slice(0, d)]);
    for (const above of chain) {
      if (!isMap(above.map)) continue;
      const pair = above.map.items.find(
        (p): p is Pair<Scalar> => isPair(p) && isScalar(p.key) && p.key.value === key,
      );
      if (!pair) continue;
      const place = placeAt(obj.apiVersion, obj.kind, above.path);
      if (place.kind !== 'object' || place.open || place.type.fields.has(key)) continue;
      const m = misplacementOf(obj, above.path, place.type, key, minor);
      if (!m?.into || pathLabelConcrete(m.into.concrete) !== want) continue;
      return {
        pair,
        written: key,
        intended: key,
        misplaced: { at: pathLabel(above.path), belongs: pathLabel(m.target) },
      };
    }
  }
  return undefined;
}

/** A path with its list indices, for comparing places: `spec.containers.0.securityContext`. */
function pathLabelConcrete(path: readonly PathKey[]): string {
  return path.map(String).join('\u0000');
}

/**
 * A rule's message for an absent field, told that the field is written misspelled or misplaced.
 * `namesRule`: unknown-field reports too (and carries the fix), so the message points to it; with that
 * rule turned off it does not name a rule the user will not see.
 */
export function withMisspelling(
  message: string,
  m: Pick<Misspelled, 'written' | 'intended' | 'misplaced'>,
  namesRule = true,
): string {
  const sentence = /[.?!]$/.test(message) ? message : `${message}.`;
  const pointer = namesRule ? ' (unknown-field)' : '';
  if (m.misplaced) {
    const at = m.misplaced.at ? `under \`${m.misplaced.at}\`` : 'at the top level';
    return `${sentence} It is written ${at} here, where Kubernetes drops it: move it to \`${m.misplaced.belongs}\`${pointer}.`;
  }
  return `${sentence} It is written \`${m.written}\` here, a misspelling Kubernetes drops: rename it to \`${m.intended}\`${pointer}.`;
}
