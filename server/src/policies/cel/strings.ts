import type { Environment } from '@marcbachmann/cel-js';
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

/** `strings.quote`: a double-quoted CEL string literal that evaluates to `s`. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) out += QUOTE_ESCAPES[ch] ?? ch;
  return `${out}"`;
}

function replace(s: string, from: string, to: string, n: number): string {
  if (n === 0 || (from === to && from !== '')) return s;
  if (from === '') {
    const chars = codePoints(s);
    let count = 0;
    let out = '';
    for (let i = 0; i <= chars.length; i++) {
      if (n < 0 || count < n) {
        out += to;
        count++;
      }
      out += chars[i] ?? '';
    }
    return out;
  }
  if (n < 0) return s.split(from).join(to);
  let out = '';
  let rest = s;
  for (let i = 0; i < n; i++) {
    const at = rest.indexOf(from);
    if (at < 0) break;
    out += rest.slice(0, at) + to;
    rest = rest.slice(at + from.length);
  }
  return out + rest;
}

function charAt(s: string, i: bigint): string {
  const chars = codePoints(s);
  const at = toIndex(i);
  if (at < 0 || at > chars.length) throw new CelLibraryError(`index out of range: ${i}`);
  return chars[at] ?? '';
}

/** A value as `%s` and `string()` print it in cel-go's string formatting. */
export function formatValue(v: unknown, nested = false): string {
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
 * evaluator does not have built in: charAt, replace, quote, format, and ASCII-only case mapping under
 * internal names (see `environment.ts` for the renaming of `lowerAscii`/`upperAscii`).
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
  env.registerType('kubeward.StringsNamespace', StringsNamespace);
  env.registerConstant('strings', 'kubeward.StringsNamespace', new StringsNamespace());
  env.registerFunction('kubeward.StringsNamespace.quote(string): string', (_ns: unknown, s: string) =>
    quote(s),
  );
}
