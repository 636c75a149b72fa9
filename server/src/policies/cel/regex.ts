import type { Environment } from '@marcbachmann/cel-js';
import type { RE2JS } from 're2js';
import { re2js } from '../../engine/lazy-modules';
import { chargeWork, chargeWorkOnce } from './cost';
import { CelLibraryError, toIndex } from './values';

/** Go's `regexp` operations on a compiled pattern, as re2js ports them (`RE2JS.re2()`). */
interface GoRegexp {
  /** `FindString`: the leftmost match, or '' when there is none. */
  find(s: string): string;
  /** `FindAllString`: up to `n` (all when negative) successive non-overlapping matches, or null. */
  findAll(s: string, n: number): string[] | null;
}

/** A compiled pattern and what the cost model needs to know about it. */
interface Compiled {
  re: RE2JS;
  go: GoRegexp;
  /** Instructions of the compiled program. */
  size: number;
  /** {@link estimateProgramSize} of the pattern, charged before compiling. */
  estimate: number;
}

/**
 * Cost of compiling one instruction. Compiling takes a few microseconds per instruction, far more
 * than running one, so a pattern is charged once per policy evaluation (see {@link compile}).
 */
const COMPILE_COST_PER_INSTRUCTION = 25;

/**
 * Cost of running one instruction over ten characters. cel-go charges `ceil(0.25 × pattern length)`
 * per ten characters, assuming four pattern characters per instruction; a counted repetition breaks
 * that assumption (`[a-z]{1000}` is 11 characters and a thousand instructions), so the compiled
 * program's size is charged instead, and never less than cel-go's figure.
 */
const COST_PER_INSTRUCTION = 1;

const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 256;

const REPEAT = /\{(\d+)(?:(,)(\d*))?\}/y;
const GROUP_PREFIX = /\(\?(?:P?<[^>]*>|[a-zA-Z-]*:)/y;
const FLAGS_ONLY = /\(\?[a-zA-Z-]*\)/y;
const BRACED = /\\[pPx]\{[^}]*\}/y;

/**
 * An estimate, from the pattern text alone and in one pass, of the number of instructions RE2
 * compiles it to: every counted repetition `x{n,m}` multiplies the size of `x`. It is charged
 * before the pattern is compiled, so that a pattern such as `(?:a{1000}){1000}` cut into many pieces
 * is stopped by the cost limit instead of taking seconds to compile.
 */
export function estimateProgramSize(pattern: string): number {
  const frames: { total: number; last: number }[] = [{ total: 0, last: 0 }];
  let top = frames[0] ?? { total: 0, last: 0 };
  const atom = (size: number): void => {
    top.total += size;
    top.last = size;
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const stop = end < 0 ? pattern.length : end;
        top.total += stop - (i + 2);
        top.last = 1;
        i = end < 0 ? pattern.length : end + 1;
        continue;
      }
      BRACED.lastIndex = i;
      const braced = BRACED.exec(pattern);
      i += braced ? braced[0].length - 1 : pattern[i + 1] === 'p' || pattern[i + 1] === 'P' ? 2 : 1;
      atom(1);
    } else if (c === '[') {
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') {
        if (pattern[i] === '\\') {
          BRACED.lastIndex = i;
          const braced = BRACED.exec(pattern);
          i += braced ? braced[0].length : 2;
        } else if (pattern[i] === '[' && pattern[i + 1] === ':') {
          const end = pattern.indexOf(':]', i + 2);
          i = end < 0 ? i + 1 : end + 2;
        } else i++;
      }
      atom(1);
    } else if (c === '(') {
      FLAGS_ONLY.lastIndex = i;
      const flags = FLAGS_ONLY.exec(pattern);
      if (flags) {
        i += flags[0].length - 1;
        continue;
      }
      GROUP_PREFIX.lastIndex = i;
      const prefix = GROUP_PREFIX.exec(pattern);
      if (prefix) i += prefix[0].length - 1;
      top = { total: 0, last: 0 };
      frames.push(top);
    } else if (c === ')' && frames.length > 1) {
      const group = frames.pop() ?? top;
      top = frames[frames.length - 1] ?? group;
      atom(group.total + 2);
    } else if (c === '|' || c === '*' || c === '+' || c === '?') {
      top.total += 1;
    } else if (c === '{') {
      REPEAT.lastIndex = i;
      const m = REPEAT.exec(pattern);
      if (!m) {
        atom(1);
        continue;
      }
      const min = Math.min(Number(m[1]), 1001);
      const max = m[2] === undefined ? min : m[3] === '' ? min + 1 : Math.min(Number(m[3]), 1001);
      const count = Math.max(min, max, 1);
      top.total += top.last * (count - 1) + (m[2] === undefined ? 0 : max - min + 1);
      top.last *= count;
      i += m[0].length - 1;
    } else atom(1);
  }
  let size = top.total;
  for (let f = frames.length - 2; f >= 0; f--) size += frames[f]?.total ?? 0;
  return size + 2;
}

