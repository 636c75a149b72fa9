// The scan pipeline: discover → read → index → check → present, one module for the CLI (main thread
// and worker threads) and the editor's workspace scan. Two passes keep memory flat whatever the number
// of files: every source is read and indexed (cross-file rules see all of them), then read again and
// checked, and its results handed on before the next one is read.
import type { WorkspaceIndex } from '../engine/workspace-index';
import type { Settings } from '../protocol';
import type { FileResult } from '../sources/mapped';
import { checkUnit, type CheckContext, type UnitResult } from './check';
import { isRendered, unitsOf, type Source, type SourceReader, type Unit } from './source';

/** A source could not be read (an I/O error, not a finding): the CLI exits 2 with this message. */
export class ReadError extends Error {
  constructor(
    readonly source: Source,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

export interface ScanOptions {
  read: SourceReader;
  /** The settings a source is checked with (the CLI's flags; the editor's workspace folder's). */
  settingsOf: (source: Source) => Partial<Settings>;
  /** Stops both passes early (a cancelled scan). */
  cancelled?: () => boolean;
  /** Called after each source of a pass. */
  progress?: (pass: 'indexing' | 'checking', done: number, total: number) => void;
  /** Awaited after each source (the language server yields to its message loop). */
  pause?: () => Promise<void>;
  /**
   * The engine caches a unit's chunks for this owner until it releases them (the language server
   * releases a closed file's as soon as it is presented); none: the engine's bounded cache.
   */
  owner?: (unit: Unit) => string;
  /** Renders and checks the sources that are charts (none: a chart source gives nothing). */
  rendered?: RenderedSources;
}

/**
 * The step for sources that are rendered before they are checked (Helm charts, Kustomize trees): pass 1 renders and
 * indexes what they render to, pass 2 checks it and places each finding in a file a person edits.
 */
export interface RenderedSources {
  index(source: Source): Promise<void>;
  check(source: Source): Promise<FileResult[]>;
}

/** What one source gave in the check pass. */
export interface SourceResult {
  source: Source;
  /** Its position in the scan's sources. */
  n: number;
  units: UnitResult[];
  /** A rendered source's findings, already in the files a person edits. */
  files?: FileResult[];
}

export class Scan {
  constructor(
    private readonly ctx: CheckContext & { index: WorkspaceIndex },
    readonly sources: readonly Source[],
    private readonly opts: ScanOptions,
  ) {}

  private units(source: Source): ReturnType<typeof unitsOf> {
    try {
      return unitsOf(source, this.opts.read);
    } catch (e) {
      throw new ReadError(source, e);
    }
  }

  /** Pass 1: indexes every unit of every source. Returns false when cancelled. */
  async index(): Promise<boolean> {
    for (const [i, source] of this.sources.entries()) {
      if (this.opts.cancelled?.()) return false;
      if (isRendered(source)) await this.opts.rendered?.index(source);
      for (const u of this.units(source)) this.ctx.index.update(u.key, u.text);
      this.opts.progress?.('indexing', i + 1, this.sources.length);
      await this.opts.pause?.();
    }
    return true;
  }

  /** Checks one source: reads it again and checks each unit with its settings. */
  checkSource(source: Source, n: number): SourceResult {
    const settings = this.opts.settingsOf(source);
    const owner = this.opts.owner;
    return { source, n, units: this.units(source).map((u) => checkUnit(this.ctx, u, settings, owner?.(u))) };
  }

  /**
   * Checks another text of a unit of `source` (a fix-all round) with the source's settings. With
   * `reindex`, the index takes the new text first, as when the file itself changes.
   */
  recheck(source: Source, unit: Unit, text: string, reindex = false): UnitResult {
    const next: Unit = { ...unit, text };
    if (reindex) this.ctx.index.update(unit.key, text);
    return checkUnit(this.ctx, next, this.opts.settingsOf(source), this.opts.owner?.(next));
  }

  /**
   * Pass 2: checks the sources `which` selects (default: all) in order and hands each result to
   * `consume` before the next source is read. Returns false when cancelled.
   */
  async check(
    consume: (r: SourceResult) => void,
    which: (n: number) => boolean = () => true,
  ): Promise<boolean> {
    const picked = [...this.sources.keys()].filter(which);
    for (const [i, n] of picked.entries()) {
      if (this.opts.cancelled?.()) return false;
      const source = this.sources[n];
      if (source && isRendered(source))
        consume({ source, n, units: [], files: (await this.opts.rendered?.check(source)) ?? [] });
      else if (source) consume(this.checkSource(source, n));
      this.opts.progress?.('checking', i + 1, picked.length);
      await this.opts.pause?.();
    }
    return true;
  }
}
