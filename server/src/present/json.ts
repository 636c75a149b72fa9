// `kubeward scan --format json`: findings streamed as they are found, then the suppressed findings
// and the skipped files. Pretty-printed like `JSON.stringify(value, null, 2)`.
import type { FileRows, Row } from './rows';
import type { OutputWriter, Skipped } from './writer';

/** `JSON.stringify(value, null, 2)` for a value nested `depth` spaces deep. */
export function indentedJson(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${' '.repeat(depth)}`);
}

export class JsonWriter implements OutputWriter {
  readonly needsResults = false;
  private findings = 0;
  private readonly suppressed: Row[] = [];

  constructor(
    version: string,
    private readonly out: (s: string) => void,
  ) {
    out(`{\n  "version": ${JSON.stringify(version)},\n  "findings": [`);
  }

  file(rows: FileRows): void {
    for (const row of rows.findings)
      this.out(`${this.findings++ === 0 ? '\n' : ',\n'}    ${indentedJson(row, 4)}`);
    this.suppressed.push(...rows.suppressed);
  }

  finish(skipped: readonly Skipped[]): void {
    const skippedRows = skipped.map((s) => ({ file: s.display, reason: s.reason }));
    this.out(
      `${this.findings === 0 ? ']' : '\n  ]'},\n  "suppressed": ${indentedJson(this.suppressed, 2)},\n  "skipped": ${indentedJson(skippedRows, 2)}\n}\n`,
    );
  }
}
