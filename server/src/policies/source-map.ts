import { isScalar, type Scalar } from 'yaml';
import type { Span } from '../engine/locate';
import { deref, type YValue } from '../engine/node';

/** An expression as written in a manifest, with the map from offsets in it to offsets in the chunk. */
export interface ExpressionSource {
  /** The expression, as the YAML scalar decodes. */
  text: string;
  /** The scalar's value range in the chunk. */
  span: Span;
  /** Chunk offset of each character of {@link text} (and one more for its end). */
  offsets: readonly number[];
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * Aligns the decoded text of a scalar with its source so an offset inside the expression (a CEL
 * parse error's column) maps to the exact line and column in the file, also inside `|`/`>` block
 * scalars, folded plain scalars and quoted strings with escapes.
 */
function alignOffsets(scalar: Scalar, text: string, chunk: string): number[] {
  const [start, end] = scalar.range ?? [0, 0];
  const src = chunk.slice(start, end);
  let p = 0;
  if (scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') {
    const nl = src.indexOf('\n');
    p = nl < 0 ? src.length : nl + 1;
  } else if (scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE') p = 1;
  const out: number[] = [];
  for (const c of text) {
    while (p < src.length) {
      const s = src[p];
      if (s === c || (isSpace(c) && isSpace(s))) break;
      if (scalar.type === 'QUOTE_DOUBLE' && s === '\\') break;
      if (scalar.type === 'QUOTE_SINGLE' && s === "'" && c === "'") break;
      p++;
    }
    out.push(start + Math.min(p, src.length));
    for (let k = 1; k < c.length; k++) out.push(start + Math.min(p + k, src.length));
    if (src[p] === '\\' && scalar.type === 'QUOTE_DOUBLE') {
      const esc = /^\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/s.exec(src.slice(p));
      p += esc?.[0].length ?? 1;
    } else if (src[p] === "'" && scalar.type === 'QUOTE_SINGLE') p += 2;
    else p += c.length;
  }
  out.push(start + Math.min(p, src.length));
  return out;
}

/** The expression in a YAML value, with its offsets; undefined when the value is not a string scalar. */
export function expressionSource(node: YValue, chunk: string): ExpressionSource | undefined {
  const n = deref(node);
  if (!isScalar(n) || typeof n.value !== 'string' || !n.range) return undefined;
  return {
    text: n.value,
    span: { start: n.range[0], end: n.range[1] },
    offsets: alignOffsets(n, n.value, chunk),
  };
}

/** The chunk span of the part `[start, end)` of an expression. */
export function spanInExpression(src: ExpressionSource, start: number, end: number): Span {
  const s = src.offsets[Math.max(0, Math.min(start, src.offsets.length - 1))] ?? src.span.start;
  const e = src.offsets[Math.max(0, Math.min(end, src.offsets.length - 1))] ?? src.span.end;
  return e > s ? { start: s, end: e } : { start: s, end: Math.min(src.span.end, s + 1) };
}
