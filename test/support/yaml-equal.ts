// The fast block-YAML reader must build exactly what the `yaml` library builds, or decline.
import { isPair, isScalar, parseAllDocuments, type Document } from 'yaml';
import { readBlockYaml } from '../../server/src/engine/fast-yaml';

type AnyNode = {
  constructor: { name: string };
  range?: unknown;
  flow?: boolean;
  items?: unknown[];
} | null;

/** First difference between two trees in the fields the engine reads, or undefined. */
export function treeDiff(a: unknown, b: unknown, path = '$'): string | undefined {
  const x = a as AnyNode;
  const y = b as AnyNode;
  if (x === null || y === null) return x === y ? undefined : `${path}: null vs node`;
  if (x.constructor.name !== y.constructor.name)
    return `${path}: ${x.constructor.name} vs ${y.constructor.name}`;
  if (JSON.stringify(x.range) !== JSON.stringify(y.range))
    return `${path}: range ${JSON.stringify(x.range)} vs ${JSON.stringify(y.range)}`;
  if (Boolean(x.flow) !== Boolean(y.flow)) return `${path}: flow ${String(x.flow)} vs ${String(y.flow)}`;
  if (isScalar(x) && isScalar(y)) {
    if (!Object.is(x.value, y.value)) return `${path}: value ${String(x.value)} vs ${String(y.value)}`;
    for (const k of ['type', 'source', 'minFractionDigits', 'format', 'tag', 'anchor'] as const)
      if (x[k] !== y[k]) return `${path}: ${k} ${String(x[k])} vs ${String(y[k])}`;
    return undefined;
  }
  const xi = (x as { items?: unknown[] }).items ?? [];
  const yi = (y as { items?: unknown[] }).items ?? [];
  if (xi.length !== yi.length) return `${path}: ${xi.length} items vs ${yi.length}`;
  for (let i = 0; i < xi.length; i++) {
    const p = xi[i];
    const q = yi[i];
    const r =
      isPair(p) && isPair(q)
        ? (treeDiff(p.key, q.key, `${path}.${i}.key`) ?? treeDiff(p.value, q.value, `${path}.${i}.value`))
        : treeDiff(p, q, `${path}[${i}]`);
    if (r) return r;
  }
  return undefined;
}

/**
 * Reads `text` (one chunk) with the fast reader and, when it accepts it, compares with the
 * library: `accepted` says whether the fast path was taken, `diff` the first difference.
 */
export function compareWithLibrary(text: string): { accepted: boolean; diff?: string } {
  const ours = readBlockYaml(text);
  if (!ours) return { accepted: false };
  const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
  const docs: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  const ref = docs[0];
  if (docs.length !== 1 || !ref) return { accepted: true, diff: `the library read ${docs.length} documents` };
  if (ref.errors.length > 0)
    return { accepted: true, diff: `the library reports ${ref.errors[0]?.code ?? 'an error'}` };
  if (JSON.stringify(ref.range) !== JSON.stringify(ours.range))
    return {
      accepted: true,
      diff: `document range ${JSON.stringify(ours.range)} vs ${JSON.stringify(ref.range)}`,
    };
  const diff = treeDiff(ours.contents, ref.contents);
  return diff ? { accepted: true, diff } : { accepted: true };
}
