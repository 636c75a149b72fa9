/**
 * A tolerant lexer and parser for Go `text/template` as Helm uses it (default `{{ }}` delimiters).
 * It follows Go's own lexer (`text/template/parse/lex.go`) for trim markers, comments, quoting and
 * number syntax, and its parser for the shape of actions and control structures. It never throws:
 * on the first syntax error it returns the tree parsed so far (open blocks closed at the error) and
 * the error with its offset. Every node carries offsets into the source.
 */

/** A half-open offset range `[start, end)` in the template source. */
export interface Span {
  start: number;
  end: number;
}

/** One `{{ … }}` delimiter pair of a keyword action (`{{- if … }}`, `{{ end }}`). */
export interface Tag extends Span {
  /** `{{- `: whitespace before the tag is trimmed. */
  trimLeft: boolean;
  /** ` -}}`: whitespace after the tag is trimmed. */
  trimRight: boolean;
}

/** Literal text between actions. */
export interface TextNode extends Span {
  type: 'text';
  /** The part of `[start, end)` that is output after trim markers remove surrounding whitespace. */
  valueStart: number;
  valueEnd: number;
}

/** An output action `{{ pipeline }}` (also a declaration `{{ $x := … }}`, which outputs nothing). */
export interface ActionNode extends Tag {
  type: 'action';
  pipe: Pipeline;
}

/** `{{/* … *\/}}`, with or without trim markers. */
export interface CommentNode extends Tag {
  type: 'comment';
}

/** `if`, `with` and `range`: a pipeline, a body, an optional else branch and an `{{ end }}`. */
export interface ControlNode extends Span {
  type: 'if' | 'with' | 'range';
  /** The opening tag; for a chained `{{ else if … }}` the else tag itself. */
  open: Tag;
  pipe: Pipeline;
  body: Node[];
  /** The `{{ else }}` (or `{{ else if … }}`) tag. */
  elseTag?: Tag;
  /** For `else if`/`else with`: one chained ControlNode. */
  elseBody?: Node[];
  /** Missing when the block is not closed (an error was reported). */
  endTag?: Tag;
  /** This node is an `{{ else if … }}`/`{{ else with … }}` of an enclosing node; it shares its end. */
  chained?: true;
}

/** `{{ define "name" }} … {{ end }}` (top level only). */
export interface DefineNode extends Span {
  type: 'define';
  open: Tag;
  name: string;
  nameSpan: Span;
  body: Node[];
  endTag?: Tag;
}

/** `{{ block "name" pipeline }} … {{ end }}`: defines `name` and executes it in place. */
export interface BlockNode extends Span {
  type: 'block';
  open: Tag;
  name: string;
  nameSpan: Span;
  pipe: Pipeline | undefined;
  body: Node[];
  endTag?: Tag;
}

/** `{{ template "name" pipeline }}`. */
export interface TemplateNode extends Tag {
  type: 'template';
  name: string;
  nameSpan: Span;
  pipe: Pipeline | undefined;
}

/** `{{ break }}` / `{{ continue }}` inside a range. */
export interface LoopControlNode extends Tag {
  type: 'break' | 'continue';
}

/** Any node of a parsed template. */
export type Node =
  TextNode | ActionNode | CommentNode | ControlNode | DefineNode | BlockNode | TemplateNode | LoopControlNode;

/** `$a, $b := cmd | cmd …` */
export interface Pipeline extends Span {
  /** Declared or assigned variables (names with the `$`). */
  decl: VariableExpr[];
  /** `=` rather than `:=`. */
  assign: boolean;
  cmds: Command[];
}

/** One command of a pipeline: a function or value followed by its arguments. */
export interface Command extends Span {
  args: Expr[];
}

