import { lineStarts, twinSource } from './instrument';

/** One document of `helm template` output, as helm printed it after `---\n# Source: <path>\n`. */
export interface RenderedDoc {
  /** The `# Source:` path, e.g. `webapp/templates/deployment.yaml` or `webapp/charts/db/templates/x.yaml`. */
  source: string;
  /** The document text (helm trims each document of surrounding white space). */
  text: string;
  /** Offset of `text` in the whole output. */
  offset: number;
}

const HEADER = /^---\r?\n# Source: ([^\r\n]*)\r?\n/gm;

/** Splits `helm template` output into its documents. Text before the first header is ignored. */
export function splitHelmOutput(stdout: string): RenderedDoc[] {
  const heads: { source: string; start: number; textStart: number }[] = [];
  HEADER.lastIndex = 0;
  for (let m = HEADER.exec(stdout); m; m = HEADER.exec(stdout)) {
    heads.push({ source: m[1] ?? '', start: m.index, textStart: m.index + m[0].length });
  }
  return heads.map((h, i) => {
    const end = heads[i + 1]?.start ?? stdout.length;
    let text = stdout.slice(h.textStart, end);
    if (text.endsWith('\r\n')) text = text.slice(0, -2);
    else if (text.endsWith('\n')) text = text.slice(0, -1);
    return { source: h.source, text, offset: h.textStart };
  });
}

/** A stretch of a rendered document produced by one template line (in one iteration of its ranges). */
export interface TraceSegment {
  start: number;
  end: number;
  /** 0-based line of the template. */
  line: number;
  /** Index or key of each enclosing `range`, outermost first (`?` where it is unknown). */
  iteration: readonly string[] | undefined;
}

/** A rendered twin read back: its text without markers, and which template line produced each part. */
export interface Trace {
  text: string;
  /** In text order, covering `text` up to the last marker. */
  segments: TraceSegment[];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decodeQuery(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

const SPACE = /^[ \t\r\n]*/;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * Reads the markers of a rendered twin document. A part of the text belongs to the first marker at or
 * after it (an action's output lines come before the marker on its last line). The marker-free text
 * is trimmed of surrounding white space as helm trims every document, so it equals the clean
 * document when both rendered alike.
 */
export function readTrace(twinDoc: string, nonce: string): Trace {
  const re = new RegExp(` ?#kwtrace:${escapeRegExp(nonce)}:(\\d+)(?:@([^\\s#]*))?`, 'g');
  let text = '';
  let from = 0;
  const marks: { at: number; line: number; iteration: string[] | undefined }[] = [];
  for (let m = re.exec(twinDoc); m; m = re.exec(twinDoc)) {
    text += twinDoc.slice(from, m.index);
    from = m.index + m[0].length;
    const it = m[2];
    marks.push({
      at: text.length,
      line: Number(m[1]) - 1,
      iteration: it === undefined ? undefined : it.split(',').map(decodeQuery),
    });
  }
  text += twinDoc.slice(from);
  const lead = SPACE.exec(text)?.[0].length ?? 0;
  let tail = text.length;
  while (tail > lead && isSpace(text.charCodeAt(tail - 1))) tail--;
  const trimmed = text.slice(lead, tail);
  const segments: TraceSegment[] = [];
  let prev = 0;
  for (const mk of marks) {
    const at = Math.min(trimmed.length, Math.max(0, mk.at - lead));
    if (at > prev) {
      segments.push({ start: prev, end: at, line: mk.line, iteration: mk.iteration });
    }
    prev = Math.max(prev, at);
  }
  return { text: trimmed, segments };
}

/** Template-line segments carried from a twin's text onto the clean document. */
export interface Projection {
  segments: TraceSegment[];
  /** The twin's marker-free text equals the clean document. */
  exact: boolean;
  /** Lines of the clean document whose origin is known. */
  mappedLines: number;
  lines: number;
}

function splitLines(text: string): { starts: number[]; lines: string[] } {
  const starts = lineStarts(text);
  const lines = starts.map((s, i) => {
    const next = starts[i + 1];
    let e = next ?? text.length;
    if (next !== undefined) e--;
    if (text.charCodeAt(e - 1) === 13 && next !== undefined) e--;
    return text.slice(s, Math.max(s, e));
  });
  return { starts, lines };
}

/** Pairs of equal lines (a in `a`, b in `b`), in order: common prefix and suffix, LCS in between. */
function matchLines(a: readonly string[], b: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) {
    out.push([p, p]);
    p++;
  }
  let sa = a.length;
  let sb = b.length;
  const tail: [number, number][] = [];
  while (sa > p && sb > p && a[sa - 1] === b[sb - 1]) {
    sa--;
    sb--;
    tail.push([sa, sb]);
  }
  const n = sa - p;
  const m = sb - p;
  // A middle too large for an LCS table stays unmapped: mapping degrades, it never guesses.
  if (n > 0 && m > 0 && n * m <= 4_000_000) {
    const w = m + 1;
    const dp = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        dp[i * w + j] =
          a[p + i] === b[p + j]
            ? (dp[(i + 1) * w + j + 1] ?? 0) + 1
            : Math.max(dp[(i + 1) * w + j] ?? 0, dp[i * w + j + 1] ?? 0);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[p + i] === b[p + j]) {
        out.push([p + i, p + j]);
        i++;
        j++;
      } else if ((dp[(i + 1) * w + j] ?? 0) >= (dp[i * w + j + 1] ?? 0)) i++;
      else j++;
    }
  }
  out.push(...tail.reverse());
  return out;
}

