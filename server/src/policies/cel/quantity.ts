import type { Environment } from '@marcbachmann/cel-js';
import { chargeWork } from './cost';
import { CelLibraryError } from './values';

const BINARY: Readonly<Record<string, bigint>> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([\s\S]*)$/;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const NANO = 10n ** 9n;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

/**
 * A Kubernetes resource quantity (`100m`, `1.5Gi`, `1e3`), held as an exact fraction so comparison
 * and arithmetic are exact, as `resource.Quantity` is. As there, a parsed quantity is a multiple of
 * 1n (`10^-9`), so the denominator never exceeds 10^9 and arithmetic stays linear in the digits.
 */
export class Quantity {
  readonly num: bigint;
  readonly den: bigint;

  constructor(num: bigint, den = 1n) {
    const sign = den < 0n ? -1n : 1n;
    const g = gcd(num, den);
    this.num = (sign * num) / g;
    this.den = (sign * den) / g;
  }

  /**
   * Parses a quantity as `resource.ParseQuantity` does, or throws: a non-zero value is rounded up
   * (away from zero) to a multiple of 1n, and a binary-suffixed one is capped at 2^63-1. Parsing
   * a number of `d` digits takes time quadratic in `d`, which is charged first.
   */
  static parse(text: string): Quantity {
    chargeWork(Math.ceil((text.length * text.length) / 100_000));
    const m = QUANTITY.exec(text);
    if (!m || text.length === 0)
      throw new CelLibraryError(
        `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      );
    const number = m[1] ?? '';
    const suffix = m[2] ?? '';
    const [whole = '', frac = ''] = number.replace(/^[+-]/, '').split('.');
    const negative = number.startsWith('-');
    let num = BigInt((whole || '0') + frac);
    let den = 10n ** BigInt(frac.length);
    const bin = BINARY[suffix];
    if (bin !== undefined) num *= bin;
    else {
      let exp: number | undefined = DECIMAL[suffix];
      if (exp === undefined) {
        const e = /^[eE]([+-]?\d+)$/.exec(suffix);
        if (!e) throw new CelLibraryError(`unable to parse quantity's suffix`);
        exp = Number(e[1]);
        if (Math.abs(exp) > 1000) throw new CelLibraryError('quantity exponent out of range');
      }
      if (exp >= 0) num *= 10n ** BigInt(exp);
      else den *= 10n ** BigInt(-exp);
    }
    if (NANO % den !== 0n) {
      num = (num * NANO + den - 1n) / den;
      den = NANO;
    }
    if (bin !== undefined && num > INT64_MAX * den) {
      num = INT64_MAX;
      den = 1n;
    }
    return new Quantity(negative ? -num : num, den);
  }

  /** Whether the text is a quantity. */
  static isValid(text: string): boolean {
    try {
      Quantity.parse(text);
      return true;
    } catch {
      return false;
    }
  }

  compare(o: Quantity): number {
    const a = this.num * o.den;
    const b = o.num * this.den;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  add(o: Quantity): Quantity {
    return new Quantity(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  sub(o: Quantity): Quantity {
    return new Quantity(this.num * o.den - o.num * this.den, this.den * o.den);
  }

  isInteger(): boolean {
    return this.den === 1n && this.num <= INT64_MAX && this.num >= INT64_MIN;
  }

  asInteger(): bigint {
    if (!this.isInteger()) throw new CelLibraryError('cannot convert value to integer');
    return this.num;
  }

  asApproximateFloat(): number {
    return Number(this.num) / Number(this.den);
  }

  sign(): bigint {
    return this.num > 0n ? 1n : this.num < 0n ? -1n : 0n;
  }

  toString(): string {
    return this.den === 1n ? String(this.num) : String(this.asApproximateFloat());
  }
}

/** Registers the Kubernetes quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go). */
export function registerQuantity(env: Environment): void {
  const Q = 'kubernetes.Quantity';
  env.registerType(Q, Quantity);
  env.registerFunction(`quantity(string): ${Q}`, (s: string) => Quantity.parse(s));
  env.registerFunction('isQuantity(string): bool', (s: string) => Quantity.isValid(s));
  env.registerFunction(`${Q}.sign(): int`, (q: Quantity) => q.sign());
  env.registerFunction(`${Q}.isGreaterThan(${Q}): bool`, (a: Quantity, b: Quantity) => a.compare(b) > 0);
  env.registerFunction(`${Q}.isLessThan(${Q}): bool`, (a: Quantity, b: Quantity) => a.compare(b) < 0);
  env.registerFunction(`${Q}.compareTo(${Q}): int`, (a: Quantity, b: Quantity) => BigInt(a.compare(b)));
  env.registerFunction(`${Q}.asApproximateFloat(): double`, (q: Quantity) => q.asApproximateFloat());
  env.registerFunction(`${Q}.asInteger(): int`, (q: Quantity) => q.asInteger());
  env.registerFunction(`${Q}.isInteger(): bool`, (q: Quantity) => q.isInteger());
  env.registerFunction(`${Q}.add(${Q}): ${Q}`, (a: Quantity, b: Quantity) => a.add(b));
  env.registerFunction(`${Q}.add(int): ${Q}`, (a: Quantity, b: bigint) => a.add(new Quantity(b)));
  env.registerFunction(`${Q}.sub(${Q}): ${Q}`, (a: Quantity, b: Quantity) => a.sub(b));
  env.registerFunction(`${Q}.sub(int): ${Q}`, (a: Quantity, b: bigint) => a.sub(new Quantity(b)));
  env.registerOperator(`${Q} == ${Q}`, (a: Quantity, b: Quantity) => a.compare(b) === 0);
}
