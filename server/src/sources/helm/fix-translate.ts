import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import { Fixer, applyEdits, type Edit, type Leaf } from '../../engine/fix';
import type { Field } from '../../engine/node';
import { eolOf, lineEndOf, lineStartOf } from '../../engine/text';
import { diffDocuments, leaves, type DiffOp } from '../object-diff';
import { parseTemplate } from './go-template';
import type { Explanation, MappedDoc, Override } from './map';
import type { SkelEntry } from './skeleton';
import { editableThrough, type PathElem, type ValuesFile, type ValuesHit, type ValuesSource } from './values';

/** An edit in one file of the chart (or a configured values file). */
export interface FileEdit extends Edit {
  file: string;
}

/** A value the template prints through `quote`/`toString` must stay a string. */
function fitsTransforms(transforms: readonly string[], value: unknown): boolean {
  if (transforms.some((t) => t === 'quote' || t === 'squote' || t === 'toString'))
    return typeof value === 'string';
  return true;
}

/**
 * A planned change of one file: offset edits on its current text (template lines, `--set` entries),
 * or, for values files, a step run on the text as the previous steps left it (several changes in
 * one values file, say two keys added under one map, are made one after the other, each on a fresh
 * parse, so they never collide).
 */
type Planned =
  | {
      kind: 'edits';
      file: string;
      /** The text the edits apply to ('' when the file's text is not known, as for a `--set` entry). */
      text: string;
      edits: Edit[];
      /** Template edits shared by several iterations: how many identical ops are needed. */
      shared?: { key: string; needed: number };
    }
  | {
      kind: 'step';
      file: string;
      text: string;
      step: (text: string) => { text: string; edit: Edit } | undefined;
    };

/** A values-file step from a function that makes one edit on a fresh parse of the current text. */
function valuesStep(
  src: ValuesFile,
  edit: (text: string, doc: Document.Parsed) => Edit | undefined,
): Planned[] {
  return [
    {
      kind: 'step',
      file: src.file,
      text: src.text,
      step: (text) => {
        const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
        if (doc.errors.length > 0) return undefined;
        const e = edit(text, doc);
        return e ? { text: applyEdits(text, [e]), edit: e } : undefined;
      },
    },
  ];
}

/** What fix translation needs: the mapped document and the texts of the files it may edit. */
export interface TranslateContext {
  doc: MappedDoc;
  /** Chart-relative path → text (the chart's files, as mapped). */
  files: ReadonlyMap<string, string>;
}

/**
 * Carries a fix computed on a clean rendered document to the files a person edits: values files
 * (through {@link Fixer}, so comments, quoting and indentation stay), template lines written
 * literally, or `--set` entries. Undefined when any part of the change cannot be made safely there:
 * a value computed by an expression or transformed (`b64enc`, `tpl`…), a template line shared by
 * several iterations of which only some change, a change of a shape the diff does not know.
 */
export function translateFix(ctx: TranslateContext, renderedEdits: readonly Edit[]): FileEdit[] | undefined {
  try {
    return translate(ctx, renderedEdits);
  } catch {
    return undefined;
  }
}

function translate(ctx: TranslateContext, renderedEdits: readonly Edit[]): FileEdit[] | undefined {
  let after: string;
  try {
    after = applyEdits(ctx.doc.text, renderedEdits);
  } catch {
    return undefined;
  }
  const ops = diffDocuments(ctx.doc.text, after);
  if (!ops || ops.length === 0) return undefined;
  const planned: Planned[] = [];
  for (const op of ops) {
    const p = planOp(ctx, op, after);
    if (!p) return undefined;
    planned.push(...p);
  }
  return combine(ctx, planned);
}