/** An operand of a command. */
export type Expr =
  | { kind: 'dot'; start: number; end: number }
  /** `.A.B`: names without the dots. */
  | { kind: 'field'; start: number; end: number; names: string[] }
  /** `$x.A.B` (`name` keeps the `$`; `$` alone is the root variable). */
  | VariableExpr
  | { kind: 'identifier'; start: number; end: number; name: string }
  | { kind: 'string'; start: number; end: number; value: string; raw: boolean }
  | { kind: 'number'; start: number; end: number; text: string }
  | { kind: 'char'; start: number; end: number; text: string }
  | { kind: 'bool'; start: number; end: number; value: boolean }
  | { kind: 'nil'; start: number; end: number }
  /** `( pipeline )` with an optional field chain after it. */
  | { kind: 'pipe'; start: number; end: number; pipe: Pipeline; fields: string[] };

/** `$x.a.b`: a variable and the fields after it. */
export interface VariableExpr {
  kind: 'variable';
  start: number;
  end: number;
  name: string;
  fields: string[];
}

/** The first syntax error, at its offset, with Go's wording where it matters. */
export interface ParseError {
  offset: number;
  message: string;
}

/** A parsed template: its top-level nodes, its defines and its first syntax error (if any). */
export interface Template {
  source: string;
  nodes: Node[];
  /** Every `define` and `block` of the file, by name (a later one wins, as in Go). */
  defines: Map<string, DefineNode | BlockNode>;
  error: ParseError | undefined;
}

// ---------------------------------------------------------------------------------------------
// Lexer

type TokType =
  | 'space'
  | 'declare'
  | 'assign'
  | 'pipe'
  | 'string'
  | 'rawString'
  | 'char'
  | 'charConst'
  | 'number'
  | 'variable'
  | 'field'
  | 'dot'
  | 'identifier'
  | 'keyword'
  | 'bool'
  | 'nil'
  | 'lparen'
  | 'rparen'
  | 'end'
  | 'error';

interface Tok {
  type: TokType;
  start: number;
  end: number;
  text: string;
}

const KEYWORDS = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'nil',
  'template',
  'with',
]);

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;

function isAlnum(c: string | undefined): boolean {
  if (c === undefined) return false;
  const x = c.charCodeAt(0);
  if (x < 0x80) return (x >= 48 && x <= 57) || (x >= 65 && x <= 90) || (x >= 97 && x <= 122) || x === 95;
  return LETTER_OR_DIGIT.test(c);
}

function hasLeftTrim(src: string, at: number): boolean {
  return src[at] === '-' && isSpace(src[at + 1]);
}

function hasRightTrim(src: string, at: number): boolean {
  return isSpace(src[at]) && src[at + 1] === '-' && src.startsWith('}}', at + 2);
}

/** Offset after `}}` or ` -}}` at `at`, or -1. */
function rightDelimAt(src: string, at: number): { end: number; trim: boolean } | undefined {
  if (hasRightTrim(src, at)) return { end: at + 4, trim: true };
  if (src.startsWith('}}', at)) return { end: at + 2, trim: false };
  return undefined;
}

/** Tokens of one action, from just after `{{`/`{{- ` up to (not including) the closing delimiter. */
class ActionLexer {
  pos: number;
  parenDepth = 0;
  /** Where the closing delimiter starts and ends, once reached. */
  close: { start: number; end: number; trim: boolean } | undefined;
  error: ParseError | undefined;
  private peeked: Tok[] = [];

  constructor(
    private readonly src: string,
    start: number,
    /** Offset of the action's `{{`, where an unclosed action is reported. */
    private readonly openAt: number,
  ) {
    this.pos = start;
  }

  next(): Tok {
    return this.peeked.shift() ?? this.lex();
  }

  peek(): Tok {
    return this.at(0);
  }

  private at(i: number): Tok {
    while (this.peeked.length <= i) this.peeked.push(this.lex());
    return this.peeked[i] as Tok;
  }

  /** Next token that is not space (spaces before it are consumed). */
  nextNonSpace(): Tok {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }

  /** The next token that is not space, leaving the spaces before it in place. */
  peekNonSpace(): Tok {
    for (let i = 0; ; i++) {
      const t = this.at(i);
      if (t.type !== 'space') return t;
    }
  }

  backup(t: Tok): void {
    this.peeked.unshift(t);
  }

  private fail(at: number, message: string): Tok {
    this.error ??= { offset: at, message };
    this.pos = this.src.length;
    return { type: 'error', start: at, end: at, text: message };
  }

