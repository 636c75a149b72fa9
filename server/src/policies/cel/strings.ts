import type { Environment } from '@marcbachmann/cel-js';
import { chargeWork, traversalCost } from './cost';
import { celTypeName, CelLibraryError, codePoints, isPlainMap, toIndex, CelNamespace } from './values';

/** ASCII-only lower-casing, as cel-go's `lowerAscii`. */
export function lowerAscii(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** ASCII-only upper-casing, as cel-go's `upperAscii`. */
export function upperAscii(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

const QUOTE_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};
// eslint-disable-next-line no-control-regex -- the characters strings.quote escapes
const QUOTED = /[\x07\b\f\n\r\t\v\\"]/g;

/** `strings.quote`: a double-quoted CEL string literal that evaluates to `s`. */
export function quote(s: string): string {
  return `"${s.replace(QUOTED, (c) => QUOTE_ESCAPES[c] ?? c)}"`;
}

/**
 * `replace`: the result can be far longer than the string (`"ab".replace("", big)` holds `big` three
 * times), so its length is counted and charged before it is built.
 */
function replace(s: string, from: string, to: string, n: number): string {
  if (n === 0 || (from === to && from !== '')) return s;
  if (from === '') {
    const chars = codePoints(s);
    const count = n < 0 ? chars.length + 1 : Math.min(n, chars.length + 1);
    chargeWork(Math.ceil((s.length + count * to.length) / 10));
    let out = '';
    for (let i = 0; i <= chars.length; i++) {
      if (i < count) out += to;
      out += chars[i] ?? '';
    }
    return out;
  }
  const at: number[] = [];
  for (let i = s.indexOf(from); i >= 0 && (n < 0 || at.length < n); i = s.indexOf(from, i + from.length)) {
    at.push(i);
  }
  chargeWork(at.length + Math.ceil((s.length + at.length * Math.max(0, to.length - from.length)) / 10));
  let out = '';
  let last = 0;
  for (const i of at) {
    out += s.slice(last, i) + to;
    last = i + from.length;
  }
  return out + s.slice(last);
}

/**
 * `join`, charged for the length of its result before it is built: a list can hold the same long
 * string many times over (`lists.range(1000).map(i, big)`), so the result can be far longer than
 * anything charged so far.
 */
function join(list: readonly unknown[], separator: string): string {
  let length = separator.length * Math.max(0, list.length - 1);
  for (const v of list) {
    if (typeof v !== 'string') throw new CelLibraryError('join: list must contain only strings');
    length += v.length;
  }
  chargeWork(Math.ceil(length / 10));
  return list.join(separator);
}

/** `charAt`: the code point at index `i`, '' at the end of the string. */
function charAt(s: string, i: bigint): string {
  const at = toIndex(i);
  let k = 0;
  if (at >= 0) {
    for (const ch of s) {
      if (k === at) return ch;
      k++;
    }
    if (k === at) return '';
  }
  throw new CelLibraryError(`index out of range: ${i}`);
}

/**
 * A value as `%s` and `string()` print it in cel-go's string formatting. Every value printed is
 * charged, with the length of every string: a list can hold the same long string, or the same long
 * list, many times over, so the text can be far longer than anything charged so far.
 */
export function formatValue(v: unknown, nested = false): string {
  chargeWork(1 + traversalCost(v));
  if (typeof v === 'string') return nested ? quote(v) : v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return formatDouble(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => formatValue(x, true)).join(', ')}]`;
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  if (isPlainMap(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${quote(k)}: ${formatValue(v[k], true)}`).join(', ')}}`;
  }
  return typeof v === 'object' ? (v as { toString(): string }).toString() : celTypeName(v);
}

function formatDouble(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return String(v);
}

function toNumber(v: unknown, verb: string): number | bigint {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && typeof (v as { valueOf(): unknown }).valueOf() === 'bigint') {
    return (v as { valueOf(): bigint }).valueOf();
  }
  throw new CelLibraryError(
    `error during formatting: ${verb} clause can only be used on numbers, was given ${celTypeName(v)}`,
  );
}

/** `string.format(list)`, the `%s %d %f %e %b %o %x %X` verbs of cel-go's strings extension. */
export function format(template: string, args: readonly unknown[]): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '%') {
      out += c ?? '';
      continue;
    }
    const m = /^%(?:\.(\d+))?([sdfeboxX%])/.exec(template.slice(i));
    if (!m) throw new CelLibraryError(`could not parse formatting clause at index ${i}`);
    i += m[0].length - 1;
    const verb = m[2] ?? '';
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (next >= args.length) throw new CelLibraryError(`index ${next} out of range`);
    const arg = args[next++];
    const precision = m[1] === undefined ? undefined : Number(m[1]);
    switch (verb) {
      case 's':
        out += formatValue(arg);
        break;
      case 'd': {
        const n = toNumber(arg, 'decimal');
        if (typeof n === 'number' && !Number.isInteger(n)) {
          throw new CelLibraryError('error during formatting: decimal clause can only be used on integers');
        }
        out += String(n);
        break;
      }
      case 'f':
        out += Number(toNumber(arg, 'fixed-point')).toFixed(precision ?? 6);
        break;
      case 'e':
        out += Number(toNumber(arg, 'scientific'))
          .toExponential(precision ?? 6)
          .replace(/e([+-])(\d)$/, 'e$10$2');
        break;
      case 'b':
        out += typeof arg === 'boolean' ? String(arg) : toNumber(arg, 'binary').toString(2);
        break;
      case 'o':
        out += toNumber(arg, 'octal').toString(8);
        break;
      default: {
        const hex =
          typeof arg === 'string'
            ? Buffer.from(arg, 'utf8').toString('hex')
            : arg instanceof Uint8Array
              ? Buffer.from(arg).toString('hex')
              : toNumber(arg, 'hex').toString(16);
        out += verb === 'X' ? hex.toUpperCase() : hex;
      }
    }
  }
  return out;
}

/** The namespace object behind `strings.quote(…)`. */
export class StringsNamespace extends CelNamespace {}

/**
 * Registers the parts of cel-go's strings extension (version 2, as Kubernetes enables it) that the
 * evaluator does not have built in: charAt, replace, quote, format, and, under internal names (see
 * `environment.ts` for the renaming), ASCII-only case mapping and a `join` charged before it runs.
 */
export function registerStrings(env: Environment): void {
  env.registerFunction('string.charAt(int): string', charAt);
  env.registerFunction('string.replace(string, string): string', (s: string, a: string, b: string) =>
    replace(s, a, b, -1),
  );
  env.registerFunction(
    'string.replace(string, string, int): string',
    (s: string, a: string, b: string, n: bigint) => replace(s, a, b, toIndex(n)),
  );
  env.registerFunction('string.format(list): string', (s: string, args: unknown[]) => format(s, args));
  env.registerFunction('string.k8sLowerAscii(): string', lowerAscii);
  env.registerFunction('string.k8sUpperAscii(): string', upperAscii);
  env.registerFunction('list<string>.k8sJoin(): string', (l: unknown[]) => join(l, ''));
  env.registerFunction('list<string>.k8sJoin(string): string', join);
  env.registerType('kubeward.StringsNamespace', StringsNamespace);
  env.registerConstant('strings', 'kubeward.StringsNamespace', new StringsNamespace());
  env.registerFunction('kubeward.StringsNamespace.quote(string): string', (_ns: unknown, s: string) =>
    quote(s),
  );
}
