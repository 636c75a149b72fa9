import type { Environment } from '@marcbachmann/cel-js';
import { CelLibraryError, toIndex } from './values';

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 256;

/**
 * Translates an RE2 pattern (the syntax of Go's `regexp`, which Kubernetes CEL uses) to a JavaScript
 * RegExp: leading `(?flags)`, `\A`, `\z`, `\Q…\E`, `(?P<name>…)`, `[[:class:]]` and `\pL` are rewritten;
 * RE2 syntax JavaScript lacks (inline flags inside the pattern, `\C`) is an error.
 */
export function re2ToRegExp(pattern: string, global = false): RegExp {
  const key = `${global ? 'g' : ''}:${pattern}`;
  const hit = cache.get(key);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  let flags = global ? 'g' : '';
  let src = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    const f = lead[1] ?? '';
    if (f.includes('U')) throw new CelLibraryError(`unsupported regex flag U in ${pattern}`);
    for (const c of f) if (!flags.includes(c)) flags += c;
    src = src.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] ?? '';
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const lit = src.slice(i + 2, end < 0 ? src.length : end);
        out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? src.length : end + 1;
      } else if (n === 'A' && !inClass) {
        out += '^';
        i++;
      } else if (n === 'z' && !inClass) {
        out += '$(?![\\s\\S])';
        i++;
      } else if ((n === 'p' || n === 'P') && src[i + 2] !== '{') {
        out += `\\${n}{${src[i + 2] ?? ''}}`;
        i += 2;
      } else if (n === 'C') {
        throw new CelLibraryError(`unsupported regex escape \\C in ${pattern}`);
      } else {
        out += c + n;
        i++;
      }
      continue;
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') {
        const end = src.indexOf(':]', i + 2);
        const name = end < 0 ? undefined : src.slice(i + 2, end);
        const negated = name?.startsWith('^');
        const cls = name === undefined ? undefined : POSIX_CLASSES[negated ? name.slice(1) : name];
        if (cls !== undefined && !negated) {
          out += cls;
          i = end + 1;
          continue;
        }
        if (name !== undefined)
          throw new CelLibraryError(`unsupported character class [:${name}:] in ${pattern}`);
      }
      if (c === ']') inClass = false;
      out += c === '[' ? '\\[' : c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      if (src[i + 2] === 'P' && src[i + 3] === '<') {
        out += '(?<';
        i += 3;
        continue;
      }
      if (/^\(\?[imsU-]+[:)]/.test(src.slice(i))) {
        throw new CelLibraryError(`unsupported inline regex flags in ${pattern}`);
      }
    }
    out += c;
  }
  let re: RegExp;
  try {
    re = new RegExp(out, `${flags}u`);
  } catch {
    try {
      re = new RegExp(out, flags);
    } catch {
      throw new CelLibraryError(`error parsing regexp: ${pattern}`);
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, re);
  return re;
}

/** Whether `pattern` matches anywhere in `s` (CEL `matches`, RE2 semantics). */
export function re2Matches(s: string, pattern: string): boolean {
  return re2ToRegExp(pattern).test(s);
}

/**
 * Registers the Kubernetes regex library: `find`, `findAll` (k8s.io/apiserver/pkg/cel/library/regex.go),
 * and `matches` with RE2 syntax under an internal name (see `environment.ts`).
 */
export function registerRegex(env: Environment): void {
  env.registerFunction('string.k8sMatches(string): bool', re2Matches);
  env.registerFunction(
    'string.find(string): string',
    (s: string, p: string) => re2ToRegExp(p).exec(s)?.[0] ?? '',
  );
  env.registerFunction('string.findAll(string): list<string>', (s: string, p: string) => findAll(s, p, -1));
  env.registerFunction('string.findAll(string, int): list<string>', (s: string, p: string, n: bigint) =>
    findAll(s, p, toIndex(n)),
  );
}

function findAll(s: string, pattern: string, limit: number): string[] {
  if (limit === 0) return [];
  const re = re2ToRegExp(pattern, true);
  const out: string[] = [];
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out.push(m[0]);
    if (m[0] === '') re.lastIndex++;
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
}