  private tok(type: TokType, start: number): Tok {
    return { type, start, end: this.pos, text: this.src.slice(start, this.pos) };
  }

  private lex(): Tok {
    const src = this.src;
    if (this.error) return { type: 'error', start: this.pos, end: this.pos, text: this.error.message };
    if (this.close) return { type: 'end', start: this.close.start, end: this.close.end, text: '' };
    const start = this.pos;
    const delim = rightDelimAt(src, start);
    if (delim) {
      if (this.parenDepth > 0) return this.fail(start, 'unclosed left paren');
      this.close = { start, end: delim.end, trim: delim.trim };
      this.pos = delim.end;
      return { type: 'end', start, end: delim.end, text: '' };
    }
    const c = src[start];
    if (c === undefined) return this.fail(this.openAt, 'unclosed action');
    if (isSpace(c)) {
      let i = start;
      while (isSpace(src[i])) i++;
      // A space directly before `-}}` belongs to the trim marker.
      if (hasRightTrim(src, i - 1)) {
        this.pos = i - 1;
        if (this.pos === start) return this.lex();
        return this.tok('space', start);
      }
      this.pos = i;
      return this.tok('space', start);
    }
    this.pos = start + 1;
    switch (c) {
      case '=':
        return this.tok('assign', start);
      case ':':
        if (src[this.pos] !== '=') return this.fail(start, 'expected :=');
        this.pos++;
        return this.tok('declare', start);
      case '|':
        return this.tok('pipe', start);
      case '"':
        return this.quote(start);
      case '`': {
        const close = src.indexOf('`', this.pos);
        if (close < 0) return this.fail(start, 'unterminated raw quoted string');
        this.pos = close + 1;
        return this.tok('rawString', start);
      }
      case '$':
        return this.fieldOrVariable(start, 'variable');
      case "'":
        return this.charConst(start);
      case '(':
        this.parenDepth++;
        return this.tok('lparen', start);
      case ')':
        this.parenDepth--;
        if (this.parenDepth < 0) return this.fail(start, 'unexpected right paren');
        return this.tok('rparen', start);
      default:
        break;
    }
    if (c === '.') {
      const n = src[this.pos];
      if (n === undefined || n < '0' || n > '9') return this.fieldOrVariable(start, 'field');
    }
    if (c === '.' || c === '+' || c === '-' || (c >= '0' && c <= '9')) {
      this.pos = start;
      return this.number(start);
    }
    if (isAlnum(c)) {
      let i = this.pos;
      while (isAlnum(src[i])) i++;
      this.pos = i;
      if (!this.atTerminator()) return this.fail(this.pos, `bad character ${JSON.stringify(src[this.pos])}`);
      const word = src.slice(start, i);
      if (word === 'true' || word === 'false') return this.tok('bool', start);
      if (word === 'nil') return this.tok('nil', start);
      if (KEYWORDS.has(word)) return this.tok('keyword', start);
      return this.tok('identifier', start);
    }
    const code = c.charCodeAt(0);
    if (code < 0x7f && code >= 0x20) return this.tok('char', start);
    return this.fail(start, `unrecognized character in action: ${JSON.stringify(c)}`);
  }

  private atTerminator(): boolean {
    const c = this.src[this.pos];
    if (c === undefined || isSpace(c)) return true;
    if ('.,|:)('.includes(c)) return true;
    return this.src.startsWith('}}', this.pos);
  }

  private fieldOrVariable(start: number, kind: 'field' | 'variable'): Tok {
    let i = this.pos;
    while (isAlnum(this.src[i])) i++;
    this.pos = i;
    if (i === start + 1) {
      if (kind === 'variable') return this.tok('variable', start);
      return this.tok('dot', start);
    }
    if (!this.atTerminator())
      return this.fail(this.pos, `bad character ${JSON.stringify(this.src[this.pos])}`);
    return this.tok(kind, start);
  }

