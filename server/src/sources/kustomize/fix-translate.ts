import { isMap, isPair, isScalar, isSeq, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { Fixer, applyEdits, quoteLike, type Edit, type Leaf } from '../../engine/fix';
import { scalarString, type Field } from '../../engine/node';
import { eolOf } from '../../engine/text';
import { parseKustomization, toFileOffset, type Embedded, type PatchEntry } from './kustomization';
import { diffDocuments, firstDoc, keyOf, leaves, type DiffOp } from '../object-diff';
import { outsideTree, type Explanation, type MappedDoc, type PathElem, type YamlPlace } from './map';

/** An edit in one file of the tree (tree-relative path). */
export interface FileEdit extends Edit {
  file: string;
}

/** Edits planned on one YAML text (a file, or an inline patch inside a kustomization). */
interface Planned {
  place: Pick<YamlPlace, 'file' | 'text' | 'embedded' | 'inline'>;
  edits: Edit[];
}

/** What fix translation needs: the mapped object. */
export interface TranslateContext {
  doc: MappedDoc;
}

/**
 * Carries a fix computed on a built object to the files a person edits: the resource file, a patch
 * file, an inline patch in a kustomization (its block scalar's indentation kept), a JSON 6902
 * operation's `value:`, or the kustomization entry that sets the value (`images:` `newTag`/`digest`,
 * `replicas:` `count`, `namespace`, labels, annotations), through the engine's {@link Fixer} so that
 * comments, quoting and indentation stay. Undefined when any part of the change cannot be made
 * safely: a value from a transformer Kubeward does not read, a file outside the tree, a folded
 * inline patch, a removal that would let an earlier value show through where it cannot be removed
 * too, or a change of a shape the diff does not know.
 */
export function translateFix(ctx: TranslateContext, builtEdits: readonly Edit[]): FileEdit[] | undefined {
  let after: string;
  try {
    after = applyEdits(ctx.doc.text, builtEdits);
  } catch {
    return undefined;
  }
  const ops = diffDocuments(ctx.doc.text, after);
  if (!ops || ops.length === 0) return undefined;
  const planned: Planned[] = [];
  for (const op of ops) {
    const p = planOp(ctx.doc, op, after);
    if (!p || p.some((x) => outsideTree(x.place.file))) return undefined;
    planned.push(...p);
  }
  return combine(planned);
}

function fieldOf(pair: Pair | undefined): Field | undefined {
  if (!pair || !isScalar(pair.key)) return undefined;
  return { pair: pair as Pair<Scalar>, key: pair.key, value: pair.value };
}

/** The text for a new scalar value: as the fix wrote it, or quoted like the scalar it replaces. */
function valueText(like: unknown, op: { text: string; value: unknown }): string {
  return typeof op.value === 'string' && isScalar(like) ? quoteLike(like, op.value) : op.text;
}

function planOp(doc: MappedDoc, op: DiffOp, after: string): Planned[] | undefined {
  switch (op.op) {
    case 'set':
      return setValue(doc.explain(op.path), op);
    case 'add': {
      const sub = leaves(op.node, after);
      if (!sub) return undefined;
      return addBelow(doc.explain(op.path, { missing: true }), sub);
    }
    case 'remove':
      return removeField(doc, op.path);
    case 'removeItem': {
      const ex = doc.explain(op.path);
      if (!editable(ex) || !ex.exact || !isSeq(ex.node)) return undefined;
      const fixer = new Fixer(ex.place.text, ex.place.doc.contents);
      const edit = fixer.removeSeqItem(ex.node, op.index);
      return edit ? [{ place: ex.place, edits: [edit] }] : undefined;
    }
    case 'appendItem': {
      const ex = doc.explain(op.path);
      if (!editable(ex) || !ex.exact || !isSeq(ex.node)) return undefined;
      const fixer = new Fixer(ex.place.text, ex.place.doc.contents);
      const edit = fixer.appendSeqItem(ex.node, op.text);
      return edit ? [{ place: ex.place, edits: [edit] }] : undefined;
    }
  }
}

type PlaceExplanation = Extract<Explanation, { kind: 'resource' | 'patch' }>;

function editable(ex: Explanation): ex is PlaceExplanation {
  return (ex.kind === 'resource' || ex.kind === 'patch') && !ex.place.unmapped;
}

function setValue(ex: Explanation, op: Extract<DiffOp, { op: 'set' }>): Planned[] | undefined {
  if (ex.kind === 'transformer') return setInKustomization(ex, op);
  if (!editable(ex) || !ex.exact || ex.missingPath.length > 0) return undefined;
  const fixer = new Fixer(ex.place.text, ex.place.doc.contents);
  const text = valueText(ex.node, op);
  const field = fieldOf(ex.pair);
  const edit = field
    ? fixer.setValue(field, text)
    : isScalar(ex.node)
      ? fixer.replace(ex.node, text)
      : undefined;
  return edit ? [{ place: ex.place, edits: [edit] }] : undefined;
}

/**
 * An image reference's name, tag and digest; snippet placeholders (`${1:version}`) count as plain
 * text, so `app:${1:version}` has the tag `${1:version}`.
 */
function imageParts(image: string): { name: string; tag?: string; digest?: string } {
  const held: string[] = [];
  const hidden = image.replace(/\$\{\d+:[^}]*\}/g, (m) => `\uE000${held.push(m) - 1}\uE000`);
  const show = (s: string): string =>
    s.replace(/\uE000(\d+)\uE000/g, (_m, i: string) => held[Number(i)] ?? '');
  const parts = plainImageParts(hidden);
  return {
    name: show(parts.name),
    ...(parts.tag !== undefined ? { tag: show(parts.tag) } : {}),
    ...(parts.digest !== undefined ? { digest: show(parts.digest) } : {}),
  };
}