/**
 * Carries a trace onto the clean document it was rendered beside. When the texts are equal the
 * segments apply as they are; otherwise only lines that are equal in both (matched in order) keep
 * their origin, and the rest of the clean document has none.
 */
export function projectTrace(trace: Trace, clean: string): Projection {
  const cleanLines = lineStarts(clean).length;
  if (trace.text === clean) {
    const covered = new Set<number>();
    const starts = lineStarts(clean);
    for (const s of trace.segments) {
      for (let o = s.start; o < s.end; o = nextLineStart(starts, o)) covered.add(lineOfOffset(starts, o));
    }
    return { segments: trace.segments, exact: true, mappedLines: covered.size, lines: cleanLines };
  }
  const a = splitLines(trace.text);
  const b = splitLines(clean);
  const pairs = matchLines(a.lines, b.lines);
  const segments: TraceSegment[] = [];
  let si = 0;
  const mapped = new Set<number>();
  for (const [la, lb] of pairs) {
    const aStart = a.starts[la] ?? 0;
    const aEnd = aStart + (a.lines[la]?.length ?? 0);
    const bStart = b.starts[lb] ?? 0;
    while (si < trace.segments.length && (trace.segments[si]?.end ?? 0) <= aStart) si++;
    for (let k = si; k < trace.segments.length; k++) {
      const s = trace.segments[k] as TraceSegment;
      if (s.start > aEnd) break;
      const st = Math.max(s.start, aStart);
      const en = Math.min(s.end, aEnd);
      if (en <= st) continue;
      segments.push({
        start: bStart + (st - aStart),
        end: Math.min(clean.length, bStart + (en - aStart)),
        line: s.line,
        iteration: s.iteration,
      });
      mapped.add(lb);
    }
  }
  return { segments, exact: false, mappedLines: mapped.size, lines: cleanLines };
}

function lineOfOffset(starts: readonly number[], o: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= o) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function nextLineStart(starts: readonly number[], o: number): number {
  const l = lineOfOffset(starts, o);
  return starts[l + 1] ?? Number.POSITIVE_INFINITY;
}

/** The segment holding an offset (binary search), or undefined where the origin is unknown. */
export function segmentAt(segments: readonly TraceSegment[], offset: number): TraceSegment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid] as TraceSegment;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

const KIND = /^kind:[ \t]*["']?([A-Za-z0-9_.-]+)/m;

/** A clean rendered document and the trace rendered beside it (when its twin rendered). */
export interface PairedDoc {
  doc: RenderedDoc;
  trace: Trace | undefined;
}

/**
 * Pairs each clean document with the twin document rendered from the same template: the k-th
 * document of a kind from a template with the k-th twin document of that kind (helm sorts documents
 * by kind, stably). Twin documents that hold nothing but markers stand for documents helm dropped as
 * empty, and are skipped.
 */
export function pairDocuments(docs: readonly RenderedDoc[], nonce: string | undefined): PairedDoc[] {
  const twins = new Map<string, Trace[]>();
  if (nonce !== undefined) {
    for (const d of docs) {
      const src = twinSource(d.source);
      if (!src) continue;
      const trace = readTrace(d.text, nonce);
      if (trace.text === '') continue;
      const key = `${src}\u0000${KIND.exec(trace.text)?.[1] ?? ''}`;
      const list = twins.get(key) ?? [];
      list.push(trace);
      twins.set(key, list);
    }
  }
  const seen = new Map<string, number>();
  const out: PairedDoc[] = [];
  for (const d of docs) {
    if (twinSource(d.source)) continue;
    const key = `${d.source}\u0000${KIND.exec(d.text)?.[1] ?? ''}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    out.push({ doc: d, trace: twins.get(key)?.[k] });
  }
  return out;
}