  private quote(start: number): Tok {
    let i = this.pos;
    for (;;) {
      const c = this.src[i];
      if (c === undefined || c === '\n') return this.fail(start, 'unterminated quoted string');
      if (c === '\\') {
        if (this.src[i + 1] === undefined || this.src[i + 1] === '\n') {
          return this.fail(start, 'unterminated quoted string');
        }
        i += 2;
        continue;
      }
      i++;
      if (c === '"') break;
    }
    this.pos = i;
    return this.tok('string', start);
  }

  private charConst(start: number): Tok {
    let i = this.pos;
    for (;;) {
      const c = this.src[i];
      if (c === undefined || c === '\n') return this.fail(start, 'unterminated character constant');
      if (c === '\\') {
        i += 2;
        continue;
      }
      i++;
      if (c === "'") break;
    }
    this.pos = i;
    return this.tok('charConst', start);
  }

  private number(start: number): Tok {
    let i = start;
    const src = this.src;
    if (src[i] === '+' || src[i] === '-') i++;
    let digits = '0123456789_';
    if (src[i] === '0' && /[xXoObB]/.test(src[i + 1] ?? '')) {
      const b = (src[i + 1] ?? '').toLowerCase();
      digits = b === 'x' ? '0123456789abcdefABCDEF_' : b === 'o' ? '01234567_' : '01_';
      i += 2;
    }
    while (src[i] !== undefined && digits.includes(src[i] ?? '')) i++;
    if (src[i] === '.') {
      i++;
      while (src[i] !== undefined && digits.includes(src[i] ?? '')) i++;
    }
    if (digits.length === 11 && /[eE]/.test(src[i] ?? '')) {
      i++;
      if (src[i] === '+' || src[i] === '-') i++;
      while (/[0-9_]/.test(src[i] ?? '')) i++;
    } else if (digits.length === 23 && /[pP]/.test(src[i] ?? '')) {
      i++;
      if (src[i] === '+' || src[i] === '-') i++;
      while (/[0-9_]/.test(src[i] ?? '')) i++;
    }
    if (src[i] === 'i') i++;
    this.pos = i;
    if (i === start || isAlnum(src[i]) || (i === start + 1 && /[+-.]/.test(src[start] ?? ''))) {
      return this.fail(start, `bad number syntax: ${JSON.stringify(src.slice(start, i + 1))}`);
    }
    return this.tok('number', start);
  }
}

// ---------------------------------------------------------------------------------------------
// Parser

class Failure extends Error {
  constructor(readonly at: ParseError) {
    super(at.message);
  }
}

interface OpenTag extends Tag {
  /** Offset right after `{{` or `{{- `. */
  inner: number;
}

type Terminator =
  | { kind: 'end'; tag: Tag }
  | { kind: 'else'; tag: Tag; lex: ActionLexer; keyword: Tok | undefined }
  | { kind: 'eof' };

/** Parses a template. Never throws; `error` is set on the first syntax error. */
export function parseTemplate(source: string): Template {
  const p = new Parser(source);
  return p.run();
}

class Parser {
  private pos = 0;
  /** Trim the leading whitespace of the next text (the previous tag ended with `-}}`). */
  private trimNext = false;
  private rangeDepth = 0;
  private readonly defines = new Map<string, DefineNode | BlockNode>();
  /** Control nodes opened and not yet closed, innermost last (closed at the error on failure). */
  private readonly open: { node: ControlNode | DefineNode | BlockNode; inElse: boolean }[] = [];

  constructor(private readonly src: string) {}

  run(): Template {
    const nodes: Node[] = [];
    let error: ParseError | undefined;
    try {
      const t = this.list(nodes, true);
      if (t.kind !== 'eof') {
        throw new Failure({ offset: t.tag.start, message: `unexpected {{${t.kind}}}` });
      }
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      error = e.at;
      for (const { node } of this.open) node.end = Math.max(node.end, e.at.offset);
    }
    return { source: this.src, nodes, defines: this.defines, error };
  }

