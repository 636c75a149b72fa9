import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { mapGet, scalarString } from './node';

/** One stretch of the text between `---` markers; parsed and cached on its own. */
export interface Chunk {
  /** Offset of the chunk in the whole text. */
  start: number;
  end: number;
  text: string;
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
export function splitChunks(text: string): Chunk[] {
  const cuts: number[] = [0];
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    let at = m.index;
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
  const templated = TEMPLATE.test(text);
  const looksLikeK8s = TOP_KIND.test(text) && TOP_API.test(text);
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
  const kind = cheapKind(text);
  if (kind !== undefined && opts.relevantKinds && !opts.relevantKinds.has(kind) && kind !== 'List') {
    return { ...base, skipped: true };
  }
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
  if (nestingTooDeep(text)) {
    return {
      ...base,
      tooDeep: true,
      errors: [
        {
          start: 0,
          end: 0,
          code: 'TOO_DEEP',
          message: `Nesting deeper than ${MAX_DEPTH} levels; this document was not checked.`,
        },
      ],
    };
  }
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, {
      lineCounter: new LineCounter(),
      prettyErrors: false,
      uniqueKeys: false,
    });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    return {
      ...base,
      errors: [{ start: 0, end: 0, code: 'PARSE', message: `YAML could not be parsed: ${String(e)}` }],
    };
  }
  const errors: SyntaxProblem[] = [];
  const objects: K8sObject[] = [];
  for (const doc of docs) {
    for (const e of doc.errors) {
      errors.push({ start: e.pos[0], end: Math.max(e.pos[0], e.pos[1]), code: e.code, message: e.message });
    }
    collectObjects(doc, objects);
  }
  return { ...base, docs, errors, objects };
}

export const MAX_DEPTH = 1000;

/** Cheap bracket/indent depth estimate, to refuse nesting that would exhaust the parser's stack. */
function nestingTooDeep(text: string): boolean {
  let depth = 0;
  let max = 0;
  let inQuote: number = 0;
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
    } else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
    else if (c === 34 || c === 39) inQuote = c;
    else if (c === 35) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    }
  }
  if (max > MAX_DEPTH) return true;
  // Block nesting: indentation columns grow by at least one per level.
  const lines = text.length > 200_000 ? text.slice(0, 0) : text;
  let deepest = 0;
  for (const line of lines.split('\n')) {
    const ind = line.length - line.trimStart().length;
    if (ind > deepest) deepest = ind;
  }
  return deepest > MAX_DEPTH * 2;
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
