// A finding as one plain row: what the text and JSON outputs print, and what crosses from a CLI
// worker thread to the main thread.
import { TACTICS, TECHNIQUES } from '../attack';
import { docsUrl, type Severity } from '../engine/rule';
import type { Finding, SyntaxFinding } from '../engine/run';
import type { LineIndex } from '../engine/text';
import type { CheckedFile } from './checked';
import { findingText } from './message';
import type { SourceProblem } from '../sources/mapped';

export interface Row {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: Severity;
  message: string;
  attack: { tactic: string; tacticName: string; technique: string; techniqueName: string }[];
  pss?: { level: string; check: string };
  object?: { kind: string; name: string; namespace?: string };
  fixable: boolean;
  docs: string;
  suppression?: { how: string; reason: string | null; until?: string };
  /** A rendered source's finding: where it was seen, and the places that explain it. */
  rendered?: {
    template: string;
    path: string;
    via: string;
    /** Kustomize: the roots (overlays) whose builds deploy the object with this finding. */
    roots?: string[];
    related: { file: string; line: number; column: number; message: string }[];
  };
}

/** One file's rows: its findings (syntax errors first) and its suppressed findings. */
export interface FileRows {
  findings: Row[];
  suppressed: Row[];
}

function span(
  lines: LineIndex,
  start: number,
  end: number,
): Pick<Row, 'line' | 'column' | 'endLine' | 'endColumn'> {
  const s = lines.position(start);
  const e = lines.position(end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

function findingRow(file: CheckedFile, f: Finding): Row {
  return {
    file: file.display,
    ...span(file.lines, f.start, f.end),
    ruleId: f.ruleId,
    severity: f.severity,
    message: findingText(f),
    attack: f.attack.flatMap((t) =>
      TECHNIQUES[t].tactics.map((ta) => ({
        tactic: ta,
        tacticName: TACTICS[ta],
        technique: t,
        techniqueName: TECHNIQUES[t].name,
      })),
    ),
    ...(f.pss ? { pss: { level: f.pss.level, check: f.pss.check } } : {}),
    object: {
      kind: f.object.kind,
      name: f.object.name,
      ...(f.object.namespace ? { namespace: f.object.namespace } : {}),
    },
    fixable: f.fixes.length > 0,
    docs: docsUrl(f.ruleId),
    ...(f.rendered
      ? {
          rendered: {
            template: f.rendered.template,
            path: f.rendered.path,
            via: f.rendered.via,
            ...(f.rendered.roots ? { roots: f.rendered.roots } : {}),
            related: f.rendered.related.map((r) => ({
              file: file.show(r.path),
              line: r.range.start.line + 1,
              column: r.range.start.character + 1,
              message: r.message,
            })),
          },
        }
      : {}),
  };
}

/** The text of a YAML syntax finding, as the CLI and SARIF show it. */
export function syntaxText(s: SyntaxFinding): string {
  return `YAML syntax error (${s.code}): ${s.message.split('\n')[0] ?? ''}`;
}

function syntaxRow(file: CheckedFile, s: SyntaxFinding): Row {
  return {
    file: file.display,
    ...span(file.lines, s.start, s.end),
    ruleId: 'yaml-syntax',
    severity: 'error',
    message: syntaxText(s),
    attack: [],
    fixable: false,
    docs: '',
  };
}

/** A rendered source's problem (a failing render, a missing dependency) as a row of its file. */
function problemRow(file: CheckedFile, p: SourceProblem): Row {
  return {
    file: file.display,
    ...span(file.lines, p.start, p.end),
    ruleId: p.code,
    severity: p.severity,
    message: p.message,
    attack: [],
    fixable: false,
    docs: '',
  };
}

export function rowsOf(file: CheckedFile): FileRows {
  return {
    findings: [
      ...file.syntax.map((s) => syntaxRow(file, s)),
      ...file.problems.map((p) => problemRow(file, p)),
      ...file.findings.map((f) => findingRow(file, f)),
    ],
    suppressed: file.suppressed.map((s) => ({
      ...findingRow(file, s.finding),
      suppression: { how: s.how, reason: s.reason ?? null, ...(s.until ? { until: s.until } : {}) },
    })),
  };
}