function planOp(ctx: TranslateContext, op: DiffOp, after: string): Planned[] | undefined {
  switch (op.op) {
    case 'set': {
      const ex = ctx.doc.explain(op.path);
      const override = ex.kind === 'values' || ex.kind === 'fallback' ? ex.override : undefined;
      if (override) {
        if (!editableThrough(override.transforms) || !fitsTransforms(override.transforms, op.value))
          return undefined;
        return writeOverride(override, [{ path: [], leaf: { scalar: op.text } }]);
      }
      if (ex.kind === 'values') return setInValues(ex, op);
      if (ex.kind === 'template' && ex.literal && ex.exact && ex.valueSpan) {
        const text = ctx.files.get(ex.file);
        if (text === undefined) return undefined;
        return [
          {
            kind: 'edits',
            file: ex.file,
            text,
            edits: [{ start: ex.valueSpan.start, end: ex.valueSpan.end, newText: op.text }],
            ...(ex.sharedBy > 1
              ? { shared: { key: `set:${ex.valueSpan.start}:${op.text}`, needed: ex.sharedBy } }
              : {}),
          },
        ];
      }
      return undefined;
    }
    case 'add': {
      const ex = ctx.doc.explain(op.path, { missing: true });
      const sub = leaves(op.node, after);
      if (!sub) return undefined;
      const override = ex.kind === 'values' || ex.kind === 'fallback' ? ex.override : undefined;
      if (override) return editableThrough(override.transforms) ? writeOverride(override, sub) : undefined;
      if (ex.kind === 'values') return addInValues(ex, sub);
      if (ex.kind === 'template') return addInTemplate(ctx, ex, sub);
      return undefined;
    }
    case 'remove': {
      const ex = ctx.doc.explain(op.path);
      if (ex.kind === 'values') return removeInValues(ex);
      if (ex.kind === 'template') return removeTemplateLine(ctx, ex);
      return undefined;
    }
    case 'removeItem': {
      const ex = ctx.doc.explain([...op.path, op.index]);
      if (ex.kind === 'values') return removeItemInValues(ex);
      if (ex.kind === 'template') return removeTemplateLine(ctx, ex);
      return undefined;
    }
    case 'appendItem': {
      const ex = ctx.doc.explain(op.path);
      if (ex.kind !== 'values' || !ex.exact || !ex.editable || ex.hit.via !== 'values') return undefined;
      const src = ex.hit.source;
      const path = ex.hit.sourcePath;
      if (!isSeq(ex.hit.pair?.value) || src.kind !== 'file') return undefined;
      return valuesStep(src, (text, doc) => {
        const seq = nodeAt(doc.contents, path);
        return isSeq(seq) ? new Fixer(text, doc.contents).appendSeqItem(seq, op.text) : undefined;
      });
    }
  }
}

function fieldOf(pair: Pair): Field | undefined {
  if (!isScalar(pair.key)) return undefined;
  return { pair: pair as Pair<Scalar>, key: pair.key, value: pair.value };
}

function setInValues(
  ex: Extract<Explanation, { kind: 'values' }>,
  op: Extract<DiffOp, { op: 'set' }>,
): Planned[] | undefined {
  if (!ex.exact || !ex.editable || !fitsTransforms(ex.transforms, op.value)) return undefined;
  if (ex.hit.via === 'set') return setInSetEntry(ex.hit, op.text);
  const src = ex.hit.source;
  const path = ex.hit.sourcePath;
  const last = path[path.length - 1];
  if (src.kind !== 'file' || last === undefined) return undefined;
  return valuesStep(src, (text, doc) => {
    const parent = nodeAt(doc.contents, path.slice(0, -1));
    if (isSeq(parent)) {
      // A scalar item of a list (`- NET_RAW`).
      const node: unknown = parent.items[typeof last === 'number' ? last : Number(last)];
      return isScalar(node) && node.range
        ? { start: node.range[0], end: node.range[1], newText: op.text }
        : undefined;
    }
    const pair = isMap(parent) ? pairIn(parent, String(last)) : undefined;
    const field = pair ? fieldOf(pair) : undefined;
    return field ? new Fixer(text, doc.contents).setValue(field, op.text) : undefined;
  });
}

