// One checked input as the CLI's writers take it (and as it crosses from a worker thread).
import { checkedFile, mappedFile, type CheckedFile } from '../present/checked';
import { fingerprint, fingerprintFields } from '../present/fingerprint';
import { rowsOf, type FileRows } from '../present/rows';
import type { SourceResult } from '../pipeline/scan';
import type { FingerprintMark } from './baseline';
import { display, type Input } from './inputs';

export interface SourceOutput {
  rows: FileRows;
  /** Per row of `rows.findings`, its fingerprint (none for a YAML syntax error: never baselined). */
  marks: (FingerprintMark | undefined)[];
  /** The whole result, for writers that need it (SARIF); not sent across threads. */
  checked: CheckedFile | undefined;
  internalErrors: string[];
  skipped: 'helm' | 'excluded' | undefined;
}

/**
 * A source's output: one per file, named as the output shows it, with its rows (and its whole result
 * when `keep`). A plain file or stdin is one; a rendered chart is one per file its findings are in.
 */
export function presentSource(input: Input, r: SourceResult, keep: boolean, cwd: string): SourceOutput[] {
  if (r.files) {
    const show = (p: string): string => display(cwd, p);
    return r.files.map((f) => presentFile(mappedFile(show(f.path), f, show), keep));
  }
  return [presentUnits(input, r, keep)];
}

function presentFile(file: CheckedFile, keep: boolean): SourceOutput {
  const rows = rowsOf(file);
  const marks: (FingerprintMark | undefined)[] = [];
  for (const _ of file.syntax) marks.push(undefined);
  for (const _ of file.problems) marks.push(undefined);
  for (const f of file.findings) {
    const fields = fingerprintFields(file.display, f);
    marks.push({ ...fields, fingerprint: fingerprint(fields) });
  }
  return { rows, marks, checked: keep ? file : undefined, internalErrors: [], skipped: undefined };
}

function presentUnits(input: Input, r: SourceResult, keep: boolean): SourceOutput {
  const rows: FileRows = { findings: [], suppressed: [] };
  const marks: (FingerprintMark | undefined)[] = [];
  let checked: CheckedFile | undefined;
  let skipped: SourceOutput['skipped'];
  const internalErrors: string[] = [];
  for (const u of r.units) {
    if (u.plan.skip) skipped = u.plan.skip;
    internalErrors.push(...(u.result?.internalErrors ?? []));
    const file = checkedFile(input.display, u);
    const own = rowsOf(file);
    rows.findings.push(...own.findings);
    rows.suppressed.push(...own.suppressed);
    for (const _ of file.syntax) marks.push(undefined);
    for (const f of file.findings) {
      const fields = fingerprintFields(input.display, f);
      marks.push({ ...fields, fingerprint: fingerprint(fields) });
    }
    if (keep) checked = file;
  }
  return { rows, marks, checked, internalErrors, skipped };
}
