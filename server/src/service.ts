import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
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
import { editsOverlap, snippetDefaults, type Edit, type Fix } from './engine/fix';
import { EMPTY_INDEX, type WorkspaceIndex } from './engine/index-types';
import { docsUrl, type Rule, type Severity } from './engine/rule';
import { Engine, type CheckResult, type Finding } from './engine/run';
import { LineIndex } from './engine/text';
import { Commands, type DiagnosticData, type Settings } from './protocol';
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
  text: string;
  lines: LineIndex;
  result: CheckResult;
  diagnostics: Diagnostic[];
}

export interface ServiceOptions {
  rules?: readonly Rule[];
  /** Client takes snippet text edits (LSP 3.18 `snippetEditSupport`). */
  snippets?: boolean;
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

  constructor(opts: ServiceOptions = {}) {
    this.engine = new Engine(opts.rules ?? allRules);
    this.rulesById = new Map(this.engine.rules.map((r) => [r.id, r]));
    this.snippets = opts.snippets ?? false;
  }

  /** Checks a text and returns its diagnostics (cached per URI and version). */
  validate(
    uri: string,
    version: number,
    text: string,
    settings: Partial<Settings> | EngineConfig,
    index: WorkspaceIndex = EMPTY_INDEX,
  ): Checked {
    const config =
      'version' in settings && typeof settings.version === 'number'
        ? (settings as EngineConfig)
        : engineConfig(settings as Partial<Settings>);
    const result = this.engine.check(text, config, index);
    const lines = new LineIndex(text);
    const diagnostics = [
      ...result.syntax.map((s) => syntaxDiagnostic(lines, s)),
      ...result.findings.map((f) => this.toDiagnostic(lines, f)),
    ];
    const checked = { uri, version, text, lines, result, diagnostics };
    this.checked.set(uri, checked);
    return checked;
  }

  get(uri: string): Checked | undefined {
    return this.checked.get(uri);
  }

  forget(uri: string): void {
    this.checked.delete(uri);
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
    };
    return {
      range: toRange(lines, f.start, f.end),
      severity: toLspSeverity(f.severity),
      code: f.ruleId,
      codeDescription: { href: docsUrl(f.ruleId) },
      source: 'kubeward',
      message: f.message,
      data,
    };
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
            const edits = pickNonOverlapping(
              same.map((x) => x.fixes[0]).filter((x): x is Fix => x !== undefined),
            );
            actions.push(
              CodeAction.create(
                `Fix all ${f.ruleId} problems in this file`,
                this.workspaceEdit(checked, edits, false),
                CodeActionKind.QuickFix,
              ),
            );
          }
        }
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
      }
    }
    if (only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`))) {
      const edits = this.fixAllEdits(checked, 'safe');
      if (edits.length > 0)
        actions.push(
          CodeAction.create(
            'Fix all safe Kubeward problems',
            { changes: { [uri]: this.textEdits(checked, edits) } },
            FIX_ALL_KIND,
          ),
        );
    }
    return actions;
  }

  /** Non-overlapping edits of every fix of the given safety (the first fix of each finding). */
  fixAllEdits(checked: Checked, safety: 'safe' | 'all'): Edit[] {
    const fixes: Fix[] = [];
    for (const f of checked.result.findings) {
      const fx = f.fixes.find((x) => safety === 'all' || x.safety === 'safe');
      if (fx) fixes.push(fx);
    }
    return pickNonOverlapping(fixes);
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
    for (const id of f.attack) lines.push(`- ${attackLine(id)}`);
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

/** `TA0004 Privilege Escalation → T1611 Escape to Host`, with links. */
export function attackLine(id: TechniqueId): string {
  const t = TECHNIQUES[id];
  const tactics = t.tactics.map((ta) => `[${ta} ${TACTICS[ta]}](${tacticUrl(ta)})`).join(', ');
  return `${tactics} → [${id} ${t.name}](${techniqueUrl(id)})`;
}

function pickNonOverlapping(fixes: readonly Fix[]): Edit[] {
  const chosen: Edit[][] = [];
  for (const fx of fixes) {
    if (chosen.some((c) => editsOverlap(c, fx.edits))) continue;
    chosen.push(fx.edits);
  }
  return chosen.flat();
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