function plainImageParts(image: string): { name: string; tag?: string; digest?: string } {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** A value a kustomization field sets: the field itself, or for an image the entry's tag, digest or name. */
function setInKustomization(
  ex: Extract<Explanation, { kind: 'transformer' }>,
  op: Extract<DiffOp, { op: 'set' }>,
): Planned[] | undefined {
  const k = ex.kustomization;
  if (!k.doc || !k.root) return undefined;
  const place = { file: k.file, text: k.text };
  const fixer = new Fixer(k.text, k.doc.contents);
  if (ex.transformer === 'namePrefix' || ex.transformer === 'nameSuffix') return undefined;
  if (ex.transformer !== 'images') {
    const edit = fixer.setValue(ex.field, valueText(ex.field.value, op));
    return edit ? [{ place, edits: [edit] }] : undefined;
  }
  const image = ex.image;
  if (!image || typeof op.value !== 'string') return undefined;
  const want = imageParts(op.value);
  const newName = scalarString(image.newName?.value) ?? image.name.value;
  if (want.name !== newName) return undefined;
  const map = image.map;
  const edits: Edit[] = [];
  const digest = scalarString(image.digest?.value);
  if (want.digest !== digest) {
    const e =
      want.digest === undefined
        ? image.digest && fixer.removePair(map, image.digest)
        : fixer.ensure(map, ['digest'], { scalar: want.digest });
    if (!e) return undefined;
    edits.push(e);
  }
  const tag = scalarString(image.newTag?.value);
  if (want.tag !== tag) {
    const e =
      want.tag === undefined
        ? image.newTag && fixer.removePair(map, image.newTag)
        : image.newTag
          ? fixer.setValue(image.newTag, quoteLike(image.newTag.value as Scalar, want.tag))
          : fixer.ensure(map, ['newTag'], { scalar: want.tag });
    if (!e) return undefined;
    edits.push(e);
  }
  return edits.length > 0 ? [{ place, edits }] : undefined;
}

/** The map that holds a pair, found from the root of its document. */
function mapHolding(root: unknown, pair: Pair): YAMLMap | undefined {
  let found: YAMLMap | undefined;
  const visit = (n: unknown, depth: number): void => {
    if (found || depth > 200) return;
    if (isMap(n)) {
      if (n.items.includes(pair)) {
        found = n;
        return;
      }
      for (const it of n.items) if (isPair(it)) visit(it.value, depth + 1);
    } else if (isSeq(n)) for (const it of n.items) visit(it, depth + 1);
  };
  visit(root, 0);
  return found;
}

/**
 * Adds the leaves of a new subtree below the nearest existing key (or sequence item) of the place
 * that writes it, one leaf at a time on the text as it becomes.
 */
function addBelow(ex: Explanation, sub: readonly { path: string[]; leaf: Leaf }[]): Planned[] | undefined {
  if (!editable(ex) || ex.missingPath.some((k) => typeof k === 'number')) return undefined;
  const rest = ex.missingPath as string[];
  if (ex.patch?.style === 'json6902' && ex.pair && !isMap(ex.pair.value)) return undefined;
  const anchorKey = ex.pair ? keyOf(ex.pair) : undefined;
  if (ex.pair && anchorKey === undefined) return undefined;
  const original = ex.place.text;
  const locate = (root: unknown): { base: YAMLMap; prefix: string[] } | undefined => {
    const pathToAnchor = pathOf(ex.place.doc.contents, ex.pair ?? ex.node);
    if (!pathToAnchor) return undefined;
    const target = nodeAtPath(root, ex.pair ? pathToAnchor.slice(0, -1) : pathToAnchor);
    if (!isMap(target)) return undefined;
    return { base: target, prefix: anchorKey === undefined ? [] : [anchorKey] };
  };
  let text = original;
  for (const s of sub) {
    const doc = firstDoc(text);
    if (!doc) return undefined;
    const at = locate(doc.contents);
    if (!at) return undefined;
    const edit = new Fixer(text, doc.contents).ensure(at.base, [...at.prefix, ...rest, ...s.path], s.leaf);
    if (!edit) return undefined;
    text = applyEdits(text, [edit]);
  }
  return [{ place: ex.place, edits: [minimalEdit(original, text)] }];
}

/** The path (keys and indices) from a root to a node or pair. */
function pathOf(root: unknown, target: unknown): PathElem[] | undefined {
  let found: PathElem[] | undefined;
  const visit = (n: unknown, path: PathElem[], depth: number): void => {
    if (found || depth > 200) return;
    if (n === target) {
      found = path;
      return;
    }
    if (isMap(n)) {
      for (const it of n.items) {
        if (!isPair(it)) continue;
        const k = keyOf(it);
        if (k === undefined) continue;
        if (it === target) {
          found = [...path, k];
          return;
        }
        visit(it.value, [...path, k], depth + 1);
      }
    } else if (isSeq(n)) n.items.forEach((it, i) => visit(it, [...path, i], depth + 1));
  };
  visit(root, [], 0);
  return found;
}

function nodeAtPath(root: unknown, path: readonly PathElem[]): unknown {
  let cur = root;
  for (const k of path) {
    if (isSeq(cur) && typeof k === 'number') cur = cur.items[k];
    else if (isMap(cur) && typeof k === 'string') {
      const p = cur.items.find((it) => isPair(it) && keyOf(it) === k);
      cur = p?.value;
    } else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** One edit replacing what differs between two texts (common prefix and suffix kept). */
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
  return { start: s, end: before.length - e, newText: after.slice(s, after.length - e) };
}

/**
 * Removes a field from every place that writes it, so no earlier value shows through: the pair in a
 * resource or a strategic-merge patch, or a whole JSON 6902 operation. Any writer that is not plain
 * YAML (a transformer, a file outside the tree) makes the removal unsafe.
 */
function removeField(doc: MappedDoc, path: readonly PathElem[]): Planned[] | undefined {
  const writers = doc.writers(path);
  if (writers.length === 0) return undefined;
  const out: Planned[] = [];
  for (const w of writers) {
    if (!editable(w) || w.missingPath.length > 0) return undefined;
    const fixer = new Fixer(w.place.text, w.place.doc.contents);
    let edit: Edit | undefined;
    if (w.op && w.pair && keyOf(w.pair) === 'value' && w.op.items.includes(w.pair)) {
      const ops = w.place.doc.contents;
      if (!isSeq(ops) || ops.items.length < 2) return undefined;
      edit = fixer.removeSeqItem(
        ops,
        ops.items.findIndex((it) => it === w.op),
      );
    } else if (w.pair) {
      const map = mapHolding(w.place.doc.contents, w.pair);
      edit = map ? fixer.removePairCascade(map, w.pair) : undefined;
    }
    if (!edit) return undefined;
    out.push({ place: w.place, edits: [edit] });
  }
  return out;
}

/** An edit of an inline patch's text as an edit of the kustomization file (block indentation kept). */
function toFileEdit(e: Embedded, eol: string, edit: Edit): Edit | undefined {
  const start = toFileOffset(e, edit.start);
  const end = toFileOffset(e, edit.end);
  if (start === undefined || end === undefined) return undefined;
  if (!e.block)
    return /^[^'"\\\n\r]*$/.test(edit.newText) ? { start, end, newText: edit.newText } : undefined;
  const pad = ' '.repeat(e.indent);
  const newText = edit.newText.replace(/\r?\n(?=[^\r\n])/g, `${eol}${pad}`).replace(/\r?\n/g, eol);
  return { start, end, newText };
}

/** The edits of one file: its own, and those of each inline patch in it. */
interface FilePlan {
  text: string;
  edits: Edit[];
  inline: { e: Embedded; entry: PatchEntry; edits: Edit[] }[];
}

/**
 * Merges the planned edits per file (inline patch edits carried into their kustomization), drops
 * duplicates, and checks that every edited file still parses and every edited inline patch reads back
 * as the patch text the edits meant.
 */
function combine(planned: readonly Planned[]): FileEdit[] | undefined {
  const byFile = new Map<string, FilePlan>();
  const fileText = (file: string, text: string): FilePlan => {
    let f = byFile.get(file);
    if (!f) {
      f = { text, edits: [], inline: [] };
      byFile.set(file, f);
    }
    return f;
  };
  for (const p of planned) {
    const embedded = p.place.embedded;
    const inline = p.place.inline;
    if (!embedded || !inline) {
      fileText(p.place.file, p.place.text).edits.push(...p.edits);
      continue;
    }
    const f = fileText(p.place.file, inline.fileText);
    let group = f.inline.find((g) => g.e === embedded);
    if (!group) {
      group = { e: embedded, entry: inline.entry, edits: [] };
      f.inline.push(group);
    }
    group.edits.push(...p.edits);
  }
  const out: FileEdit[] = [];
  for (const [file, f] of byFile) {
    const eol = eolOf(f.text);
    const edits = dedupe(f.edits);
    for (const g of f.inline) {
      for (const edit of inlineEdits(g.e, g.edits)) {
        const fe = toFileEdit(g.e, eol, edit);
        if (!fe) return undefined;
        edits.push(fe);
      }
    }
    let fixed: string;
    try {
      fixed = applyEdits(f.text, edits);
    } catch {
      return undefined;
    }
    if (!firstDoc(fixed) && firstDoc(f.text)) return undefined;
    for (const g of f.inline) {
      let want: string;
      try {
        want = applyEdits(g.e.text, inlineEdits(g.e, g.edits));
      } catch {
        return undefined;
      }
      if (!inlineReadsBack(file, fixed, g.entry, want)) return undefined;
    }
    for (const e of edits) out.push({ file, ...e });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.start - b.start);
}

/**
 * An inline patch's edits, without duplicates; a removal that runs to the end of the text also takes
 * the line break before it (a block scalar cannot end in a line of indentation alone).
 */
function inlineEdits(e: Embedded, edits: readonly Edit[]): Edit[] {
  return dedupe(edits).map((x) =>
    x.newText === '' && x.end === e.text.length && x.start > 0 && e.text[x.start - 1] === '\n'
      ? { ...x, start: x.start - 1 }
      : x,
  );
}

function dedupe(edits: readonly Edit[]): Edit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const id = `${e.start}\uE000${e.end}\uE000${e.newText}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** After the edits, the kustomization's same patch entry is inline text that reads exactly `want`. */
function inlineReadsBack(file: string, fixed: string, entry: PatchEntry, want: string): boolean {
  const k = parseKustomization(file, fixed);
  const p = k.patches.find((x) => x.field === entry.field && x.index === entry.index);
  return p?.inline?.text === want;
}
