// The CLI's output formats share one shape: each checked file in input order, then the end.
import type { CheckedFile } from './checked';
import type { FileRows } from './rows';

/** An input the scan did not check, and why. */
export interface Skipped {
  display: string;
  reason: 'helm' | 'excluded';
}

/** One output format of `kubeward scan`, written as the files are checked. */
export interface OutputWriter {
  /** One file's results, in input order: its rows, and the whole result where the format needs it. */
  file(rows: FileRows, checked: CheckedFile | undefined): void;
  /** After the last file: what was skipped. */
  finish(skipped: readonly Skipped[]): void;
  /** Whether `file` needs the whole result (then files are checked in this thread, not in workers). */
  readonly needsResults: boolean;
}

/** Why an input was skipped, as the text output and SARIF's notes say it. */
export function skippedNote(s: Skipped): string {
  return s.reason === 'helm'
    ? `${s.display}: Helm chart template, skipped (render it with \`helm template … | kubeward scan -\`)`
    : `${s.display}: excluded by the config file`;
}
