import type { Optional } from '@marcbachmann/cel-js';
import { celJs } from '../../engine/lazy-modules';
import { chargeWork } from './cost';

/** A CEL runtime error raised by a library function, with the message cel-go would give. */
export class CelLibraryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CelLibraryError';
  }
}

/** A value as the CEL evaluator sees it: JSON-like data with `bigint` integers. */
export type CelValue = unknown;

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
  );
}

function numeric(v: unknown): number | bigint | undefined {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && 'valueOf' in v && v.constructor.name === 'UnsignedInt') {
    const n = (v as { valueOf(): unknown }).valueOf();
    return typeof n === 'bigint' ? n : undefined;
  }
  return undefined;
}

/** Compares two numbers of any CEL numeric type (int, uint, double), as cel-go's cross-type comparison does. */
function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  return x < y ? -1 : x > y ? 1 : 0;
}

function stringPairCost(a: unknown, b: unknown): number {
  return typeof a === 'string' && typeof b === 'string'
    ? 1 + Math.ceil(Math.min(a.length, b.length) / 10)
    : 1;
}

/**
 * CEL equality (`==`): numbers compare across int, uint and double; lists and maps compare deeply.
 * Each comparison, at every depth, is charged (see {@link chargeWork}): one unit, and a traversal of
 * the shorter of two strings.
 */
export function celEquals(a: unknown, b: unknown): boolean {
  chargeWork(stringPairCost(a, b));
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return compareNumbers(na, nb) === 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  }
  if (isPlainMap(a) && isPlainMap(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && celEquals(a[k], b[k]));
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (a instanceof celJs().Optional && b instanceof celJs().Optional) {
    if (a.hasValue() !== b.hasValue()) return false;
    return !a.hasValue() || celEquals(a.value(), b.value());
  }
  return a === b;
}

/**
 * CEL ordering of two comparable values (numbers across types, strings, bools, timestamps,
 * durations), or a {@link CelLibraryError} when they are not comparable. Charged one unit, and a
 * traversal of the shorter of two strings.
 */
export function celCompare(a: unknown, b: unknown): number {
  chargeWork(stringPairCost(a, b));
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return compareNumbers(na, nb);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (
    a !== null &&
    b !== null &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    a.constructor === b.constructor
  ) {
    const x = (a as { valueOf(): unknown }).valueOf();
    const y = (b as { valueOf(): unknown }).valueOf();
    if (typeof x === 'number' && typeof y === 'number') return Math.sign(x - y);
  }
  throw new CelLibraryError(`no such overload: ${celTypeName(a)} < ${celTypeName(b)}`);
}

/** The CEL type name of a runtime value, for error messages. */
export function celTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'null_type';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Uint8Array) return 'bytes';
  if (v instanceof Date) return 'google.protobuf.Timestamp';
  if (v instanceof celJs().Optional) return 'optional_type';
  if (isPlainMap(v)) return 'map';
  return v.constructor.name;
}

/** Size of a string as CEL counts it: Unicode code points. */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** A CEL integer argument as a safe JavaScript number, or an error when it does not fit. */
export function toIndex(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new CelLibraryError(`index out of range: ${v}`);
  }
  return Number(v);
}

export { isPlainMap };

/** Whether a value is a CEL optional. */
export function isOptional(v: unknown): v is Optional {
  return v instanceof celJs().Optional;
}

/** Base of the objects behind namespaced functions (`strings.quote`, `sets.contains`, `format.named`…). */
export class CelNamespace {
  readonly celNamespace = true;
}