  /** Parses nodes into `out` until `{{ end }}`, `{{ else … }}` or the end of the source. */
  private list(out: Node[], top: boolean): Terminator {
    const src = this.src;
    for (;;) {
      const at = this.pos;
      const open = src.indexOf('{{', at);
      const textEnd = open < 0 ? src.length : open;
      const trimLeft = open >= 0 && hasLeftTrim(src, open + 2);
      if (textEnd > at || (this.trimNext && textEnd === at)) {
        let vs = at;
        let ve = textEnd;
        if (this.trimNext) while (vs < ve && isSpace(src[vs])) vs++;
        if (trimLeft) while (ve > vs && isSpace(src[ve - 1])) ve--;
        if (textEnd > at) out.push({ type: 'text', start: at, end: textEnd, valueStart: vs, valueEnd: ve });
      }
      this.trimNext = false;
      if (open < 0) {
        this.pos = src.length;
        return { kind: 'eof' };
      }
      const inner = open + 2 + (trimLeft ? 2 : 0);
      const tagStart: OpenTag = { start: open, end: open, trimLeft, trimRight: false, inner };
      if (src.startsWith('/*', inner)) {
        out.push(this.comment(tagStart));
        continue;
      }
      const lex = new ActionLexer(src, inner, open);
      const first = lex.nextNonSpace();
      if (first.type === 'keyword') {
        switch (first.text) {
          case 'end': {
            const tag = this.closeTag(lex, tagStart);
            if (top) throw new Failure({ offset: open, message: 'unexpected {{end}}' });
            return { kind: 'end', tag };
          }
          case 'else': {
            if (top) throw new Failure({ offset: open, message: 'unexpected {{else}}' });
            const next = lex.peekNonSpace();
            if (next.type === 'keyword' && (next.text === 'if' || next.text === 'with')) {
              lex.nextNonSpace();
              return { kind: 'else', tag: tagStart, lex, keyword: next };
            }
            const tag = this.closeTag(lex, tagStart);
            return { kind: 'else', tag, lex, keyword: undefined };
          }
          case 'if':
          case 'with':
          case 'range':
            this.control(first.text, tagStart, lex, false, out);
            continue;
          case 'define':
            if (!top) throw new Failure({ offset: first.start, message: 'unexpected <define> in command' });
            this.define(tagStart, lex, out);
            continue;
          case 'block':
            this.block(tagStart, lex, out);
            continue;
          case 'template':
            out.push(this.templateCall(tagStart, lex));
            continue;
          case 'break':
          case 'continue': {
            if (this.rangeDepth === 0) {
              throw new Failure({ offset: first.start, message: `{{${first.text}}} outside {{range}}` });
            }
            const tag = this.closeTag(lex, tagStart);
            out.push({ type: first.text, ...tag });
            continue;
          }
          default:
            break;
        }
      }
      lex.backup(first);
      const pipe = this.pipeline(lex, 'command');
      const tag = this.finishTag(lex, tagStart);
      out.push({ type: 'action', ...tag, pipe });
    }
  }

  private comment(tag: OpenTag): CommentNode {
    const src = this.src;
    const close = src.indexOf('*/', tag.inner + 2);
    if (close < 0) throw new Failure({ offset: tag.start, message: 'unclosed comment' });
    const after = close + 2;
    const delim = rightDelimAt(src, after);
    if (!delim) throw new Failure({ offset: after, message: 'comment ends before closing delimiter' });
    this.pos = delim.end;
    this.trimNext = delim.trim;
    return {
      type: 'comment',
      start: tag.start,
      end: delim.end,
      trimLeft: tag.trimLeft,
      trimRight: delim.trim,
    };
  }

  /** Expects nothing but the closing delimiter. */
  private closeTag(lex: ActionLexer, tag: OpenTag): Tag {
    const t = lex.nextNonSpace();
    if (t.type !== 'end') this.unexpected(lex, t, 'in tag');
    return this.finishTag(lex, tag);
  }

  private finishTag(lex: ActionLexer, tag: OpenTag): Tag {
    const close = lex.close;
    if (!close) {
      const t = lex.nextNonSpace();
      if (t.type !== 'end' || !lex.close) this.unexpected(lex, t, 'in action');
      return this.finishTag(lex, tag);
    }
    this.pos = close.end;
    this.trimNext = close.trim;
    return { start: tag.start, end: close.end, trimLeft: tag.trimLeft, trimRight: close.trim };
  }

