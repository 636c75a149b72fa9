// The invariants every input must keep, checked in-process (KubewardService) and against the real
// server over stdio. Positions are checked with a line model written here, independently of the
// engine's LineIndex: LSP counts `\n`, `\r\n` and `\r` as line breaks and columns in UTF-16 units.
import { parseAllDocuments } from 'yaml';
import type {
  CodeAction,
  Diagnostic,
  Hover,
  Position,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import { WorkspaceIndex } from '../../server/src/engine/workspace-index';
import { FIX_ALL_KIND, type KubewardService } from '../../server/src/service';
import type { LspClient } from '../support/lsp-client';
import { compareWithLibrary } from '../support/yaml-equal';
import { splitChunks } from '../../server/src/engine/parse';

export const SETTINGS = { profile: 'all' as const };
export const LIMIT_MS = 1000;

export class Lines {
  private readonly starts: number[] = [0];
  private readonly ends: number[] = [];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) {
        this.ends.push(i);
        this.starts.push(i + 2);
        i++;
      } else if (c === 10 || c === 13) {
        this.ends.push(i);
        this.starts.push(i + 1);
      }
    }
    this.ends.push(text.length);
  }

  /** Offset of a position, or undefined when the position is not inside the document. */
  offset(p: Position): number | undefined {
    const s = this.starts[p.line];
    const e = this.ends[p.line];
    if (s === undefined || e === undefined || !Number.isInteger(p.character)) return undefined;
    if (p.character < 0 || s + p.character > e) return undefined;
    return s + p.character;
  }
}

/**
 * YAML error count (default, strict options: duplicate keys count); Infinity when the parser throws.
 * A lone CR is read as the line break YAML 1.2 (and Kubernetes' go-yaml) make it, not as the yaml
 * library reads it (part of the line).
 */
export function yamlErrors(text: string): number {
  try {
    return parseAllDocuments(text.replace(/\r(?!\n)/g, '\n')).reduce(
      (n, d) => n + ('errors' in d ? d.errors.length : 0),
      0,
    );
  } catch {
    return Infinity;
  }
}

function rangeProblem(lines: Lines, r: Range, what: string): string | undefined {
  const s = lines.offset(r.start);
  const e = lines.offset(r.end);
  if (s === undefined || e === undefined) return `${what}: range ${JSON.stringify(r)} outside the document`;
  if (s > e) return `${what}: range start after end ${JSON.stringify(r)}`;
  return undefined;
}

function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] | undefined {
  if (!edit) return undefined;
  if (edit.changes) return edit.changes[uri] ?? [];
  const out: TextEdit[] = [];
  for (const dc of edit.documentChanges ?? []) {
    if (!('edits' in dc)) continue;
    for (const e of dc.edits) {
      if ('newText' in e) out.push(e);
      else if ('snippet' in e) out.push({ range: e.range, newText: e.snippet.value });
    }
  }
  return out;
}

/**
 * What the server must publish for `text` open as its only document: a fresh in-process check with
 * a workspace index holding just that text (the server indexes every open document, so cross-file
 * rules such as missing-network-policy see the file's own objects).
 */
export function freshCheck(service: KubewardService, text: string, uri = 'file:///fuzz.yaml'): Diagnostic[] {
  const index = new WorkspaceIndex();
  index.update(uri, text);
  const diagnostics = service.validate(uri, 1, text, SETTINGS, index).diagnostics;
  service.forget(uri);
  return diagnostics;
}

/** Checks the edits of one code action; returns problems (empty when fine). */
export function checkAction(lines: Lines, uri: string, a: CodeAction, before: number): string[] {
  const edits = editsOf(a.edit, uri);
  if (!edits) return [];
  const problems: string[] = [];
  const offs: { start: number; end: number; newText: string }[] = [];
  for (const e of edits) {
    const p = rangeProblem(lines, e.range, `edit of "${a.title}"`);
    if (p) {
      problems.push(p);
      continue;
    }
    offs.push({
      start: lines.offset(e.range.start) ?? 0,
      end: lines.offset(e.range.end) ?? 0,
      newText: e.newText,
    });
  }
  if (problems.length > 0) return problems;
  offs.sort((x, y) => x.start - y.start || x.end - y.end);
  for (let i = 1; i < offs.length; i++) {
    const prev = offs[i - 1];
    const cur = offs[i];
    if (prev && cur && cur.start < prev.end) problems.push(`"${a.title}": overlapping edits`);
  }
  if (problems.length > 0) return problems;
  let out = lines.text;
  for (let i = offs.length - 1; i >= 0; i--) {
    const e = offs[i];
    if (e) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  }
  const after = yamlErrors(out);
  if (after > before) problems.push(`"${a.title}": YAML errors ${before} -> ${after} after the fix`);
  return problems;
}