/**
 * The compiled pattern, from the cache when it is there. Its compilation is charged once per policy
 * evaluation, whether or not it is cached, so that the cost of an evaluation does not depend on what
 * was evaluated before it: the estimate before compiling, and the rest, if the program turned out
 * larger than estimated, after.
 */
function compile(pattern: string): Compiled {
  const hit = cache.get(pattern);
  if (hit) {
    chargeWorkOnce(pattern, Math.max(hit.estimate, hit.size) * COMPILE_COST_PER_INSTRUCTION);
    return hit;
  }
  const estimate = estimateProgramSize(pattern);
  chargeWorkOnce(pattern, estimate * COMPILE_COST_PER_INSTRUCTION);
  let re: RE2JS;
  try {
    re = re2js().RE2JS.compile(pattern);
  } catch (e) {
    throw new CelLibraryError(e instanceof Error ? e.message : `error parsing regexp: ${pattern}`);
  }
  const size = re.programSize();
  chargeWorkOnce(`${pattern}\0after`, Math.max(0, size - estimate) * COMPILE_COST_PER_INSTRUCTION);
  const compiled: Compiled = { re, go: re.re2(), size, estimate };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

/** Charges one run of a compiled pattern over `s`, before it runs. */
function chargeRun(c: Compiled, pattern: string, s: string): void {
  const perTenCharacters = Math.ceil(Math.max(pattern.length * 0.25, c.size * COST_PER_INSTRUCTION, 1));
  chargeWork(Math.ceil((1 + s.length) * 0.1) * perTenCharacters);
}

/**
 * Whether `pattern` matches anywhere in `s`: CEL `matches`, with the RE2 syntax and semantics of Go's
 * `regexp` (re2js is a port of it), in time linear in the length of `s`.
 */
export function re2Matches(s: string, pattern: string): boolean {
  const c = compile(pattern);
  chargeRun(c, pattern, s);
  return c.re.test(s);
}

/** The leftmost match of `pattern` in `s`, or '' (Kubernetes' `find`, Go's `FindString`). */
export function re2Find(s: string, pattern: string): string {
  const c = compile(pattern);
  chargeRun(c, pattern, s);
  return c.go.find(s);
}

/** Cost of starting the search for one more match of `findAll`, charged for every match it may find. */
const COST_PER_MATCH = 5;

/**
 * Up to `limit` (all when negative) successive non-overlapping matches of `pattern` in `s`
 * (Kubernetes' `findAll`, Go's `FindAllString`: an empty match right after a match is skipped).
 */
export function re2FindAll(s: string, pattern: string, limit: number): string[] {
  const c = compile(pattern);
  chargeRun(c, pattern, s);
  if (limit === 0) return [];
  chargeWork(COST_PER_MATCH * (limit < 0 ? s.length + 1 : Math.min(limit, s.length + 1)));
  return c.go.findAll(s, limit) ?? [];
}

/**
 * Registers the Kubernetes regex library: `find`, `findAll` (k8s.io/apiserver/pkg/cel/library/regex.go),
 * and `matches` with RE2 syntax under an internal name (see `environment.ts`).
 */
export function registerRegex(env: Environment): void {
  env.registerFunction('string.k8sMatches(string): bool', re2Matches);
  env.registerFunction('string.find(string): string', re2Find);
  env.registerFunction('string.findAll(string): list<string>', (s: string, p: string) =>
    re2FindAll(s, p, -1),
  );
  env.registerFunction('string.findAll(string, int): list<string>', (s: string, p: string, n: bigint) =>
    re2FindAll(s, p, toIndex(n)),
  );
}