  private unexpected(lex: ActionLexer, t: Tok, where: string): never {
    if (lex.error) throw new Failure(lex.error);
    if (t.type === 'error') throw new Failure({ offset: t.start, message: t.text });
    const what = t.type === 'end' ? 'end of action' : JSON.stringify(t.text);
    throw new Failure({ offset: t.start, message: `unexpected ${what} ${where}` });
  }

  private control(
    kind: 'if' | 'with' | 'range',
    tag: OpenTag,
    lex: ActionLexer,
    chained: boolean,
    out: Node[],
  ): ControlNode {
    const pipe = this.pipeline(lex, kind);
    const openTag = this.finishTag(lex, tag);
    const node: ControlNode = {
      type: kind,
      start: tag.start,
      end: openTag.end,
      open: openTag,
      pipe,
      body: [],
    };
    if (chained) node.chained = true;
    out.push(node);
    this.open.push({ node, inElse: false });
    if (kind === 'range') this.rangeDepth++;
    let t: Terminator;
    try {
      t = this.list(node.body, false);
    } finally {
      if (kind === 'range') this.rangeDepth--;
    }
    if (t.kind === 'else') {
      const entry = this.open[this.open.length - 1];
      if (entry) entry.inElse = true;
      node.elseBody = [];
      if (t.keyword) {
        const word = t.keyword.text as 'if' | 'with';
        if (kind === 'range' || (kind === 'if' && word === 'with') || (kind === 'with' && word === 'if')) {
          // Go accepts only `else if` in if and `else with` in with.
          throw new Failure({ offset: t.keyword.start, message: `unexpected {{else ${word}}} in ${kind}` });
        }
        const chainTag: OpenTag = { ...t.tag, inner: t.tag.end };
        node.elseTag = {
          start: chainTag.start,
          end: chainTag.start,
          trimLeft: chainTag.trimLeft,
          trimRight: false,
        };
        const inner = this.control(word, { ...chainTag, inner: t.keyword.end }, t.lex, true, node.elseBody);
        node.elseTag = inner.open;
        if (inner.endTag) node.endTag = inner.endTag;
        node.end = inner.end;
        this.open.pop();
        return node;
      }
      node.elseTag = t.tag;
      const t2 = this.list(node.elseBody, false);
      if (t2.kind !== 'end') {
        const at = t2.kind === 'eof' ? this.src.length : t2.tag.start;
        throw new Failure({
          offset: at,
          message: t2.kind === 'eof' ? 'unexpected EOF' : 'expected end; found {{else}}',
        });
      }
      node.endTag = t2.tag;
      node.end = t2.tag.end;
      this.open.pop();
      return node;
    }
    if (t.kind === 'eof') throw new Failure({ offset: this.src.length, message: 'unexpected EOF' });
    node.endTag = t.tag;
    node.end = t.tag.end;
    this.open.pop();
    return node;
  }

  private templateName(lex: ActionLexer, context: string): { name: string; span: Span } {
    const t = lex.nextNonSpace();
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(lex, t, `in ${context}`);
    return { name: unquote(t), span: { start: t.start, end: t.end } };
  }

  private define(tag: OpenTag, lex: ActionLexer, out: Node[]): DefineNode {
    const { name, span } = this.templateName(lex, 'define clause');
    const openTag = this.closeTag(lex, tag);
    const node: DefineNode = {
      type: 'define',
      start: tag.start,
      end: openTag.end,
      open: openTag,
      name,
      nameSpan: span,
      body: [],
    };
    out.push(node);
    this.open.push({ node, inElse: false });
    const saved = this.rangeDepth;
    this.rangeDepth = 0;
    const t = this.list(node.body, false);
    this.rangeDepth = saved;
    if (t.kind !== 'end') {
      const at = t.kind === 'eof' ? this.src.length : t.tag.start;
      throw new Failure({ offset: at, message: t.kind === 'eof' ? 'unexpected EOF' : 'unexpected {{else}}' });
    }
    node.endTag = t.tag;
    node.end = t.tag.end;
    this.open.pop();
    this.defines.set(name, node);
    return node;
  }