function checkDiagnostics(lines: Lines, diags: readonly Diagnostic[]): string[] {
  const out: string[] = [];
  for (const d of diags) {
    const p = rangeProblem(lines, d.range, `diagnostic ${String(d.code)}`);
    if (p) out.push(p);
  }
  return out;
}

function timed<T>(what: string, f: () => T, problems: string[]): T {
  const t0 = performance.now();
  const r = f();
  const ms = performance.now() - t0;
  if (ms > LIMIT_MS) problems.push(`${what} took ${ms.toFixed(0)} ms`);
  return r;
}

/** In-process: validate, every code action of every diagnostic, fix-all, hover. */
export function checkService(service: KubewardService, text: string, uri = 'file:///fuzz.yaml'): string[] {
  const problems: string[] = [];
  try {
    // The fast reader either declines a chunk or builds exactly the library's tree.
    for (const c of splitChunks(text)) {
      const { diff } = compareWithLibrary(c.text);
      if (diff) problems.push(`fast YAML reader differs from the library at chunk ${c.start}: ${diff}`);
    }
    const lines = new Lines(text);
    const checked = timed('validate', () => service.validate(uri, 1, text, SETTINGS), problems);
    for (const e of checked.result.internalErrors) problems.push(`rule crashed: ${e.split('\n')[0] ?? e}`);
    problems.push(...checkDiagnostics(lines, checked.diagnostics));
    if (problems.length > 0) return problems;
    const before = yamlErrors(text);
    const seen = new Set<string>();
    const actionsFor = (range: Range, diagnostics: Diagnostic[], only?: string[]): CodeAction[] =>
      timed(
        'codeAction',
        () => service.codeActions(uri, { range, context: { diagnostics, ...(only ? { only } : {}) } }),
        problems,
      );
    const all: CodeAction[] = [];
    for (const d of checked.diagnostics) {
      all.push(...actionsFor(d.range, [d]));
      timed('hover', () => service.hover(uri, d.range.start), problems);
    }
    const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    all.push(...actionsFor(whole, [], [FIX_ALL_KIND]));
    for (const a of all) {
      const key = JSON.stringify(a.edit ?? null);
      if (!a.edit || seen.has(key)) continue;
      seen.add(key);
      problems.push(...checkAction(lines, uri, a, before));
    }
  } catch (e) {
    problems.push(`exception: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  return problems;
}

/**
 * Over stdio: the text goes in by didOpen (or didChange of an open document), the published
 * diagnostics must equal the in-process ones, and every request answers within the limit.
 */
export async function checkServer(
  client: LspClient,
  text: string,
  expected: readonly Diagnostic[] | undefined,
  how: { uri: string; version: number; open: boolean },
): Promise<string[]> {
  const problems: string[] = [];
  const { uri, version } = how;
  const lines = new Lines(text);
  const t0 = performance.now();
  if (how.open) client.open(uri, text, version);
  else client.change(uri, version, text);
  let published;
  try {
    published = await client.waitForDiagnostics(uri, version, LIMIT_MS + 500);
  } catch (e) {
    return [`publishDiagnostics: ${(e as Error).message}`];
  }
  const ms = performance.now() - t0;
  if (ms > LIMIT_MS) problems.push(`publishDiagnostics after ${ms.toFixed(0)} ms`);
  const diags = published.diagnostics;
  problems.push(...checkDiagnostics(lines, diags));
  if (expected && JSON.stringify(diags) !== JSON.stringify(expected)) {
    problems.push(
      `server diagnostics differ from a fresh in-process check (${diags.length} vs ${expected.length})`,
    );
  }
  const before = yamlErrors(text);
  const request = async <T>(method: string, params: unknown): Promise<T | undefined> => {
    const s = performance.now();
    try {
      const r = await Promise.race([
        client.request<T>(method, params),
        new Promise<never>((_, rej) => setTimeout(() => rej(new Error('no answer')), LIMIT_MS * 3)),
      ]);
      const took = performance.now() - s;
      if (took > LIMIT_MS) problems.push(`${method} took ${took.toFixed(0)} ms`);
      return r;
    } catch (e) {
      problems.push(`${method}: ${(e as Error).message}`);
      return undefined;
    }
  };
  const seen = new Set<string>();
  for (const d of diags) {
    const actions =
      (await request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: d.range,
        context: { diagnostics: [d] },
      })) ?? [];
    for (const a of actions) {
      const key = JSON.stringify(a.edit ?? null);
      if (!a.edit || seen.has(key)) continue;
      seen.add(key);
      problems.push(...checkAction(lines, uri, a, before));
    }
    await request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: d.range.start });
  }
  const fixAll =
    (await request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: [FIX_ALL_KIND] },
    })) ?? [];
  for (const a of fixAll) problems.push(...checkAction(lines, uri, a, before));
  if (client.exited) problems.push(`server exited: ${JSON.stringify(client.exited)}`);
  return problems;
}
