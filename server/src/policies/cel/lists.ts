import type { Environment } from '@marcbachmann/cel-js';
import { celJs } from '../../engine/lazy-modules';
import { chargeWork } from './cost';
import { celCompare, celEquals, CelLibraryError, celTypeName, toIndex, CelNamespace } from './values';

function isSorted(list: readonly unknown[]): boolean {
  for (let i = 1; i < list.length; i++) if (celCompare(list[i - 1], list[i]) > 0) return false;
  return true;
}

function sum(list: readonly unknown[]): unknown {
  if (list.length === 0) return 0n;
  let acc: unknown = list[0];
  for (const v of list.slice(1)) {
    if (typeof acc === 'bigint' && typeof v === 'bigint') acc = acc + v;
    else if (typeof acc === 'number' && typeof v === 'number') acc = acc + v;
    else if (
      acc !== null &&
      typeof acc === 'object' &&
      'addDuration' in acc &&
      v !== null &&
      typeof v === 'object'
    ) {
      acc = (acc as { addDuration(o: unknown): unknown }).addDuration(v);
    } else throw new CelLibraryError(`no such overload: ${celTypeName(acc)} + ${celTypeName(v)}`);
  }
  return acc;
}

function extreme(list: readonly unknown[], sign: number, name: string): unknown {
  if (list.length === 0) throw new CelLibraryError(`${name}(list) called on empty list`);
  let best = list[0];
  for (const v of list.slice(1)) if (celCompare(v, best) * sign > 0) best = v;
  return best;
}

function indexOf(list: readonly unknown[], item: unknown): bigint {
  return BigInt(list.findIndex((x) => celEquals(x, item)));
}

function lastIndexOf(list: readonly unknown[], item: unknown): bigint {
  for (let i = list.length - 1; i >= 0; i--) if (celEquals(list[i], item)) return BigInt(i);
  return -1n;
}

function slice(list: readonly unknown[], start: bigint, end: bigint): unknown[] {
  const s = toIndex(start);
  const e = toIndex(end);
  if (s < 0 || e < 0) throw new CelLibraryError(`cannot slice(${s}, ${e}), negative indexes not supported`);
  if (s > e)
    throw new CelLibraryError(
      `cannot slice(${s}, ${e}), start index must be less than or equal to end index`,
    );
  if (e > list.length) throw new CelLibraryError(`cannot slice(${s}, ${e}), list is length ${list.length}`);
  return list.slice(s, e);
}

/**
 * `flatten`: every element it copies is charged, since nested lists can share elements many times
 * over and the result be far longer than anything charged so far.
 */
function flatten(list: readonly unknown[], depth: number): unknown[] {
  if (depth < 0) throw new CelLibraryError('level must be non-negative');
  chargeWork(list.length);
  const out: unknown[] = [];
  for (const v of list) {
    if (Array.isArray(v) && depth > 0) out.push(...flatten(v, depth - 1));
    else out.push(v);
  }
  return out;
}

function distinct(list: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of list) if (!out.some((x) => celEquals(x, v))) out.push(v);
  return out;
}

function sort(list: readonly unknown[]): unknown[] {
  return [...list].sort(celCompare);
}

/**
 * `lists.range`: its length comes from a number, not from anything charged, so each element it
 * creates is charged first.
 */
function range(n: bigint): bigint[] {
  chargeWork(n > 0n ? toIndex(n) : 0);
  const out: bigint[] = [];
  for (let i = 0n; i < n; i++) out.push(i);
  return out;
}

/** The namespace object behind `lists.range(…)`. */
export class ListsNamespace extends CelNamespace {}
/** The namespace object behind `sets.contains(…)` and the other set functions. */
export class SetsNamespace extends CelNamespace {}

/**
 * Registers the Kubernetes lists library (isSorted, sum, min, max, indexOf, lastIndexOf;
 * k8s.io/apiserver/pkg/cel/library/lists.go), cel-go's lists extension version 3 as Kubernetes 1.34+
 * enables it (slice, flatten, distinct, reverse, sort, first, last, `lists.range`) and cel-go's sets
 * extension (`sets.contains`, `sets.equivalent`, `sets.intersects`).
 */
export function registerLists(env: Environment): void {
  env.registerFunction('list.isSorted(): bool', isSorted);
  env.registerFunction('list.sum(): dyn', sum);
  env.registerFunction('list.min(): dyn', (l: unknown[]) => extreme(l, -1, 'min'));
  env.registerFunction('list.max(): dyn', (l: unknown[]) => extreme(l, 1, 'max'));
  env.registerFunction('list.indexOf(dyn): int', indexOf);
  env.registerFunction('list.lastIndexOf(dyn): int', lastIndexOf);
  env.registerFunction('list.slice(int, int): list', slice);
  env.registerFunction('list.flatten(): list', (l: unknown[]) => flatten(l, 1));
  env.registerFunction('list.flatten(int): list', (l: unknown[], d: bigint) => flatten(l, toIndex(d)));
  env.registerFunction('list.distinct(): list', distinct);
  env.registerFunction('list.reverse(): list', (l: unknown[]) => [...l].reverse());
  env.registerFunction('list.sort(): list', sort);
  env.registerFunction('list.first(): optional<dyn>', (l: unknown[]) =>
    l.length === 0 ? celJs().Optional.none() : celJs().Optional.of(l[0]),
  );
  env.registerFunction('list.last(): optional<dyn>', (l: unknown[]) =>
    l.length === 0 ? celJs().Optional.none() : celJs().Optional.of(l[l.length - 1]),
  );
  env.registerType('kubeward.ListsNamespace', ListsNamespace);
  env.registerConstant('lists', 'kubeward.ListsNamespace', new ListsNamespace());
  env.registerFunction('kubeward.ListsNamespace.range(int): list<int>', (_ns: unknown, n: bigint) =>
    range(n),
  );
  env.registerType('kubeward.SetsNamespace', SetsNamespace);
  env.registerConstant('sets', 'kubeward.SetsNamespace', new SetsNamespace());
  env.registerFunction(
    'kubeward.SetsNamespace.contains(list, list): bool',
    (_ns: unknown, a: unknown[], b: unknown[]) => b.every((x) => a.some((y) => celEquals(x, y))),
  );
  env.registerFunction(
    'kubeward.SetsNamespace.equivalent(list, list): bool',
    (_ns: unknown, a: unknown[], b: unknown[]) =>
      b.every((x) => a.some((y) => celEquals(x, y))) && a.every((x) => b.some((y) => celEquals(x, y))),
  );
  env.registerFunction(
    'kubeward.SetsNamespace.intersects(list, list): bool',
    (_ns: unknown, a: unknown[], b: unknown[]) => a.some((x) => b.some((y) => celEquals(x, y))),
  );
}