  private block(tag: OpenTag, lex: ActionLexer, out: Node[]): BlockNode {
    const { name, span } = this.templateName(lex, 'block clause');
    const next = lex.peekNonSpace();
    const pipe = next.type === 'end' ? undefined : this.pipeline(lex, 'block');
    const openTag = this.finishTag(lex, tag);
    const node: BlockNode = {
      type: 'block',
      start: tag.start,
      end: openTag.end,
      open: openTag,
      name,
      nameSpan: span,
      pipe,
      body: [],
    };
    out.push(node);
    this.open.push({ node, inElse: false });
    const saved = this.rangeDepth;
    this.rangeDepth = 0;
    const t = this.list(node.body, false);
    this.rangeDepth = saved;
    if (t.kind !== 'end') {
      const at = t.kind === 'eof' ? this.src.length : t.tag.start;
      throw new Failure({ offset: at, message: t.kind === 'eof' ? 'unexpected EOF' : 'unexpected {{else}}' });
    }
    node.endTag = t.tag;
    node.end = t.tag.end;
    this.open.pop();
    this.defines.set(name, node);
    return node;
  }

  private templateCall(tag: OpenTag, lex: ActionLexer): TemplateNode {
    const { name, span } = this.templateName(lex, 'template clause');
    const next = lex.peekNonSpace();
    const pipe = next.type === 'end' ? undefined : this.pipeline(lex, 'template');
    const t = this.finishTag(lex, tag);
    return { type: 'template', ...t, name, nameSpan: span, pipe };
  }

  /** `decl? cmd (| cmd)*`, up to the closing delimiter (or `)` when `context` is 'paren'). */
  private pipeline(lex: ActionLexer, context: string): Pipeline {
    const decl: VariableExpr[] = [];
    let assign = false;
    const first = lex.peekNonSpace();
    const pipeStart = first.start;
    if (first.type === 'variable') {
      const v = lex.nextNonSpace();
      const after = lex.peekNonSpace();
      if (after.type === 'declare' || after.type === 'assign') {
        lex.nextNonSpace();
        decl.push(variableExpr(v));
        assign = after.type === 'assign';
      } else if (after.type === 'char' && after.text === ',') {
        if (context !== 'range') {
          throw new Failure({ offset: after.start, message: 'too many declarations in command' });
        }
        lex.nextNonSpace();
        const v2 = lex.nextNonSpace();
        if (v2.type !== 'variable') this.unexpected(lex, v2, 'in range; expected variable');
        const op = lex.nextNonSpace();
        if (op.type !== 'declare' && op.type !== 'assign') this.unexpected(lex, op, 'in range');
        decl.push(variableExpr(v), variableExpr(v2));
        assign = op.type === 'assign';
      } else {
        lex.backup(v);
      }
    }
    const cmds: Command[] = [];
    let end = pipeStart;
    for (;;) {
      const t = lex.peekNonSpace();
      if (t.type === 'end' || (context === 'paren' && t.type === 'rparen')) {
        if (cmds.length === 0) {
          throw new Failure({ offset: t.start, message: `missing value for ${context}` });
        }
        break;
      }
      if (t.type === 'error') this.unexpected(lex, t, `in ${context}`);
      const cmd = this.command(lex, context);
      cmds.push(cmd);
      end = cmd.end;
      // Go accepts a trailing `|` before the closing delimiter (`{{ .x | }}` prints .x).
      if (lex.peekNonSpace().type === 'pipe') lex.nextNonSpace();
    }
    return { start: Math.min(pipeStart, end), end, decl, assign, cmds };
  }

  private command(lex: ActionLexer, context: string): Command {
    const args: Expr[] = [];
    for (;;) {
      const t = lex.peekNonSpace();
      if (t.type === 'end' || t.type === 'pipe' || (context === 'paren' && t.type === 'rparen')) break;
      if (t.type === 'rparen') this.unexpected(lex, t, `in ${context}`);
      args.push(this.operand(lex, context));
      const after = lex.peek();
      if (
        after.type !== 'space' &&
        after.type !== 'end' &&
        after.type !== 'pipe' &&
        after.type !== 'rparen'
      ) {
        this.unexpected(lex, after, 'in operand');
      }
    }
    const first = args[0];
    const last = args[args.length - 1];
    if (!first || !last) {
      const t = lex.peekNonSpace();
      throw new Failure({ offset: t.start, message: 'empty command' });
    }
    return { start: first.start, end: last.end, args };
  }

