// What every CLI presenter (text, JSON, SARIF) takes for one checked file.
import type { Finding, SyntaxFinding } from '../engine/run';
import type { SuppressedFinding } from '../engine/suppress/apply';
import { LineIndex } from '../engine/text';
import type { UnitResult } from '../pipeline/check';

/** One checked file, named as the output shows it. */
export interface CheckedFile {
  /** Relative to the working directory, `/`-separated; `<stdin>` for standard input. */
  display: string;
  lines: LineIndex;
  findings: readonly Finding[];
  suppressed: readonly SuppressedFinding<Finding>[];
  syntax: readonly SyntaxFinding[];
}

/** A unit's result as the presenters take it (a skipped unit has no findings). */
export function checkedFile(display: string, r: UnitResult): CheckedFile {
  return {
    display,
    lines: new LineIndex(r.unit.text),
    findings: r.result?.findings ?? [],
    suppressed: r.result?.suppressed ?? [],
    syntax: r.result?.syntax ?? [],
  };
}
