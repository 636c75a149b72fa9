// Mutation fuzzing inputs: real manifests (../shared/corpus/real, read at run time) and the rules'
// docs examples, mutated by a list of operations that fast-check generates (and shrinks).
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { manifestFiles } from '../support/walk';
import fc from 'fast-check';
import { rules } from '../../server/src/rules/index';

export const CORPUS = resolve(__dirname, '../../../shared/corpus/real');

export interface Seed {
  name: string;
  text: string;
}

/** Corpus files up to `maxBytes` (big ones make each run slow without finding more) plus every docs example. */
export function loadSeeds(maxBytes = 48_000): Seed[] {
  const seeds: Seed[] = [];
  for (const p of manifestFiles(CORPUS))
    if (statSync(p).size <= maxBytes)
      seeds.push({ name: relative(CORPUS, p), text: readFileSync(p, 'utf8') });
  for (const r of rules) {
    seeds.push({ name: `${r.id}:example`, text: r.docs.example });
    seeds.push({ name: `${r.id}:useInstead`, text: r.docs.useInstead });
  }
  return seeds;
}

/** Strings that matter to YAML, Kubernetes and text handling. */
export const TOKENS = [
  '\u200f', // RTL mark
  '\u202e', // RTL override
  '\u200b',
  '\ufeff', // BOM in the middle
  '\ud800', // lone high surrogate
  '\udc00', // lone low surrogate
  '\ud83d\ude00',
  '\u0000',
  '\u0085',
  '\u2028',
  '\t',
  '\r',
  '\r\n',
  '\n',
  ' ',
  '#',
  ': ',
  ':',
  '- ',
  '-',
  '---\n',
  '...\n',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  "'",
  '&a ',
  '*a',
  '<<: *a',
  '!!str ',
  '!!binary ',
  '? ',
  '|\n',
  '>-\n',
  '{{ .Values.x }}',
  '%YAML 1.1\n',
  'privileged: true',
  'securityContext:',
  'hostPath: {path: /}',
  'yes',
  'on',
  '0x10',
  '~',
  'null',
  'kind: List\nitems:\n',
  'apiVersion: v1\nkind: Pod\n',
];

export type Op =
  | { t: 'byteFlip'; at: number; bit: number }
  | { t: 'unitFlip'; at: number; bit: number }
  | { t: 'truncate'; at: number }
  | { t: 'deleteLine'; at: number }
  | { t: 'dupLine'; at: number }
  | { t: 'swapLines'; at: number; to: number }
  | { t: 'indent'; at: number; count: number; delta: number }
  | { t: 'marker'; at: number }
  | { t: 'insert'; at: number; s: string }
  | { t: 'token'; at: number; i: number }
  | { t: 'eol'; mode: 'crlf' | 'lf' | 'cr' | 'mix'; salt: number };

const pos = fc.nat();
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('byteFlip' as const), at: pos, bit: fc.nat(7) }),
  fc.record({ t: fc.constant('unitFlip' as const), at: pos, bit: fc.nat(15) }),
  fc.record({ t: fc.constant('truncate' as const), at: pos }),
  fc.record({ t: fc.constant('deleteLine' as const), at: pos }),
  fc.record({ t: fc.constant('dupLine' as const), at: pos }),
  fc.record({ t: fc.constant('swapLines' as const), at: pos, to: pos }),
  fc.record({
    t: fc.constant('indent' as const),
    at: pos,
    count: fc.integer({ min: 1, max: 8 }),
    delta: fc.integer({ min: -4, max: 4 }),
  }),
  fc.record({ t: fc.constant('marker' as const), at: pos }),
  fc.record({ t: fc.constant('insert' as const), at: pos, s: fc.string({ unit: 'binary', maxLength: 6 }) }),
  fc.record({ t: fc.constant('token' as const), at: pos, i: fc.nat(TOKENS.length - 1) }),
  fc.record({
    t: fc.constant('eol' as const),
    mode: fc.constantFrom('crlf' as const, 'lf' as const, 'cr' as const, 'mix' as const),
    salt: fc.nat(),
  }),
);

export interface Case {
  seed: number;
  ops: Op[];
}

export function caseArb(seedCount: number): fc.Arbitrary<Case> {
  return fc.record({ seed: fc.nat(seedCount - 1), ops: fc.array(opArb, { minLength: 1, maxLength: 4 }) });
}

function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

export function applyOp(text: string, op: Op): string {
  const n = text.length;
  switch (op.t) {
    case 'byteFlip': {
      // On the UTF-8 bytes, decoded again as a file reader would (invalid sequences become U+FFFD).
      const b = Buffer.from(text, 'utf8');
      if (b.length === 0) return text;
      const i = op.at % b.length;
      b[i] = (b[i] ?? 0) ^ (1 << op.bit);
      return b.toString('utf8');
    }
    case 'unitFlip': {
      if (n === 0) return text;
      const i = op.at % n;
      return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << op.bit)) + text.slice(i + 1);
    }
    case 'truncate':
      return text.slice(0, n === 0 ? 0 : op.at % n);
    case 'deleteLine': {
      const ls = lines(text);
      if (ls.length === 0) return text;
      ls.splice(op.at % ls.length, 1);
      return ls.join('');
    }
    case 'dupLine': {
      const ls = lines(text);
      if (ls.length === 0) return text;
      const i = op.at % ls.length;
      const l = ls[i] ?? '';
      ls.splice(i, 0, l.endsWith('\n') ? l : `${l}\n`);
      return ls.join('');
    }
    case 'swapLines': {
      const ls = lines(text).map((l) => (l.endsWith('\n') ? l : `${l}\n`));
      if (ls.length < 2) return text;
      const i = op.at % ls.length;
      const j = op.to % ls.length;
      const a = ls[i] ?? '';
      ls[i] = ls[j] ?? '';
      ls[j] = a;
      return ls.join('');
    }
    case 'indent': {
      const ls = lines(text);
      if (ls.length === 0) return text;
      const from = op.at % ls.length;
      for (let k = from; k < Math.min(ls.length, from + op.count); k++) {
        const l = ls[k] ?? '';
        ls[k] =
          op.delta >= 0 ? ' '.repeat(op.delta) + l : l.replace(new RegExp(`^ {0,${String(-op.delta)}}`), '');
      }
      return ls.join('');
    }
    case 'marker': {
      const ls = lines(text);
      const i = ls.length === 0 ? 0 : op.at % (ls.length + 1);
      ls.splice(i, 0, '---\n');
      return ls.join('');
    }
    case 'insert': {
      const i = n === 0 ? 0 : op.at % (n + 1);
      return text.slice(0, i) + op.s + text.slice(i);
    }
    case 'token': {
      const i = n === 0 ? 0 : op.at % (n + 1);
      return text.slice(0, i) + (TOKENS[op.i] ?? '') + text.slice(i);
    }
    case 'eol': {
      const ls = text.split(/\r\n|\r|\n/);
      let salt = op.salt;
      let out = '';
      ls.forEach((l, k) => {
        out += l;
        if (k === ls.length - 1) return;
        if (op.mode === 'mix') {
          salt = (salt * 1103515245 + 12345) >>> 0;
          out += ['\n', '\r\n', '\r'][salt % 3] ?? '\n';
        } else out += op.mode === 'crlf' ? '\r\n' : op.mode === 'cr' ? '\r' : '\n';
      });
      return out;
    }
  }
}

export function applyCase(seeds: readonly Seed[], c: Case): string {
  let text = seeds[c.seed % seeds.length]?.text ?? '';
  for (const op of c.ops) text = applyOp(text, op);
  return text;
}
