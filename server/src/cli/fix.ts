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
import { ALL_FIXES, fixAll, SAFE_FIXES } from '../engine/fix-all';
import type { UnitResult } from '../pipeline/check';
import type { Scan, SourceResult } from '../pipeline/scan';
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