function pairIn(map: YAMLMap, key: string): Pair | undefined {
  let found: Pair | undefined;
  for (const it of map.items) if (isPair(it) && isScalar(it.key) && String(it.key.value) === key) found = it;
  return found;
}

/** Rewrites the value of a `key=value` `--set` entry (plain values only: the entry may sit in JSON). */
function setInSetEntry(hit: ValuesHit, text: string): Planned[] | undefined {
  if (!/^[\w.:/+-]+$/.test(text) || hit.source.kind !== 'set') return undefined;
  const entry = hit.source.entries.find(
    (e) => e.file === hit.file && e.start <= hit.start && hit.end <= e.end,
  );
  if (!entry) return undefined;
  const assignment = entry.expression.slice(hit.start - entry.start, hit.end - entry.start);
  const eq = assignment.search(/(?<!\\)=/);
  if (eq < 0) return undefined;
  return [
    {
      kind: 'edits',
      file: hit.file,
      text: '',
      edits: [{ start: hit.start + eq + 1, end: hit.end, newText: text }],
    },
  ];
}

/** The node at a path of a values document (keys and indices). */
function nodeAt(root: unknown, path: readonly PathElem[]): unknown {
  let cur = root;
  for (const k of path) {
    if (isSeq(cur)) cur = cur.items[typeof k === 'number' ? k : Number(k)];
    else if (isMap(cur)) {
      let found: unknown;
      for (const it of cur.items)
        if (isPair(it) && isScalar(it.key) && String(it.key.value) === String(k)) found = it.value;
      cur = found;
    } else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/**
 * Adds leaves below the nearest existing values key: into a block map at its indentation, into a flow
 * map, or turning an empty `{}` (or an empty `key:`) into a block.
 */
function addInValues(
  ex: Extract<Explanation, { kind: 'values' }>,
  sub: { path: PathElem[]; leaf: Leaf }[],
): Planned[] | undefined {
  const hit = ex.hit;
  if (hit.via !== 'values' || !ex.editable) return undefined;
  const src = hit.source;
  if (src.kind !== 'file' || !hit.pair) return undefined;
  const rest = ex.valuesPath.slice(hit.depth);
  if (rest.some((k) => typeof k === 'number') || sub.some((s) => s.path.some((k) => typeof k === 'number')))
    return undefined;
  const keyPath = hit.sourcePath;
  const parentPath = keyPath.slice(0, -1);
  const key = keyPath[keyPath.length - 1];
  if (typeof key !== 'string') return undefined;
  return sub.flatMap((s) =>
    valuesStep(src, (text, doc) => {
      const parent = parentPath.length === 0 ? doc.contents : nodeAt(doc.contents, parentPath);
      if (!isMap(parent)) return undefined;
      const fixer = new Fixer(text, doc.contents);
      const path = [key, ...(rest as string[]), ...(s.path as string[])];
      return emptyFlowToBlock(fixer, text, parent, path, s.leaf) ?? fixer.ensure(parent, path, s.leaf);
    }),
  );
}

/**
 * Writes an override of a packaged subchart's default into an editable values file: each leaf at
 * `override.path` + its own path, creating the maps on the way at the file's indentation.
 */
function writeOverride(override: Override, sub: { path: PathElem[]; leaf: Leaf }[]): Planned[] | undefined {
  const steps: Planned[] = [];
  for (const s of sub) {
    const path = [...override.path, ...s.path];
    if (path.length === 0 || path.some((k) => typeof k === 'number')) return undefined;
    steps.push(
      ...valuesStep(override.source, (text, doc) => {
        const root = doc.contents;
        if (root === null || (isScalar(root) && root.value === null)) {
          const fixer = new Fixer(text, root);
          const body = fixer.blockText(path as string[], s.leaf, 0);
          const sep = text === '' || text.endsWith('\n') ? '' : fixer.eol;
          return { start: text.length, end: text.length, newText: `${sep}${body}${fixer.eol}` };
        }
        if (!isMap(root)) return undefined;
        const fixer = new Fixer(text, root);
        return (
          emptyFlowToBlock(fixer, text, root, path as string[], s.leaf) ??
          fixer.ensure(root, path as string[], s.leaf)
        );
      }),
    );
  }
  return steps;
}

/** `key: {}` → `key:\n  a: b` (the brace pair replaced by a block at the document's indentation). */
function emptyFlowToBlock(
  fixer: Fixer,
  text: string,
  parent: YAMLMap,
  path: string[],
  leaf: Leaf,
): Edit | undefined {
  let map: unknown = parent;
  let keyPair: Pair | undefined;
  let depth = 0;
  for (; depth < path.length; depth++) {
    let found: Pair | undefined;
    if (isMap(map))
      for (const it of map.items)
        if (isPair(it) && isScalar(it.key) && String(it.key.value) === path[depth]) found = it;
    if (!found) break;
    keyPair = found;
    map = found.value;
  }
  if (!keyPair || depth === 0 || depth >= path.length) return undefined;
  const v = keyPair.value;
  if (!isMap(v) || !v.flow || v.items.length > 0 || !v.range) return undefined;
  const k = keyPair.key as Scalar;
  const keyStart = k.range?.[0];
  if (keyStart === undefined) return undefined;
  const col = fixer.propStart(keyStart) - lineStartOf(text, keyStart);
  let from = v.range[0];
  while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  const block = fixer.blockText(path.slice(depth), leaf, col + fixer.indentUnit);
  return { start: from, end: v.range[1], newText: fixer.eol + block };
}

/** One edit replacing what differs between two texts (common prefix and suffix kept, whole words). */
function minimalEdit(before: string, after: string): Edit {
  let s = 0;
  while (s < before.length && s < after.length && before[s] === after[s]) s++;
  let e = 0;
  while (
    e < before.length - s &&
    e < after.length - s &&
    before[before.length - 1 - e] === after[after.length - 1 - e]
  )
    e++;
  // `true` → `false` is one word replaced, not `tru` → `fals`.
  const word = /[\w.-]/;
  while (s > 0 && word.test(before[s - 1] ?? '')) s--;
  while (e > 0 && word.test(before[before.length - e] ?? '')) e--;
  return { start: s, end: before.length - e, newText: after.slice(s, after.length - e) };
}

function removeInValues(ex: Extract<Explanation, { kind: 'values' }>): Planned[] | undefined {
  const hit = ex.hit;
  const src = hit.source;
  const path = hit.sourcePath;
  const last = path[path.length - 1];
  if (!ex.exact || hit.via !== 'values' || !hit.pair || src.kind !== 'file' || typeof last !== 'string')
    return undefined;
  return valuesStep(src, (text, doc) => {
    const parent = nodeAt(doc.contents, path.slice(0, -1));
    const pair = isMap(parent) ? pairIn(parent, last) : undefined;
    if (!isMap(parent) || !pair) return undefined;
    // The last key of a block map: the map becomes `{}` (templates still find the key above it).
    if (parent.items.length === 1 && !parent.flow && path.length > 1) {
      return emptyParent(text, doc.contents, path.slice(0, -1), '{}');
    }
    const field = fieldOf(pair);
    return field ? new Fixer(text, doc.contents).removePair(parent, field) : undefined;
  });
}

function removeItemInValues(ex: Extract<Explanation, { kind: 'values' }>): Planned[] | undefined {
  const hit = ex.hit;
  const src = hit.source;
  const path = hit.sourcePath;
  const index = path[path.length - 1];
  if (!ex.exact || hit.via !== 'values' || src.kind !== 'file' || typeof index !== 'number') return undefined;
  return valuesStep(src, (text, doc) => {
    const seq = nodeAt(doc.contents, path.slice(0, -1));
    if (!isSeq(seq)) return undefined;
    if (seq.items.length === 1 && !seq.flow) return emptyParent(text, doc.contents, path.slice(0, -1), '[]');
    return new Fixer(text, doc.contents).removeSeqItem(seq, index);
  });
}

/** Replaces the block value of the key at `path` by `{}` or `[]` (the key stays, so templates still find it). */
function emptyParent(
  text: string,
  root: unknown,
  path: readonly PathElem[],
  empty: string,
): Edit | undefined {
  const parent = nodeAt(root, path.slice(0, -1));
  if (!isMap(parent)) return undefined;
  const key = path[path.length - 1];
  const pair = parent.items.find(
    (it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(key),
  );
  const k = (pair?.key as Scalar | undefined)?.range;
  const v = (pair?.value as { range?: number[] } | undefined)?.range;
  if (!k || v?.[1] === undefined) return undefined;
  const colon = text.indexOf(':', k[1]);
  if (colon < 0) return undefined;
  let end = v[1];
  while (end > colon && /[ \t\r\n]/.test(text[end - 1] ?? '')) end--;
  return { start: colon + 1, end, newText: ` ${empty}` };
}

/** Adds a missing key below a literal template key that is rendered: new lines right under it. */
function addInTemplate(
  ctx: TranslateContext,
  ex: Extract<Explanation, { kind: 'template' }>,
  sub: { path: PathElem[]; leaf: Leaf }[],
): Planned[] | undefined {
  const e = ex.entry;
  const text = ctx.files.get(ex.file);
  if (!e || text === undefined || !ex.literal || !ex.rendered || e.kind !== 'key' || e.valueKind !== 'none')
    return undefined;
  if (!e.keySpan || e.children.some((c) => c.kind === 'output')) return undefined;
  const rest = ex.missingPath ?? [];
  if ([...rest, ...sub.flatMap((s) => s.path)].some((k) => typeof k === 'number')) return undefined;
  const childCol = e.children.find((c) => c.kind === 'key' || c.kind === 'item')?.col ?? e.col + 2;
  const eol = eolOf(text);
  const lines: string[] = [];
  // A small tree of the added keys, written once each.
  const written = new Set<string>();
  for (const s of sub) {
    const full = [...rest, ...s.path] as string[];
    full.forEach((k, i) => {
      const id = full.slice(0, i + 1).join('\u0000');
      if (written.has(id)) return;
      written.add(id);
      const pad = ' '.repeat(childCol + 2 * i);
      if (i < full.length - 1) lines.push(`${pad}${k}:`);
      else if ('scalar' in s.leaf) lines.push(`${pad}${k}: ${s.leaf.scalar}`);
      else lines.push(`${pad}${k}: [${s.leaf.seq.join(', ')}]`);
    });
  }
  const at = lineEndOf(text, e.keySpan.end);
  const edit: Edit = { start: at, end: at, newText: eol + lines.join(eol) };
  return [
    {
      kind: 'edits',
      file: ex.file,
      text,
      edits: [edit],
      ...(ex.sharedBy > 1 ? { shared: { key: `add:${at}:${edit.newText}`, needed: ex.sharedBy } } : {}),
    },
  ];
}

/** Removes a literal single-line `key: value` or `- item` line of a template. */
function removeTemplateLine(
  ctx: TranslateContext,
  ex: Extract<Explanation, { kind: 'template' }>,
): Planned[] | undefined {
  const e: SkelEntry | undefined = ex.entry;
  const text = ctx.files.get(ex.file);
  if (!e || text === undefined || !ex.literal || !ex.exact) return undefined;
  if (e.valueKind !== 'literal' || e.blockScalar || e.children.length > 0) return undefined;
  const at = e.keySpan?.start ?? e.valueSpan?.start;
  if (at === undefined) return undefined;
  const ls = lineStartOf(text, at);
  const le = lineEndOf(text, at);
  const line = text.slice(ls, le);
  const key = e.keySpan ? text.slice(e.keySpan.start, e.valueSpan?.end ?? e.keySpan.end) : '';
  const body = e.kind === 'item' ? line.trim() : key;
  if (
    line.trim() !== body &&
    !(e.kind === 'key' && /^\s*(?:-\s+)?$/.test(text.slice(ls, at)) && line.trim().endsWith(body))
  ) {
    return undefined;
  }
  if (/^\s*-\s/.test(line) && e.kind === 'key') return undefined;
  let end = le;
  if (text[end] === '\r' && text[end + 1] === '\n') end += 2;
  else if (text[end] === '\n' || text[end] === '\r') end += 1;
  const edit: Edit = { start: ls, end, newText: '' };
  return [
    {
      kind: 'edits',
      file: ex.file,
      text,
      edits: [edit],
      ...(ex.sharedBy > 1 ? { shared: { key: `rm:${ls}`, needed: ex.sharedBy } } : {}),
    },
  ];
}

/**
 * Merges planned edits per file. A template edit shared by several iterations is kept once when every
 * iteration asked for it, else the whole fix is dropped. Values-file steps run in order on each file.
 * Every changed file must still parse.
 */
function combine(ctx: TranslateContext, planned: readonly Planned[]): FileEdit[] | undefined {
  const shared = new Map<string, { count: number; needed: number }>();
  for (const p of planned) {
    if (p.kind !== 'edits' || !p.shared) continue;
    const s = shared.get(p.shared.key) ?? { count: 0, needed: p.shared.needed };
    s.count++;
    shared.set(p.shared.key, s);
  }
  for (const s of shared.values()) if (s.count !== s.needed) return undefined;
  const seen = new Set<string>();
  const byFile = new Map<
    string,
    { text: string; edits: Edit[]; steps: ((t: string) => { text: string; edit: Edit } | undefined)[] }
  >();
  for (const p of planned) {
    const f = byFile.get(p.file) ?? { text: p.text, edits: [], steps: [] };
    byFile.set(p.file, f);
    if (p.kind === 'step') {
      f.steps.push(p.step);
      continue;
    }
    for (const e of p.edits) {
      const id = `${p.file}\u0000${e.start}\u0000${e.end}\u0000${e.newText}`;
      if (seen.has(id)) continue;
      seen.add(id);
      f.edits.push(e);
    }
  }
  const out: FileEdit[] = [];
  for (const [file, f] of byFile) {
    if (f.steps.length > 0 && f.edits.length > 0) return undefined;
    let edits = f.edits;
    if (f.steps.length > 0) {
      let text = f.text;
      let last: Edit | undefined;
      for (const step of f.steps) {
        const r = step(text);
        if (!r) return undefined;
        text = r.text;
        last = r.edit;
      }
      // One step: its own edit (a whole scalar, as Fixer made it); several: what differs in the end.
      edits = f.steps.length === 1 && last ? [last] : text === f.text ? [] : [minimalEdit(f.text, text)];
    }
    let fixed: string;
    try {
      fixed = applyEdits(f.text, edits);
    } catch {
      return undefined;
    }
    if (f.text !== '' && !stillParses(file, f.text, fixed, ctx)) return undefined;
    for (const e of edits) out.push({ file, ...e });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.start - b.start);
}

function stillParses(file: string, before: string, after: string, ctx: TranslateContext): boolean {
  if (ctx.files.has(file) && /(^|\/)templates\//.test(file)) {
    return parseTemplate(after).error === undefined || parseTemplate(before).error !== undefined;
  }
  try {
    return parseDocument(after, { prettyErrors: false, uniqueKeys: false }).errors.length === 0;
  } catch {
    return false;
  }
}

/** The values sources of a mapped chart, for callers that apply translated edits to user files. */
export type { ValuesSource };
