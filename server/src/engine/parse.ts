import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Pair, type YAMLMap } from 'yaml';
import { MAX_DEPTH, readBlockYaml } from './fast-yaml';
import { linkAliases, mapGet, scalarString } from './node';

/** One stretch of the text between `---` markers; parsed and cached on its own. */
export interface Chunk {
  /** Offset of the chunk in the whole text. */
  start: number;
  end: number;
  text: string;
}

/**
 * A text already cut into its `---` chunks, exactly as {@link splitChunks} cuts it: an open
 * document's (lsp/chunked-document.ts), whose unchanged chunks stay the same strings from version to
 * version. The whole string is built only when something asks for it: on a 2 MB document, building
 * it on every keystroke was most of an edit's time.
 */
export interface ChunkedText {
  readonly length: number;
  readonly chunks: readonly Chunk[];
  /** The whole text (built on the first call, then kept). */
  whole(): string;
}

/** What the engine, the index and the project read: a string, or one already in chunks. */
export type SourceText = string | ChunkedText;

/** The chunks of a text (shared, do not modify). */
export function chunksOf(text: SourceText): readonly Chunk[] {
  return typeof text === 'string' ? splitChunks(text) : text.chunks;
}

/** The whole string of a text. */
export function wholeText(text: SourceText): string {
  return typeof text === 'string' ? text : text.whole();
}

/** A YAML syntax problem, with offsets relative to the chunk. */
export interface SyntaxProblem {
  start: number;
  end: number;
  message: string;
  code: string;
}

/** A Kubernetes object found in a chunk. Offsets in its nodes are relative to the chunk. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  root: YAMLMap;
  doc: Document.Parsed;
  /** The `kind: X` pair; where object-level findings without a better key are anchored. */
  kindPair: Pair;
  /** Set when the object is an item of a `kind: List`. */
  listItem: boolean;
}

/** The parse of one chunk: documents, objects and syntax problems, all chunk-relative. */
export interface ParsedChunk {
  text: string;
  docs: Document.Parsed[];
  objects: K8sObject[];
  errors: SyntaxProblem[];
  /** The cheap kind detection decided no rule looks at this chunk; it was not parsed. */
  skipped: boolean;
  /** The chunk holds `kind:` and `apiVersion:` keys (it is meant to be a Kubernetes object). */
  looksLikeK8s: boolean;
  /** Helm/Go template syntax was found; syntax errors are then not reported. */
  templated: boolean;
  /** Largest nesting depth seen, for the hostile-input guards. */
  tooDeep: boolean;
}

const MARKER = /^---(?=[ \t]|\r?$)/gm;

/**
 * Splits a YAML stream at its `---` markers. The YAML spec forbids `---` at column 0 inside any
 * content, so this split is exact; directive lines (`%…`) before a marker go with the next chunk.
 */
/**
 * Offsets of the `---` markers. LF-only text (the common case) is scanned with indexOf, several
 * times faster than the multiline regex on a 2 MB file; other line breaks take the regex.
 */
export function markerOffsets(text: string): number[] {
  const out: number[] = [];
  if (!text.includes('\r') && !text.includes('\u2028') && !text.includes('\u2029')) {
    if (text.startsWith('---')) out.push(0);
    for (let i = text.indexOf('\n---'); i >= 0; i = text.indexOf('\n---', i + 4)) {
      const after = text.charCodeAt(i + 4);
      if (Number.isNaN(after) || after === 32 || after === 9 || after === 10) out.push(i + 1);
    }
    return out;
  }
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) out.push(m.index);
  return out;
}

/**
 * The last text split and its chunks: the index, the engine and the service split the same text in
 * turn. Held weakly, so a closed 50 MB document is not kept alive by this memo (V8 keeps a WeakRef's
 * target at least until the current job and its microtasks end, which covers one check).
 */
let lastSplit: WeakRef<{ text: string; chunks: Chunk[] }> | undefined;
const MEMO_MIN_LENGTH = 64 * 1024;

