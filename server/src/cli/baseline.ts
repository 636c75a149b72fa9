// `kubeward scan --baseline <file>` and `--write-baseline <file>`: the findings a project has accepted
// for now, recorded by fingerprint (rule, object, field path, file; never a line number), so later runs
// report only new ones. The file format is in docs/ci.md ("Baseline file format").
import { fingerprint, type FingerprintFields } from '../present/fingerprint';

/** The version of the baseline file format this build reads and writes. */
export const BASELINE_VERSION = 1;

/** A finding's fingerprint and the fields it is made of. */
export interface FingerprintMark extends FingerprintFields {
  fingerprint: string;
}

/** One baseline entry: a fingerprint, its fields (for the reader), and how many findings have it. */
export interface BaselineEntry extends FingerprintMark {
  count: number;
}

/** A baseline file's content. */
export interface BaselineFile {
  kubeward: 'baseline';
  version: typeof BASELINE_VERSION;
  findings: BaselineEntry[];
}

const FIELDS = ['ruleId', 'file', 'kind', 'namespace', 'name', 'path'] as const;

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  for (const k of FIELDS) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return 0;
}

/** The baseline file for these findings: one entry per fingerprint, sorted, so diffs stay small. */
export function serializeBaseline(marks: Iterable<FingerprintMark>): string {
  const byPrint = new Map<string, BaselineEntry>();
  for (const m of marks) {
    const hit = byPrint.get(m.fingerprint);
    if (hit) hit.count++;
    else
      byPrint.set(m.fingerprint, {
        fingerprint: m.fingerprint,
        ruleId: m.ruleId,
        file: m.file,
        kind: m.kind,
        namespace: m.namespace,
        name: m.name,
        path: m.path,
        count: 1,
      });
  }
  const file: BaselineFile = {
    kubeward: 'baseline',
    version: BASELINE_VERSION,
    findings: [...byPrint.values()].sort(compareEntries),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Reads a baseline file's text; throws an Error that says what is wrong with it. */
export function parseBaseline(text: string): BaselineEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON: ${(e as Error).message}`, { cause: e });
  }
  const file = data as Partial<BaselineFile> | null;
  if (typeof file !== 'object' || file?.kubeward !== 'baseline')
    throw new Error('not a Kubeward baseline (no "kubeward": "baseline")');
  if (file.version !== BASELINE_VERSION)
    throw new Error(
      `baseline version ${JSON.stringify(file.version)} is not supported (this kubeward reads version ${BASELINE_VERSION})`,
    );
  if (!Array.isArray(file.findings)) throw new Error('"findings" is not a list');
  return file.findings.map((raw: unknown, i) => {
    const e = raw as Partial<Record<keyof BaselineEntry, unknown>> | null;
    if (typeof e !== 'object' || e === null) throw new Error(`findings[${i}] is not an object`);
    for (const k of [...FIELDS, 'fingerprint'] as const)
      if (typeof e[k] !== 'string') throw new Error(`findings[${i}].${k} is not a string`);
    if (!Number.isInteger(e.count) || (e.count as number) < 1)
      throw new Error(`findings[${i}].count is not a positive whole number`);
    const entry = e as BaselineEntry;
    if (fingerprint(entry) !== entry.fingerprint)
      throw new Error(`findings[${i}].fingerprint does not match its fields (edited by hand?)`);
    return entry;
  });
}

/** Matches findings against a baseline: each entry takes up to `count` findings with its fingerprint. */
export class BaselineMatcher {
  private readonly left = new Map<string, number>();
  /** Findings the baseline took. */
  taken = 0;

  constructor(readonly entries: readonly BaselineEntry[]) {
    for (const e of entries) this.left.set(e.fingerprint, (this.left.get(e.fingerprint) ?? 0) + e.count);
  }

  /** True (and counted) when the baseline still holds a finding with this fingerprint. */
  take(print: string): boolean {
    const n = this.left.get(print) ?? 0;
    if (n === 0) return false;
    this.left.set(print, n - 1);
    this.taken++;
    return true;
  }

  /**
   * Entries that matched fewer findings than they record, in files this run looked at (`scanned`)
   * or that are gone: those findings were fixed or changed, and the baseline can shrink.
   */
  unmatched(scanned: (file: string) => boolean): { entry: BaselineEntry; missing: number }[] {
    const out: { entry: BaselineEntry; missing: number }[] = [];
    const seen = new Set<string>();
    for (const entry of this.entries) {
      if (seen.has(entry.fingerprint)) continue;
      seen.add(entry.fingerprint);
      const missing = this.left.get(entry.fingerprint) ?? 0;
      if (missing > 0 && scanned(entry.file)) out.push({ entry, missing });
    }
    return out;
  }
}

/** `deploy/app.yaml: privileged-container Deployment shop/web spec.containers[name="web"]…` */
export function describeEntry(e: FingerprintFields): string {
  const ns = e.namespace === '' ? '' : `${e.namespace}/`;
  return `${e.file}: ${e.ruleId} ${e.kind} ${ns}${e.name}${e.path === '' ? '' : ` ${e.path}`}`;
}
