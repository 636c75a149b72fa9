import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  DiagnosticTag,
  MarkupKind,
  type CodeActionContext,
  type Diagnostic,
  type Hover,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import { TACTICS, TECHNIQUES, tacticUrl, techniqueUrl, type TechniqueId } from './attack';
import { engineConfig, type EngineConfig } from './engine/config';
import { snippetDefaults, type Edit, type Fix } from './engine/fix';
import { fixAll, minimalEdit } from './engine/fix-all';
import { EMPTY_INDEX, type IndexLookup } from './engine/index-types';
import { docsUrl, type Rule, type Severity } from './engine/rule';
import { Engine, type CheckResult, type Finding } from './engine/run';
import { chunksOf, wholeText, type SourceText } from './engine/parse';
import { suppressionEdits } from './engine/suppress/actions';
import { LineIndex } from './engine/text';
import { Commands, type DiagnosticData, type Settings } from './protocol';
import { findingText } from './present/message';
import { rules as allRules } from './rules/index';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kubeward`;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspSeverity(s: Severity): DiagnosticSeverity {
  return SEVERITY[s];
}

/** One checked text: the result and its line index, kept per URI and version. */
export interface Checked {
  uri: string;
  version: number;
  /** The checked text; an open document's is in chunks. */
  source: SourceText;
  /** Its whole string (built on first use: fix-all needs it, diagnostics and hover do not). */
  readonly text: string;
  lines: LineIndex;
  result: CheckResult;
  diagnostics: Diagnostic[];
  config: EngineConfig;
  index: IndexLookup;
  /** What config-file exception paths were matched against. */
  file: string;
}

export interface ServiceOptions {
  rules?: readonly Rule[];
  /** Client takes snippet text edits (LSP 3.18 `snippetEditSupport`). */
  snippets?: boolean;
}

/** What a "Fix all <rule> problems in this file" action listed without its edit carries. */
interface FixAllData {
  fixAllRule: string;
  uri: string;
  version: number;
}

/**
 * The editor-independent language service: validate, code actions, hover. The LSP wiring in
 * server.ts only moves messages; tests call this directly.
 */
export class KubewardService {
  readonly engine: Engine;
  readonly rulesById: ReadonlyMap<string, Rule>;
  private readonly checked = new Map<string, Checked>();
  snippets: boolean;
  /** The client's command that shows a technique (`InitializationOptions.attackCommand`), linked from hovers. */
  attackCommand: string | undefined;
  /**
   * The client resolves a code action's edit when it is chosen (`codeAction/resolve` with `edit`):
   * "Fix all <rule> problems in this file" is then listed without its edit. Computing that edit runs
   * the fix-all rounds over the whole file (~90 ms for a 2 MB install.yaml), and clients ask for code
   * actions whenever the cursor rests on a diagnostic.
   */
  resolveEdits = false;

  constructor(opts: ServiceOptions = {}) {
    this.engine = new Engine(opts.rules ?? allRules);
    this.rulesById = new Map(this.engine.rules.map((r) => [r.id, r]));
    this.snippets = opts.snippets ?? false;
    this.attackCommand = undefined;
  }

  /** Checks a text and returns its diagnostics (cached per URI and version). */
  validate(
    uri: string,
    version: number,
    text: string,
    settings: Partial<Settings> | EngineConfig,
    index: IndexLookup = EMPTY_INDEX,
    /** What config-file exception paths match (relative to the config file's folder); the URI if absent. */
    file?: string,
  ): Checked {
    const config =
      'version' in settings && typeof settings.version === 'number' ? settings : engineConfig(settings);
    const result = this.engine.check(text, config, index, file ?? uri, uri);
    return this.record(uri, version, text, result, config, index, file ?? uri);
  }

  /**
   * Keeps a checked text (the engine's result on it) and its diagnostics, for code actions and
   * hover on that URI and version.
   */
  record(
    uri: string,
    version: number,
    text: SourceText,
    result: CheckResult,
    config: EngineConfig,
    index: IndexLookup,
    file: string,
  ): Checked {
    // Line starts of the chunks the last version of this document shares are reused (an edit scans one chunk).
    const lines = new LineIndex(text, chunksOf(text), this.checked.get(uri)?.lines);
    const diagnostics = [
      ...result.syntax.map((s) => syntaxDiagnostic(lines, s)),
      ...result.findings.map((f) => this.toDiagnostic(lines, f)),
    ];
    const checked: Checked = {
      uri,
      version,
      source: text,
      get text() {
        return wholeText(text);
      },
      lines,
      result,
      diagnostics,
      config,
      index,
      file,
    };
    this.checked.set(uri, checked);
    return checked;
  }

  get(uri: string): Checked | undefined {
    return this.checked.get(uri);
  }

  forget(uri: string): void {
    this.checked.delete(uri);
    this.engine.release(uri);
  }

  get trackedCount(): number {
    return this.checked.size;
  }

  toDiagnostic(lines: LineIndex, f: Finding): Diagnostic {
    const data: DiagnosticData = {
      ruleId: f.ruleId,
      attack: f.attack,
      fixable: f.fixes.length > 0,
      key: f.key,
      ...(f.pss ? { pss: f.pss } : {}),
      ...(f.object.kind
        ? {
            resource: {
              kind: f.object.kind,
              name: f.object.name,
              ...(f.object.namespace !== undefined ? { namespace: f.object.namespace } : {}),
            },
          }
        : {}),
    };
    return {
      range: toRange(lines, f.start, f.end),
      severity: toLspSeverity(f.severity),
      code: f.ruleId,
      codeDescription: { href: docsUrl(f.ruleId) },
      source: 'kubeward',
      message: findingText(f),
      data,
      ...(f.ruleId === 'unused-suppression' ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    };
  }

  /**
   * "Ignore <rule> on this line / for this container / for this resource (annotation)" for a
   * finding. Not offered for the suppression meta rules or for rules the config marks `strict`.
   */
  ignoreActions(checked: Checked, f: Finding, d: Diagnostic): CodeAction[] {
    const judgesSuppressions = this.rulesById.get(f.ruleId)?.checkSuppressions !== undefined;
    if (judgesSuppressions || checked.config.strict.includes(f.ruleId)) return [];
    const chunks = chunksOf(checked.source);
    const chunk = chunks.find((c) => c.start <= f.start && f.start < c.end);
    if (!chunk) return [];
    const snippet = this.snippets;
    const parsed = this.engine.parse(chunk.text);
    // In the finding's own document a syntax error leaves even the comment line unsafe: inside an
    // unclosed flow collection it adds an error (fuzz-ceece0225a). Fix the YAML first.
    if (parsed.errors.length > 0) return [];
    // One admission policy's finding: the suppression names that policy, not every policy.
    const id = f.policy ? `${f.ruleId}/${f.policy.name}` : f.ruleId;
    const e = suppressionEdits(parsed, f.start - chunk.start, id, snippet);
    // With a syntax error anywhere (an unclosed quote runs on into later documents when the file is
    // read as one stream), only the comment line is offered: it adds no quotes or structure.
    if (chunks.some((c) => this.engine.parse(c.text).errors.length > 0)) {
      e.container = undefined;
      e.annotation = undefined;
    }
    const shift = (x: Edit): Edit => ({
      start: x.start + chunk.start,
      end: x.end + chunk.start,
      newText: x.newText,
    });
    const out: CodeAction[] = [];
    const add = (title: string, edit: Edit | undefined): void => {
      if (!edit) return;
      const a = CodeAction.create(
        title,
        this.workspaceEdit(checked, [shift(edit)], snippet),
        CodeActionKind.QuickFix,
      );
      a.diagnostics = [d];
      out.push(a);
    };
    if (!e.container || e.container.start !== e.line?.start) add(`Ignore ${id} on this line`, e.line);
    add(`Ignore ${id} for container "${e.container?.name ?? ''}"`, e.container);
    add(`Ignore ${id} for this resource (annotation)`, e.annotation);
    return out;
  }

  /**
   * "Show T1611 Escape to Host in the Kubeward matrix" per technique of a finding: the Problems
   * panel's way to the matrix (its code link stays the rule documentation). Only for a client that
   * named its command (`InitializationOptions.attackCommand`); other clients get nothing new. A plain
   * quickfix, never preferred and without an edit, so auto-fix and source.fixAll never run it. No `&`
   * in the title: VS Code's context menus (the Problems panel's quick-fix menu) read it as a mnemonic.
   * `shown`: techniques already offered in this request (diagnostics on one range share them).
   */
  attackActions(f: Finding, d: Diagnostic, shown: Set<string>): CodeAction[] {
    const command = this.attackCommand;
    if (!command) return [];
    return f.attack
      .filter((id) => !shown.has(id) && shown.add(id))
      .map((id) => {
        const title = `Show ${id} ${TECHNIQUES[id].name} in the Kubeward matrix`;
        const a = CodeAction.create(title, { title, command, arguments: [id] }, CodeActionKind.QuickFix);
        a.diagnostics = [d];
        return a;
      });
  }

  /** Finding of a diagnostic, matched by its data key (never by message text). */
  findingFor(checked: Checked, d: Diagnostic): Finding | undefined {
    const data = d.data as Partial<DiagnosticData> | undefined;
    if (!data?.key) return undefined;
    return checked.result.findings.find((f) => f.key === data.key);
  }

  codeActions(uri: string, params: { range: Range; context: CodeActionContext }): CodeAction[] {
    const checked = this.checked.get(uri);
    if (!checked) return [];
    const only = params.context.only;
    const wants = (kind: string): boolean =>
      !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      const perRule = new Set<string>();
      const techniques = new Set<string>();
      for (const d of params.context.diagnostics) {
        if (d.source !== 'kubeward') continue;
        const f = this.findingFor(checked, d);
        if (!f) continue;
        for (const fx of f.fixes) {
          const a = CodeAction.create(
            fx.title,
            this.workspaceEdit(checked, fx.edits, fx.snippet === true),
            CodeActionKind.QuickFix,
          );
          a.diagnostics = [d];
          if (fx.safety === 'safe') a.isPreferred = true;
          actions.push(a);
        }
        if (f.fixes.length > 0 && !perRule.has(f.ruleId)) {
          perRule.add(f.ruleId);
          const same = checked.result.findings.filter((x) => x.ruleId === f.ruleId && x.fixes.length > 0);
          if (same.length > 1) {
            const title = `Fix all ${f.ruleId} problems in this file`;
            if (this.resolveEdits) {
              const data: FixAllData = { fixAllRule: f.ruleId, uri, version: checked.version };
              actions.push({ title, kind: CodeActionKind.QuickFix, data });
            } else actions.push(this.fixAllRuleAction(checked, f.ruleId, title));
          }
        }
        actions.push(...this.ignoreActions(checked, f, d));
        const rule = this.rulesById.get(f.ruleId);
        actions.push(
          CodeAction.create(
            `Show documentation for ${f.ruleId}`,
            {
              title: `Show documentation for ${rule?.title ?? f.ruleId}`,
              command: Commands.showRuleDocs,
              arguments: [f.ruleId],
            },
            CodeActionKind.QuickFix,
          ),
        );
        actions.push(...this.attackActions(f, d, techniques));
      }
    }
    if (only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`))) {
      const edits = this.fixAllEdits(
        checked,
        () => true,
        (fx) => fx.safety === 'safe',
      );
      if (edits.length > 0)
        actions.push(
          CodeAction.create(
            'Fix all safe Kubeward problems',
            { changes: { [uri]: this.textEdits(checked, edits) } },
            FIX_ALL_KIND,
          ),
        );
    }
    return dedupeActions(actions);
  }

  /** "Fix all <rule> problems in this file", with its edit. */
  private fixAllRuleAction(checked: Checked, ruleId: string, title: string): CodeAction {
    const edits = this.fixAllEdits(
      checked,
      (x) => x.ruleId === ruleId,
      () => true,
    );
    return CodeAction.create(title, this.workspaceEdit(checked, edits, false), CodeActionKind.QuickFix);
  }

  /**
   * The edit of a code action listed without one ({@link resolveEdits}), computed on the version it
   * was listed for; an action for another version (the file changed since) comes back without an
   * edit, so nothing stale is applied.
   */
  resolveCodeAction(action: CodeAction): CodeAction {
    const data = action.data as Partial<FixAllData> | undefined;
    if (typeof data?.fixAllRule !== 'string' || typeof data.uri !== 'string') return action;
    const checked = this.checked.get(data.uri);
    if (!checked || checked.version !== data.version) return action;
    const edit = this.fixAllRuleAction(checked, data.fixAllRule, action.title).edit;
    return edit ? { ...action, edit } : action;
  }

  /**
   * One edit that applies every wanted fix, in the rounds of {@link fixAll} (engine/fix-all.ts, which
   * `kubeward scan --fix` uses too): a single replacement of the changed middle of the text.
   */
  fixAllEdits(checked: Checked, wantFinding: (f: Finding) => boolean, wantFix: (fx: Fix) => boolean): Edit[] {
    // Same file name as the check itself, so config-file exceptions hold in every round.
    const { text } = fixAll(
      checked.text,
      checked.result.findings,
      (t) => this.engine.check(t, checked.config, checked.index, checked.file).findings,
      { finding: wantFinding, fix: wantFix },
    );
    return text === checked.text ? [] : [minimalEdit(checked.text, text)];
  }

  textEdits(checked: Checked, edits: readonly Edit[]): TextEdit[] {
    return edits.map((e) => ({
      range: toRange(checked.lines, e.start, e.end),
      newText: snippetDefaults(e.newText),
    }));
  }

  workspaceEdit(checked: Checked, edits: readonly Edit[], snippet: boolean): WorkspaceEdit {
    if (snippet && this.snippets) {
      return {
        documentChanges: [
          {
            textDocument: { uri: checked.uri, version: checked.version },
            edits: edits.map((e) => ({
              range: toRange(checked.lines, e.start, e.end),
              snippet: { kind: 'snippet', value: e.newText },
            })),
          },
        ],
      };
    }
    return { changes: { [checked.uri]: this.textEdits(checked, edits) } };
  }

  hover(uri: string, position: Position): Hover | null {
    const checked = this.checked.get(uri);
    if (!checked) return null;
    const offset = checked.lines.offset(position.line, position.character);
    const hits = checked.result.findings.filter((f) => f.start <= offset && offset <= f.end);
    if (hits.length === 0) return null;
    const parts = hits.map((f) => this.hoverText(f));
    const first = hits[0];
    return {
      contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
      ...(first ? { range: toRange(checked.lines, first.start, first.end) } : {}),
    };
  }

  hoverText(f: Finding): string {
    const rule = this.rulesById.get(f.ruleId);
    const lines: string[] = [];
    lines.push(`**${rule?.title ?? f.ruleId}** (\`${f.ruleId}\`, ${f.severity})`);
    if (rule) {
      lines.push('', rule.docs.whyBad, '', `**Fix:** ${rule.docs.remediation}`);
    }
    lines.push('', '**MITRE ATT&CK:**');
    for (const id of f.attack) lines.push(`- ${attackLine(id, this.attackCommand)}`);
    lines.push(
      '',
      f.pss
        ? `**Pod Security Standards:** ${f.pss.level} (Pod Security Admission check \`${f.pss.check}\`)`
        : '**Pod Security Standards:** not part of a PSS level (hardening)',
    );
    lines.push('', `[Rule documentation](${docsUrl(f.ruleId)})`);
    return lines.join('\n');
  }
}

