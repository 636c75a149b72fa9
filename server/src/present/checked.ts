// What every CLI presenter (text, JSON, SARIF) takes for one checked file.
import type { Finding, SyntaxFinding } from '../engine/run';
import type { SuppressedFinding } from '../engine/suppress/apply';
import { LineIndex } from '../engine/text';
import type { UnitResult } from '../pipeline/check';
import type { FileResult, SourceProblem } from '../sources/mapped';

/** One checked file, named as the output shows it. */
export interface CheckedFile {
  /** Relative to the working directory, `/`-separated; `<stdin>` for standard input. */
  display: string;
  lines: LineIndex;
  findings: readonly Finding[];
  suppressed: readonly SuppressedFinding<Finding>[];
  syntax: readonly SyntaxFinding[];
  /** Problems of a rendered source in this file (a failing render, a missing dependency). */
  problems: readonly SourceProblem[];
  /** How the output names another file (a related location's absolute path). */
  show: (path: string) => string;
}

/** A unit's result as the presenters take it (a skipped unit has no findings). */
export function checkedFile(display: string, r: UnitResult): CheckedFile {
  return {
    display,
    lines: new LineIndex(r.unit.text),
    findings: r.result?.findings ?? [],
    suppressed: r.result?.suppressed ?? [],
    syntax: r.result?.syntax ?? [],
    problems: [],
    show: (p) => p,
  };
}

/** A rendered source's result in one file a person edits, as the presenters take it. */
export function mappedFile(display: string, r: FileResult, show: (path: string) => string): CheckedFile {
  return {
    show,
    display,
    lines: new LineIndex(r.text),
    findings: r.findings,
    suppressed: r.suppressed,
    syntax: r.syntax,
    problems: r.problems,
  };
}