/** The chunks of a text. The result is shared between calls on the same text: do not modify it. */
export function splitChunks(text: string): Chunk[] {
  const hit = lastSplit?.deref();
  if (hit?.text === text) return hit.chunks;
  const chunks = splitChunksUncached(text);
  // Only large texts are worth it (and small ones would churn WeakRefs in one-shot scans).
  if (text.length >= MEMO_MIN_LENGTH) lastSplit = new WeakRef({ text, chunks });
  return chunks;
}

export function splitChunksUncached(text: string): Chunk[] {
  const cuts: number[] = [0];
  for (const marker of markerOffsets(text)) {
    let at = marker;
    if (at === 0) continue;
    // Move directive lines that precede the marker into the chunk it opens.
    for (;;) {
      const prevEnd = at - 1;
      if (prevEnd <= 0) break;
      let ls = prevEnd;
      while (ls > 0 && text.charCodeAt(ls - 1) !== 10) ls--;
      if (text.charCodeAt(ls) === 37 /* % */ && ls > (cuts[cuts.length - 1] ?? 0)) at = ls;
      else break;
    }
    if (at > (cuts[cuts.length - 1] ?? 0)) cuts.push(at);
  }
  const chunks: Chunk[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const start = cuts[i] ?? 0;
    const end = i + 1 < cuts.length ? (cuts[i + 1] ?? text.length) : text.length;
    chunks.push({ start, end, text: text.slice(start, end) });
  }
  return chunks;
}