/**
 * `TA0004 Privilege Escalation → T1611 Escape to Host`, with links; with a client's `command`, then
 * ` · Show in ATT&CK matrix`, a `command:` link that passes the technique id.
 */
export function attackLine(id: TechniqueId, command?: string): string {
  const t = TECHNIQUES[id];
  const tactics = t.tactics.map((ta) => `[${ta} ${TACTICS[ta]}](${tacticUrl(ta)})`).join(', ');
  const line = `${tactics} → [${id} ${t.name}](${techniqueUrl(id)})`;
  if (!command) return line;
  const args = encodeURIComponent(JSON.stringify([id]));
  return `${line} · [Show in ATT&CK matrix](command:${command}?${args} "Show ${id} in the Kubeward ATT&CK matrix")`;
}

export function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.position(start), end: lines.position(end) };
}

function syntaxDiagnostic(
  lines: LineIndex,
  s: { start: number; end: number; message: string; code: string },
): Diagnostic {
  return {
    range: toRange(lines, s.start, s.end),
    severity: DiagnosticSeverity.Error,
    code: 'yaml-syntax',
    source: 'kubeward',
    message: `YAML syntax error (${s.code}): ${s.message.split('\n')[0] ?? s.message} This document was not fully checked.`,
  };
}

/**
 * One action where several diagnostics on the same place would offer the same one (the same rule
 * twice on a line: its "disable" and "documentation" actions, or the same edit): the first is kept
 * and lists every diagnostic it answers.
 */
function dedupeActions(actions: CodeAction[]): CodeAction[] {
  const byKey = new Map<string, CodeAction>();
  for (const a of actions) {
    const key = JSON.stringify([a.title, a.kind, a.edit ?? null, a.command ?? null]);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, a);
    else if (a.diagnostics) seen.diagnostics = [...(seen.diagnostics ?? []), ...a.diagnostics];
  }
  return [...byKey.values()];
}
