// `kubeward scan --format text`: one line per finding, `path:line:col severity rule-id message`.
import type { FileRows } from './rows';
import { skippedNote, type OutputWriter, type Skipped } from './writer';

export class TextWriter implements OutputWriter {
  readonly needsResults = false;

  constructor(
    private readonly out: (s: string) => void,
    /** Writes a line to standard error (`kubeward: …`). */
    private readonly log: (s: string) => void,
    /** Called before findings are written (clears a progress line). */
    private readonly beforeWrite: () => void,
  ) {}

  file(rows: FileRows): void {
    if (rows.findings.length > 0) this.beforeWrite();
    for (const row of rows.findings)
      this.out(`${row.file}:${row.line}:${row.column} ${row.severity} ${row.ruleId} ${row.message}\n`);
  }

  finish(skipped: readonly Skipped[]): void {
    for (const s of skipped) this.log(skippedNote(s));
  }
}
