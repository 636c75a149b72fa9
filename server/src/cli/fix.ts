// `kubeward scan --fix`, `--fix-unsafe` and `--fix-dry-run`: the editor's fix-all rounds over each
// file, written in place without ever leaving half a file, or shown as a unified diff.
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { applyEdits, type Fix } from '../engine/fix';
import { ALL_FIXES, fixAll, MAX_FIX_ROUNDS, SAFE_FIXES } from '../engine/fix-all';
import { lineEndOf, lineStartOf } from '../engine/text';
import type { UnitResult } from '../pipeline/check';
import type { Scan, SourceResult } from '../pipeline/scan';
import type { FileResult } from '../sources/mapped';
import { unifiedDiff } from '../present/diff';
import type { Input } from './inputs';
import { decodeBytes, encodeLike } from './io';

/** A file as the check pass read it: what a write compares against before it replaces the file. */
export interface ReadSnapshot {
  bytes: Buffer;
  mtimeMs: number;
  size: number;
}

/** Reads a file's bytes and the stat of the same open file. */
export function readSnapshot(path: string): ReadSnapshot {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    return { bytes: readFileSync(fd), mtimeMs: st.mtimeMs, size: st.size };
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces a file's content: the bytes go to a temporary file in the same folder (same file system),
 * flushed to disk, given the file's mode, then renamed over it. A crash leaves the old file or the new
 * one, never half of one. A symbolic link is followed: its target is replaced, the link stays.
 */
export function writeAtomically(path: string, bytes: Buffer): void {
  const real = realpathSync(path);
  const mode = statSync(real).mode & 0o7777;
  const tmp = join(
    dirname(real),
    `.${basename(real)}.kubeward-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const fd = openSync(tmp, 'wx', mode);
    try {
      writeFileSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, mode);
    renameSync(tmp, real);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes `bytes` over `path` unless the file changed since `read` (its modification time, size or
 * content differ, checked just before the write): another program's change is never overwritten.
 */
export function writeIfUnchanged(path: string, read: ReadSnapshot, bytes: Buffer): 'written' | 'changed' {
  const st = statSync(path);
  if (st.mtimeMs !== read.mtimeMs || st.size !== read.size || !readFileSync(path).equals(read.bytes))
    return 'changed';
  writeAtomically(path, bytes);
  return 'written';
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A rendered source as `--fix` sees it (a Helm chart, a Kustomize tree): which files a fix may edit,
 * and a render (or build) with edited texts.
 */
export interface RenderedFixTarget {
  editable(path: string): boolean;
  recheck(texts: ReadonlyMap<string, string>): Promise<FileResult[]>;
}

/**
 * The fixes of one round in a rendered source's file whose edits are lines apart. Each fix there was
 * carried from the rendered object separately, so two that only touch can still clash: removing a
 * patch's `securityContext:` block and adding a key at its end made an orphan line (the Kustomize
 * fixture's component). A fix left out is applied in a later round, carried from the new build.
 */
function pickApart(fixes: readonly Fix[], text: string): Fix[] {
  const lines = (fx: Fix) =>
    fx.edits.map((e) => ({ start: lineStartOf(text, e.start), end: lineEndOf(text, e.end) }));
  const taken: { start: number; end: number }[] = [];
  const chosen: Fix[] = [];
  for (const fx of fixes) {
    const spans = lines(fx);
    // Overlapping, or on neighbouring lines (the next line starts one past a line's end).
    if (spans.some((s) => taken.some((t) => s.start <= t.end + 1 && t.start <= s.end + 1))) continue;
    taken.push(...spans);
    chosen.push(fx);
  }
  return chosen;
}

/** Applies fix-all to each checked file of a scan, in input order, and counts what it did. */
export class FileFixer {
  /** Fixes applied (or, in a dry run, that would be). */
  applied = 0;
  /** Files changed (or that would be). */
  files = 0;
  /** A file could not be written: the run exits 2. */
  failed = false;
  private last: { path: string; read: ReadSnapshot } | undefined;

  constructor(
    private readonly mode: 'safe' | 'all',
    private readonly dryRun: boolean,
    /** Standard output (the dry run's diff). */
    private readonly out: (s: string) => void,
    /** A `kubeward: …` line on standard error. */
    private readonly log: (s: string) => void,
  ) {}

  /** The scan's reader: decodes the file and keeps the bytes and stat of the last read for the write. */
  read(path: string): string {
    const read = readSnapshot(path);
    this.last = { path, read };
    return decodeBytes(read.bytes);
  }

  /**
   * Fixes a source just checked (its file the last one read): the wanted fixes in fix-all rounds,
   * then the file written (or its diff printed) and checked again, so what is reported is what
   * remains. A file that cannot be fixed safely keeps its first result and says why.
   */
  fixSource(scan: Scan, r: SourceResult, input: Input): SourceResult {
    return { ...r, units: r.units.map((u) => this.fixUnit(scan, r, u, input)) };
  }

  private fixUnit(scan: Scan, r: SourceResult, u: UnitResult, input: Input): UnitResult {
    if (!u.result) return u;
    const fixed = fixAll(
      u.unit.text,
      u.result.findings,
      (t) => scan.recheck(r.source, u.unit, t).result?.findings ?? [],
      this.mode === 'all' ? ALL_FIXES : SAFE_FIXES,
    );
    if (fixed.text === u.unit.text) return u;
    if (this.dryRun) {
      this.out(unifiedDiff(u.unit.text, fixed.text, input.display));
    } else if (!this.write(input, fixed.text)) {
      return u;
    }
    this.applied += fixed.applied;
    this.files++;
    return scan.recheck(r.source, u.unit, fixed.text, true);
  }

  /**
   * Fixes a rendered source: in rounds, the wanted fixes of the findings placed in its own files (a
   * chart's templates and values.yaml; a Kustomize tree's resources, patches and kustomizations) are
   * applied to those texts and the source is rendered or built again (`target.recheck`), until none
   * is left; then each changed file is written (or its diff printed). What is reported is what the
   * last render gives. A file changed on disk since it was read is not written, and the source is
   * rendered from the disk again.
   */
  async fixRendered(
    r: SourceResult,
    target: RenderedFixTarget,
    show: (path: string) => string,
  ): Promise<SourceResult> {
    const wanted = this.mode === 'all' ? ALL_FIXES : SAFE_FIXES;
    let files = r.files ?? [];
    const before = new Map<string, string>();
    const texts = new Map<string, string>();
    let applied = 0;
    for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
      let changed = false;
      for (const f of files) {
        if (!target.editable(f.path)) continue;
        const fixes: Fix[] = [];
        for (const finding of f.findings) {
          if (!wanted.finding(finding)) continue;
          const fx = finding.fixes.find(wanted.fix);
          if (fx && !fx.snippet && fx.edits.length > 0) fixes.push(fx);
        }
        const chosen = pickApart(fixes, f.text);
        if (chosen.length === 0) continue;
        if (!before.has(f.path)) before.set(f.path, f.text);
        texts.set(
          f.path,
          applyEdits(
            f.text,
            chosen.flatMap((fx) => fx.edits),
          ),
        );
        applied += chosen.length;
        changed = true;
      }
      if (!changed) break;
      files = await target.recheck(texts);
    }
    if (applied === 0) return r;
    const restore = new Map<string, string>();
    let written = 0;
    for (const [path, text] of texts) {
      const old = before.get(path) ?? '';
      if (text === old) continue;
      if (this.dryRun) this.out(unifiedDiff(old, text, show(path)));
      else if (!this.writeRenderedFile(path, old, text, show(path))) {
        restore.set(path, old);
        continue;
      }
      written++;
    }
    if (restore.size > 0) files = await target.recheck(restore);
    if (written > 0) {
      this.applied += applied;
      this.files += written;
    }
    return { ...r, files };
  }

  /** Writes a file of a rendered source a fix changed, unless it changed on disk since it was read. */
  private writeRenderedFile(path: string, old: string, text: string, shown: string): boolean {
    try {
      const read = readSnapshot(path);
      const bytes = decodeBytes(read.bytes) === old ? encodeLike(read.bytes, text) : undefined;
      if (!bytes) {
        this.log(
          `${shown}: not fixed: it changed on disk during the run, or is not UTF-8 (run kubeward again)`,
        );
        return false;
      }
      if (writeIfUnchanged(path, read, bytes) === 'written') return true;
      this.log(`${shown}: not fixed: it changed on disk during the run (run kubeward again)`);
    } catch (e) {
      this.failed = true;
      this.log(`cannot write ${shown}: ${(e as Error).message}`);
    }
    return false;
  }

  private write(input: Input, text: string): boolean {
    const read = this.last?.path === input.path ? this.last.read : undefined;
    const bytes = read ? encodeLike(read.bytes, text) : undefined;
    if (!read || !bytes) {
      this.log(
        `${input.display}: not fixed: its bytes are not valid UTF-8 or UTF-16, and a write would change them`,
      );
      return false;
    }
    try {
      if (writeIfUnchanged(input.path, read, bytes) === 'written') return true;
      this.log(`${input.display}: not fixed: it changed on disk during the run (run kubeward again)`);
    } catch (e) {
      this.failed = true;
      this.log(`cannot write ${input.display}: ${(e as Error).message}`);
    }
    return false;
  }

  /** `applied 3 fixes in 2 files`, or what a dry run would have done. */
  summary(): string {
    return this.dryRun
      ? `kubeward: ${plural(this.applied, 'fix', 'fixes')} would be applied in ${plural(this.files, 'file', 'files')} (dry run: nothing written)\n`
      : `kubeward: applied ${plural(this.applied, 'fix', 'fixes')} in ${plural(this.files, 'file', 'files')}\n`;
  }
}