const TOP_KIND = /^kind:[ \t]*["']?([A-Za-z][A-Za-z0-9]*)["']?[ \t]*(?:#.*)?\r?$/m;
const TOP_API = /^apiVersion:[ \t]*\S/m;
const TEMPLATE = /\{\{[\s\S]*?\}\}/;
/** Plain text that is not YAML: NUL and other C0 controls that YAML forbids. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BINARY = /[\u0000-\u0008\u000e-\u001f]/;

/** Kind as read cheaply from a top-level block-style `kind:` line, without parsing. */
export function cheapKind(text: string): string | undefined {
  return TOP_KIND.exec(text)?.[1];
}

export interface ParseOptions {
  /** Kinds some rule looks at; chunks whose cheap kind is known and not listed are not parsed. */
  relevantKinds?: ReadonlySet<string>;
}

/** Parses one chunk. Never throws: any failure becomes a syntax problem. */
export function parseChunk(text: string, opts: ParseOptions = {}): ParsedChunk {
  const kind = cheapKind(text);
  if (kind !== undefined && opts.relevantKinds && !opts.relevantKinds.has(kind) && kind !== 'List') {
    // Recognised without parsing, and without the template scan over what may be megabytes of CRD:
    // a skipped chunk reports nothing, so whether it is templated does not matter.
    return {
      text,
      docs: [],
      objects: [],
      errors: [],
      skipped: true,
      looksLikeK8s: TOP_API.test(text),
      templated: false,
      tooDeep: false,
    };
  }
  const templated = text.includes('{{') && TEMPLATE.test(text);
  const looksLikeK8s = kind !== undefined && TOP_API.test(text);
  const base: ParsedChunk = {
    text,
    docs: [],
    objects: [],
    errors: [],
    skipped: false,
    looksLikeK8s,
    templated,
    tooDeep: false,
  };
  if (BINARY.test(text)) {
    const m = BINARY.exec(text);
    const at = m?.index ?? 0;
    return {
      ...base,
      errors: [
        { start: at, end: at + 1, code: 'BINARY', message: 'Not a text YAML file (control characters).' },
      ],
    };
  }
  // Most manifests are plain block YAML, which the fast reader takes (same nodes, several times
  // faster, especially before the JIT warms up); anything else goes to the library. The reader
  // declines text indented more than MAX_DEPTH columns, so only the library needs the depth guard.
  const fast = readBlockYaml(text);
  const deepAt = fast ? undefined : nestingTooDeep(text);
  if (deepAt !== undefined) {
    return {
      ...base,
      tooDeep: true,
      errors: [
        {
          start: deepAt,
          end: Math.min(text.length, deepAt + 1),
          code: 'TOO_DEEP',
          message: `Nesting deeper than ${MAX_DEPTH} levels; this document was not checked.`,
        },
      ],
    };
  }
  const docs = fast ? [fast] : parseWithLibrary(text);
  if (typeof docs === 'string') {
    return {
      ...base,
      errors: [{ start: 0, end: 0, code: 'PARSE', message: `YAML could not be parsed: ${docs}` }],
    };
  }
  const errors: SyntaxProblem[] = [];
  const objects: K8sObject[] = [];
  const mayAlias = !fast && text.includes('*') && text.includes('&');
  for (const doc of docs) {
    for (const e of doc.errors) {
      errors.push({ start: e.pos[0], end: Math.max(e.pos[0], e.pos[1]), code: e.code, message: e.message });
    }
    // An alias needs `*` and an anchor `&`: without both there is nothing to link (skips a full visit).
    if (mayAlias) linkAliases(doc);
    collectObjects(doc, objects);
  }
  return { ...base, docs, errors, objects };
}

/** The `yaml` library's documents for a chunk, or the message of what it threw. */
function parseWithLibrary(text: string): Document.Parsed[] | string {
  try {
    // No LineCounter: positions are offsets here and line numbers come from LineIndex later.
    // A lone CR is a line break in YAML 1.2, in Kubernetes' parser and in the editor; the yaml
    // library reads it as part of the line. Same length, so every offset stays right (fuzzing).
    const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
    const parsed = parseAllDocuments(source, { prettyErrors: false, uniqueKeys: false });
    return Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    return String(e);
  }
}

export { MAX_DEPTH };

/** Cheap bracket/indent depth estimate, to refuse nesting that would exhaust the parser's stack. */
/** Offset where nesting first gets deeper than {@link MAX_DEPTH}, or undefined. */
function nestingTooDeep(text: string): number | undefined {
  let depth = 0;
  let max = 0;
  let inQuote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inQuote) {
      if (c === inQuote) inQuote = 0;
      else if (c === 10) inQuote = 0;
      continue;
    }
    if (c === 91 || c === 123) {
      depth++;
      if (depth > max) max = depth;
      if (max > MAX_DEPTH) return i;
    } else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
    else if (c === 34 || c === 39) inQuote = c;
    else if (c === 35) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    }
  }
  // Block nesting: each level moves content right by at least one column, whether by indentation
  // or by compact `- - - x` / `? ? x` indicators, so the column where a line's content starts bounds
  // the depth. One linear pass at any size (issue 8: a 10,000-deep `- - -` line and 1-space
  // indentation 3,000 deep overflowed the parser's stack).
  let col = 0;
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      col = 0;
      atStart = true;
    } else if (atStart) {
      const next = text.charCodeAt(i + 1);
      const indicator = (c === 45 || c === 63) && (next === 32 || next === 9);
      if (c === 32 || c === 9 || indicator) {
        col++;
        if (col > MAX_DEPTH) return i;
      } else atStart = false;
    }
  }
  return undefined;
}

function collectObjects(doc: Document.Parsed, out: K8sObject[]): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  const obj = toObject(doc, root, false);
  if (!obj) return;
  if (obj.kind === 'List') {
    const items = mapGet(root, 'items')?.value;
    if (isSeq(items)) {
      for (const item of items.items) {
        if (isMap(item)) {
          const child = toObject(doc, item, true);
          if (child) out.push(child);
        }
      }
    }
    return;
  }
  out.push(obj);
}

function toObject(doc: Document.Parsed, root: YAMLMap, listItem: boolean): K8sObject | undefined {
  const apiVersion = scalarString(mapGet(root, 'apiVersion')?.value);
  const kindPair = mapGet(root, 'kind');
  const kind = scalarString(kindPair?.value);
  if (!apiVersion || !kind || !kindPair || !isScalar(kindPair.key)) return undefined;
  const meta = mapGet(root, 'metadata')?.value;
  const name = isMap(meta) ? (scalarString(mapGet(meta, 'name')?.value) ?? '') : '';
  const namespace = isMap(meta) ? scalarString(mapGet(meta, 'namespace')?.value) : undefined;
  return { apiVersion, kind, name, namespace, root, doc, kindPair: kindPair.pair, listItem };
}