  private operand(lex: ActionLexer, context: string): Expr {
    const t = lex.nextNonSpace();
    let e: Expr;
    switch (t.type) {
      case 'identifier':
        e = { kind: 'identifier', start: t.start, end: t.end, name: t.text };
        break;
      case 'dot':
        e = { kind: 'dot', start: t.start, end: t.end };
        break;
      case 'nil':
        e = { kind: 'nil', start: t.start, end: t.end };
        break;
      case 'variable':
        e = variableExpr(t);
        break;
      case 'field':
        e = { kind: 'field', start: t.start, end: t.end, names: t.text.slice(1).split('.') };
        break;
      case 'bool':
        e = { kind: 'bool', start: t.start, end: t.end, value: t.text === 'true' };
        break;
      case 'charConst':
        e = { kind: 'char', start: t.start, end: t.end, text: t.text };
        break;
      case 'number':
        e = { kind: 'number', start: t.start, end: t.end, text: t.text };
        break;
      case 'string':
      case 'rawString':
        e = { kind: 'string', start: t.start, end: t.end, value: unquote(t), raw: t.type === 'rawString' };
        break;
      case 'lparen': {
        const pipe = this.pipeline(lex, 'paren');
        const close = lex.nextNonSpace();
        if (close.type !== 'rparen') this.unexpected(lex, close, 'in parenthesized pipeline');
        e = { kind: 'pipe', start: t.start, end: close.end, pipe, fields: [] };
        break;
      }
      default:
        this.unexpected(lex, t, `in ${context}`);
    }
    // A field chain directly after a term: `$x.a`, `(pipe).a`, `.a.b`.
    for (;;) {
      const next = lex.peek();
      if (next.type !== 'field') break;
      lex.next();
      const names = next.text.slice(1).split('.');
      if (e.kind === 'pipe' || e.kind === 'variable') e.fields.push(...names);
      else if (e.kind === 'field') e.names.push(...names);
      else
        throw new Failure({
          offset: next.start,
          message: `unexpected . after term ${JSON.stringify(this.src.slice(e.start, e.end))}`,
        });
      e.end = next.end;
    }
    return e;
  }
}

function variableExpr(t: Tok): VariableExpr {
  const [name = '$', ...fields] = t.text.split('.');
  return { kind: 'variable', start: t.start, end: t.end, name, fields };
}

const ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** The value of a quoted or raw string token (Go escapes decoded, tolerantly). */
function unquote(t: Tok): string {
  if (t.type === 'rawString') return t.text.slice(1, -1).replace(/\r/g, '');
  const body = t.text.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_m, e: string) => {
    const c = e[0] ?? '';
    if (c === 'x' || c === 'u' || c === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/[0-7]/.test(c) && e.length === 3) return String.fromCharCode(parseInt(e, 8));
    return ESCAPES[c] ?? e;
  });
}

/** Calls `fn` for every node of a list and its descendants (bodies and else branches), in source order. */
export function walk(nodes: readonly Node[], fn: (node: Node, stack: readonly Node[]) => void): void {
  const stack: Node[] = [];
  const go = (list: readonly Node[]): void => {
    for (const n of list) {
      fn(n, stack);
      if (n.type === 'if' || n.type === 'with' || n.type === 'range') {
        stack.push(n);
        go(n.body);
        if (n.elseBody) go(n.elseBody);
        stack.pop();
      } else if (n.type === 'define' || n.type === 'block') {
        stack.push(n);
        go(n.body);
        stack.pop();
      }
    }
  };
  go(nodes);
}

/** The source text of a span. */
export function spanText(source: string, s: Span): string {
  return source.slice(s.start, s.end);
}
