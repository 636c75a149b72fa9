// One run of `kubeward scan`: prepare (project, inputs, writer, workers), index, validate the config
// files in use, check, finish. cli.ts's main() runs the steps in order.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../engine/rule';
import { Engine } from '../engine/run';
import { LineIndex } from '../engine/text';
import { WorkspaceIndex } from '../engine/workspace-index';
import { globBase, isGlob } from '../discover';
import { ReadError, Scan } from '../pipeline/scan';
import { JsonWriter } from '../present/json';
import { NavigatorWriter } from '../present/navigator';
import { SarifWriter } from '../present/sarif';
import { TextWriter } from '../present/text';
import type { OutputWriter, Skipped } from '../present/writer';
import { Project, type LoadedConfig } from '../project';
import { DEFAULT_SETTINGS } from '../protocol';
import { rules } from '../rules/index';
import { VERSION } from '../version';
import { workspacePolicies } from '../policies/workspace';
import { policyFiles, readPolicyFile } from '../policy-paths';
import { ScanCharts } from '../sources/charts';
import { KUSTOMIZATION_FILES } from '../sources/kustomize/kustomization';
import type { KustomizeTree } from '../sources/kustomize/roots';
import { findKustomize, RenderedByKind, ScanOverlays } from '../sources/overlays';
import { findProgram } from '../sources/programs';
import {
  BaselineMatcher,
  describeEntry,
  parseBaseline,
  serializeBaseline,
  type FingerprintMark,
} from './baseline';
import { FileFixer, writeAtomically } from './fix';
import { collectInputs, display, type Input } from './inputs';
import { ProgressLine, readDecoded, type CliIo } from './io';
import type { CliOptions } from './options';
import { CLI_CACHE_ENTRIES } from './pool';
import { presentSource, type SourceOutput } from './present';
import { startPool, WORKER_MIN_FILES, type Pool } from './pool';

/** Exit codes: findings below `--fail-on`, findings at or above it, usage or I/O error. */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

/**
 * The project (config lookup) for a run: roots are the working directory and every path given
 * outside it. A path inside the working directory is no root of its own: a root bounds the search
 * for the nearest `.kubeward.yaml`, and `kubeward scan manifests/` (or a chart folder) must still
 * find the one beside it in the working directory.
 */
export function projectFor(opts: CliOptions, cwd: string): Project | string {
  const paths = opts.paths.length > 0 ? opts.paths : ['.'];
  const inside = (p: string): boolean => {
    const rel = relative(cwd, p);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  const roots = [
    cwd,
    ...paths
      .filter((p) => p !== '-')
      .map((p) => resolve(cwd, isGlob(p) ? globBase(p) : p))
      .filter((p) => !inside(p)),
  ];
  const project = new Project(roots, new Set(rules.map((r) => r.id)));
  project.explicitSettings = true;
  if (opts.config) {
    const file = resolve(cwd, opts.config);
    if (!project.load(file)) return `cannot read config file ${opts.config}`;
    project.explicitConfig = file;
  }
  return project;
}

/**
 * Every input of the run, in argument order, a chart's files as one input when charts are
 * rendered. Throws an I/O error for a path that does not exist.
 */
export function inputsFor(
  opts: CliOptions,
  cwd: string,
  project: Project,
  log: (m: string) => void,
  charts = false,
  /** Given: folders with kustomizations to build are inputs of their own (their trees recorded here). */
  kustomize?: Map<string, KustomizeTree>,
): Promise<Input[]> {
  const paths = opts.paths.length > 0 ? opts.paths : ['.'];
  return collectInputs(paths, cwd, project, { maxFileSize: opts.maxFileSize, log }, charts, kustomize);
}

/**
 * The user's kustomize for building overlays: `--kustomize`, else `kustomize` on PATH, else
 * `--kubectl` or `kubectl` on PATH (its `kubectl kustomize`). Skipped (with why) on `--no-render` or
 * when there is none (then overlay files are checked on their own, as before); a flag that names no
 * program is a usage error.
 */
export function kustomizeFor(
  opts: CliOptions,
  cwd: string,
): { binary: string; flavor: 'kustomize' | 'kubectl' } | { skip: string } | { error: string } {
  if (!opts.helm.render) return { skip: 'overlays are not built (--no-render)' };
  const { path, kubectl } = opts.kustomize;
  if (path !== undefined && !findProgram(path, process.env, cwd))
    return { error: `--kustomize ${path}: no program there` };
  if (kubectl !== undefined && !findProgram(kubectl, process.env, cwd))
    return { error: `--kubectl ${kubectl}: no program there` };
  const found = findKustomize(path, kubectl, process.env, cwd);
  if (found) return found;
  return {
    skip: 'neither kustomize nor kubectl was found on PATH: Kustomize overlays are not built and their files are checked on their own (install one, or pass --kustomize <path>)',
  };
}

/**
 * The user's helm for rendering charts: `--helm`, else `helm` on PATH. Undefined (with why) when
 * charts are not rendered: `--no-render`, or no helm found (then their templates are skipped as
 * before); a `--helm` that is not a program is a usage error.
 */
export function helmFor(
  opts: CliOptions,
  cwd: string,
): { helm: string } | { skip: string } | { error: string } {
  if (!opts.helm.render) return { skip: 'charts are not rendered (--no-render)' };
  const helm = findProgram(opts.helm.path ?? 'helm', process.env, cwd);
  if (helm) return { helm };
  if (opts.helm.path !== undefined) return { error: `--helm ${opts.helm.path}: no program there` };
  return {
    skip: 'helm was not found on PATH: Helm charts are not rendered and their templates are skipped (install helm, or pass --helm <path>)',
  };
}

/** The scan of the inputs (reading files from disk, stdin once) and the index it fills. */
export function scanFor(
  inputs: readonly Input[],
  project: Project,
  opts: CliOptions,
  io: CliIo,
  indexed: (done: number, total: number) => void,
  readFile: (path: string) => string = readDecoded,
  helm?: string,
  overlays?: { binary: string; flavor: 'kustomize' | 'kubectl'; trees: ReadonlyMap<string, KustomizeTree> },
): { scan: Scan; index: WorkspaceIndex; charts: ScanCharts | undefined; overlays: ScanOverlays | undefined } {
  // A bounded chunk cache: the check pass reuses the index pass's parses, and documents repeated
  // across files (install.yaml variants, copied manifests) are parsed and checked once.
  const engine = new Engine(rules, { cache: true, maxCacheEntries: CLI_CACHE_ENTRIES });
  const index = new WorkspaceIndex({ memo: false, parse: (t) => engine.parse(t) });
  let stdin: string | undefined;
  const ctx = { engine, index, project };
  const charts =
    helm === undefined
      ? undefined
      : new ScanCharts(ctx, {
          helm,
          timeoutMs: DEFAULT_SETTINGS.helm.timeoutMs,
          valueFiles: opts.helm.valueFiles.map((f) => resolve(io.cwd, f)),
          set: opts.helm.set,
          readFile: (p) => {
            try {
              return readFile(p);
            } catch {
              return undefined;
            }
          },
          settingsOf: () => opts.settings,
        });
  const kustomize =
    overlays === undefined
      ? undefined
      : new ScanOverlays(
          ctx,
          {
            binary: overlays.binary,
            flavor: overlays.flavor,
            timeoutMs: DEFAULT_SETTINGS.kustomize.timeoutMs,
            readFile: (p) => {
              try {
                return readFile(p);
              } catch {
                return undefined;
              }
            },
            settingsOf: () => opts.settings,
          },
          overlays.trees,
        );
  const rendered =
    charts || kustomize
      ? new RenderedByKind({ ...(charts ? { chart: charts } : {}), ...(kustomize ? { kustomize } : {}) })
      : undefined;
  const scan = new Scan(ctx, inputs, {
    read: (s) => (s.kind === 'stdin' ? (stdin ??= io.readStdin()) : readFile(s.path)),
    settingsOf: () => opts.settings,
    progress: (pass, done, total) => {
      if (pass === 'indexing') indexed(done, total);
    },
    ...(rendered ? { rendered } : {}),
  });
  return { scan, index, charts, overlays: kustomize };
}

/** `cannot read <file>: <why>` for a read error; other errors are rethrown. */
export function readErrorMessage(e: unknown): string {
  if (e instanceof ReadError) return `cannot read ${(e.source as Input).display}: ${e.message}`;
  throw e;
}

/**
 * Config files in use must be valid: CI fails loudly rather than scanning with half a config. Writes
 * each problem as `file:line:col severity config message`; false when one is an error.
 */
export function checkConfigs(
  inputs: readonly Input[],
  project: Project,
  cwd: string,
  err: (s: string) => void,
): { ok: boolean; configs: LoadedConfig[] } {
  const configs = new Map<string, LoadedConfig>();
  for (const input of inputs) {
    const c = project.configFor(input.path);
    if (c) configs.set(c.file, c);
  }
  let ok = true;
  for (const c of configs.values()) {
    const lines = new LineIndex(c.text);
    for (const p of c.problems) {
      const pos = lines.position(p.start);
      err(`${display(cwd, c.file)}:${pos.line + 1}:${pos.character + 1} ${p.severity} config ${p.message}\n`);
      if (p.severity === 'error') ok = false;
    }
  }
  return { ok, configs: [...configs.values()] };
}

/** `--fix-dry-run`'s writer: standard output carries the diff alone. */
const SILENT: OutputWriter = { needsResults: false, file: () => undefined, finish: () => undefined };

/** The writer of `--format`. */
export function writerFor(opts: CliOptions, io: CliIo, progress: ProgressLine): OutputWriter {
  const log = (m: string): void => io.err(`kubeward: ${m}\n`);
  if (opts.fixDryRun) return SILENT;
  if (opts.format === 'json') return new JsonWriter(VERSION, io.out);
  if (opts.format === 'navigator') return new NavigatorWriter(VERSION, io.out);
  if (opts.format === 'sarif')
    return new SarifWriter({ version: VERSION, rules, baseUri: `${pathToFileURL(io.cwd).href}/` }, io.out);
  return new TextWriter(io.out, log, () => progress.clear());
}

const RANK: Record<Severity, number> = { error: 4, warning: 3, info: 2, hint: 1 };

/** Counts what the writers were given, for the summary line and the exit code. */
export class Tally {
  readonly by = { error: 0, warning: 0, info: 0, hint: 0 };
  findings = 0;
  suppressed = 0;
  /** Findings a `--baseline` took (undefined without one). */
  baselined: number | undefined;
  readonly skipped: Skipped[] = [];

  /** Charts rendered, for the summary. */
  charts = 0;
  /** Kustomize trees built, for the summary. */
  trees = 0;

  /** An input's outputs: whether it was skipped, whether it is a chart. */
  input(input: Input, outputs: readonly SourceOutput[]): void {
    const skipped = outputs.find((o) => o.skipped !== undefined)?.skipped;
    if (skipped !== undefined) this.skipped.push({ display: input.display, reason: skipped });
    if (input.kind === 'chart') this.charts++;
    if (input.kind === 'kustomize') this.trees++;
  }

  add(out: SourceOutput): void {
    this.findings += out.rows.findings.length;
    this.suppressed += out.rows.suppressed.length;
    for (const row of out.rows.findings) this.by[row.severity]++;
  }

  /** `kubeward: 3 findings (…), 0 suppressed, in 4 files, profile recommended` */
  summary(inputs: number, configs: readonly LoadedConfig[], opts: CliOptions): string {
    const profile = opts.settings.profile ?? configs[0]?.config.profile ?? DEFAULT_SETTINGS.profile;
    const b = this.by;
    const skipped = this.skipped.length;
    const baselined = this.baselined === undefined ? '' : `, ${this.baselined} baselined`;
    return `kubeward: ${plural(this.findings, 'finding')} (${b.error} error, ${b.warning} warning, ${b.info} info, ${b.hint} hint), ${this.suppressed} suppressed${baselined}, in ${this.where(inputs - skipped - this.charts - this.trees)}${skipped > 0 ? ` (${skipped} skipped)` : ''}, profile ${profile}\n`;
  }

  /** `4 files`, `1 chart`, `4 files and 1 chart`, `2 files and 1 Kustomize tree`. */
  private where(files: number): string {
    const parts = [
      ...(files > 0 || (this.charts === 0 && this.trees === 0) ? [plural(files, 'file')] : []),
      ...(this.charts > 0 ? [plural(this.charts, 'chart')] : []),
      ...(this.trees > 0 ? [plural(this.trees, 'Kustomize tree')] : []),
    ];
    return parts.length <= 1
      ? parts.join('')
      : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
  }

  exitCode(failOn: Severity | 'none'): number {
    if (failOn === 'none') return EXIT.ok;
    const over = (Object.keys(this.by) as Severity[]).some((s) => this.by[s] > 0 && RANK[s] >= RANK[failOn]);
    return over ? EXIT.findings : EXIT.ok;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `--baseline`'s file, read and checked; a message on an error. */
export function loadBaseline(file: string, cwd: string): BaselineMatcher | string {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    return `cannot read baseline file ${file}: ${(e as Error).message}`;
  }
  try {
    return new BaselineMatcher(parseBaseline(text));
  } catch (e) {
    return `baseline file ${file}: ${(e as Error).message}`;
  }
}

/** What a run does besides reporting: fix files, filter by a baseline, record a baseline. */
interface RunExtras {
  fixer: FileFixer | undefined;
  baseline: BaselineMatcher | undefined;
  /** Fingerprints of every finding reported before the baseline filter, for `--write-baseline`. */
  record: FingerprintMark[] | undefined;
  /** The charts rendered in this run (their copies are removed at the end). */
  charts: ScanCharts | undefined;
  /** The Kustomize trees built in this run (`--fix` builds them again with its edits). */
  overlays: ScanOverlays | undefined;
}

/** One run: what `prepare` found, and each step after it. A step that fails has said why. */
export class ScanRun {
  private readonly tally = new Tally();
  private configs: LoadedConfig[] = [];

  private constructor(
    private readonly opts: CliOptions,
    private readonly io: CliIo,
    private readonly inputs: Input[],
    private readonly progress: ProgressLine,
    private readonly writer: OutputWriter,
    private readonly scan: Scan,
    private readonly workspaceIndex: WorkspaceIndex,
    private readonly project: Project,
    private readonly pool: Pool | undefined,
    private readonly extras: RunExtras,
  ) {
    if (extras.baseline) this.tally.baselined = 0;
  }

  /** The project and inputs of a run, its writer, and worker threads when they pay. Exit code on an error. */
  static async prepare(opts: CliOptions, io: CliIo, script: string): Promise<ScanRun | number> {
    const log = (m: string): void => io.err(`kubeward: ${m}\n`);
    const project = projectFor(opts, io.cwd);
    if (typeof project === 'string') {
      log(project);
      return EXIT.error;
    }
    const baseline = opts.baseline === undefined ? undefined : loadBaseline(opts.baseline, io.cwd);
    if (typeof baseline === 'string') {
      log(baseline);
      return EXIT.error;
    }
    const helm = helmFor(opts, io.cwd);
    if ('error' in helm) {
      log(helm.error);
      return EXIT.error;
    }
    const kustomize = kustomizeFor(opts, io.cwd);
    if ('error' in kustomize) {
      log(kustomize.error);
      return EXIT.error;
    }
    const trees = 'binary' in kustomize ? new Map<string, KustomizeTree>() : undefined;
    let inputs: Input[];
    try {
      inputs = await inputsFor(opts, io.cwd, project, log, 'helm' in helm, trees);
    } catch (e) {
      log((e as Error).message);
      return EXIT.error;
    }
    const ownFiles = new Set(
      [opts.baseline, opts.writeBaseline].flatMap((f) => (f === undefined ? [] : [resolve(io.cwd, f)])),
    );
    if (ownFiles.size > 0) inputs = inputs.filter((i) => !ownFiles.has(i.path));
    const fixer = opts.fix ? new FileFixer(opts.fix, opts.fixDryRun, io.out, log) : undefined;
    const progress = ProgressLine.for(io, opts.progress, inputs.length);
    const writer = writerFor(opts, io, progress);
    // Worker threads check files in parallel (they load while the files are indexed here). Not for
    // writers that need whole results (SARIF), fixing (this thread writes each file as it is
    // checked), stdin or small scans (~0.1 s per worker).
    const pool =
      !writer.needsResults &&
      !fixer &&
      !inputs.some((i) => i.kind === 'stdin' || i.kind === 'chart' || i.kind === 'kustomize') &&
      inputs.length >= WORKER_MIN_FILES
        ? startPool(
            {
              cwd: io.cwd,
              roots: [...project.roots],
              explicitConfig: project.explicitConfig,
              settings: opts.settings,
              inputs,
            },
            script,
          )
        : undefined;
    const { scan, index, charts, overlays } = scanFor(
      inputs,
      project,
      opts,
      io,
      (done, total) => progress.show('indexing', done, total),
      fixer ? (p) => fixer.read(p) : readDecoded,
      'helm' in helm ? helm.helm : undefined,
      'binary' in kustomize && trees ? { ...kustomize, trees } : undefined,
    );
    // Said once, and only when there is a chart to say it about.
    if ('skip' in helm && inputs.some((i) => i.kind === 'file' && project.chartOf(i.path) !== undefined))
      log(helm.skip);
    if (
      'skip' in kustomize &&
      opts.helm.render &&
      inputs.some((i) => i.kind === 'file' && KUSTOMIZATION_FILES.includes(basename(i.path)))
    )
      log(kustomize.skip);
    return new ScanRun(opts, io, inputs, progress, writer, scan, index, project, pool, {
      fixer,
      baseline,
      record: opts.writeBaseline === undefined ? undefined : [],
      charts,
      overlays,
    });
  }

  private log(m: string): void {
    this.io.err(`kubeward: ${m}\n`);
  }

  private fail(message: string): false {
    this.extras.charts?.dispose();
    this.progress.clear();
    this.log(message);
    void this.pool?.stop();
    return false;
  }

  /** Pass 1: every input indexed, then the files of the configs' `policies.paths`. */
  async index(): Promise<boolean> {
    try {
      await this.scan.index();
      this.indexPolicyPaths();
      return true;
    } catch (e) {
      return this.fail(readErrorMessage(e));
    }
  }

  /** Reads the `policies.paths` of the config files the inputs use into the index (not checked). */
  private indexPolicyPaths(): void {
    const configs = new Map<string, LoadedConfig>();
    for (const input of this.inputs) {
      const c = this.project.configFor(input.path);
      if (c?.config.policyPaths) configs.set(c.file, c);
    }
    const inputs = new Set(this.inputs.map((i) => i.path));
    for (const c of configs.values())
      for (const file of policyFiles(c)) {
        if (inputs.has(file)) continue;
        const text = readPolicyFile(file);
        if (text !== undefined) this.workspaceIndex.update(file, text);
      }
  }

  /** Admission policies Kubeward recognises and does not evaluate: listed once each, with the reason. */
  private reportNotEvaluated(): void {
    const list = workspacePolicies(this.workspaceIndex).notEvaluated;
    if (list.length === 0) return;
    this.log(`${list.length} admission ${list.length === 1 ? 'policy' : 'policies'} not evaluated:`);
    for (const p of list)
      this.log(`  ${p.kind} "${p.name}"${p.uri ? ` (${display(this.io.cwd, p.uri)})` : ''}: ${p.reason}`);
  }

  /** The config files in use, checked; their problems written. */
  configsValid(): boolean {
    const { ok, configs } = checkConfigs(this.inputs, this.project, this.io.cwd, (s) => {
      this.progress.clear();
      this.io.err(s);
    });
    this.configs = configs;
    if (!ok) void this.pool?.stop();
    return ok;
  }

  /** The findings a `--baseline` holds, taken out of a file's output. */
  private withoutBaselined(out: SourceOutput): SourceOutput {
    const baseline = this.extras.baseline;
    if (!baseline) return out;
    const keep = out.marks.map((m) => m === undefined || !baseline.take(m.fingerprint));
    const dropped = keep.filter((k) => !k).length;
    if (dropped === 0) return out;
    this.tally.baselined = (this.tally.baselined ?? 0) + dropped;
    const c = out.checked;
    const checked = c && {
      ...c,
      findings: c.findings.filter((_, i) => keep[c.syntax.length + c.problems.length + i]),
    };
    return {
      ...out,
      rows: { ...out.rows, findings: out.rows.findings.filter((_, i) => keep[i]) },
      marks: out.marks.filter((_, i) => keep[i]),
      checked,
    };
  }

  /** One input's outputs (a chart: one per file its findings are in), in input order. */
  private consume(n: number, outputs: readonly SourceOutput[]): void {
    const input = this.inputs[n];
    if (!input) return;
    this.progress.show('scanning', n + 1, this.inputs.length);
    this.tally.input(input, outputs);
    for (const all of outputs) {
      if (all.internalErrors.length > 0) this.progress.clear();
      for (const e of all.internalErrors) this.log(`internal error in ${input.display}: ${e}`);
      for (const m of all.marks) if (m) this.extras.record?.push(m);
      const out = this.withoutBaselined(all);
      this.tally.add(out);
      this.writer.file(out.rows, out.checked);
    }
  }

  /** Pass 2: every input checked (in worker threads or here), fixed if asked, and written, in input order. */
  async check(): Promise<boolean> {
    if (this.pool) {
      const error = await this.pool.run(this.workspaceIndex.snapshot(), (n, out) => this.consume(n, [out]));
      return error ? this.fail(error) : true;
    }
    const fixer = this.extras.fixer;
    try {
      await this.scan.check(async (r0) => {
        const input = r0.source as Input;
        let r = r0;
        // A chart is rendered, a Kustomize tree built, again with each round's edits.
        const rendered = input.kind === 'kustomize' ? this.extras.overlays : this.extras.charts;
        if (fixer && r0.files && rendered) {
          const target = {
            editable: (p: string) => rendered.editable(input, p),
            recheck: (texts: ReadonlyMap<string, string>) => rendered.recheck(input, texts),
          };
          r = await fixer.fixRendered(r0, target, (p) => display(this.io.cwd, p));
        } else if (fixer && !r0.files) r = fixer.fixSource(this.scan, r0, input);
        this.consume(r.n, presentSource(input, r, this.writer.needsResults, this.io.cwd));
      });
      return true;
    } catch (e) {
      return this.fail(readErrorMessage(e));
    }
  }

  /** Baseline entries that no longer match a finding in the files scanned (or in files now gone). */
  private reportUnmatched(): void {
    const baseline = this.extras.baseline;
    if (!baseline || this.opts.baseline === undefined) return;
    const scanned = new Set(this.inputs.map((i) => i.display));
    const stale = baseline.unmatched(
      (file) => scanned.has(file) || (file !== '<stdin>' && !existsSync(resolve(this.io.cwd, file))),
    );
    if (stale.length === 0) return;
    const n = stale.reduce((s, x) => s + x.missing, 0);
    this.log(
      `${plural(n, 'baseline finding')} no longer found (fixed or changed); kubeward scan --write-baseline ${this.opts.baseline} shrinks the baseline:`,
    );
    for (const { entry, missing } of stale)
      this.log(`  ${describeEntry(entry)}${missing > 1 ? ` (${missing} of ${entry.count})` : ''}`);
  }

  /** `--write-baseline`: every finding reported, recorded. False when the file cannot be written. */
  private writeBaseline(): boolean {
    const file = this.opts.writeBaseline;
    const record = this.extras.record;
    if (file === undefined || !record) return true;
    const path = resolve(this.io.cwd, file);
    const text = serializeBaseline(record);
    try {
      if (existsSync(path)) writeAtomically(path, Buffer.from(text, 'utf8'));
      else writeFileSync(path, text);
    } catch (e) {
      this.log(`cannot write baseline file ${file}: ${(e as Error).message}`);
      return false;
    }
    this.log(`wrote ${plural(record.length, 'finding')} to baseline ${file}`);
    return true;
  }

  /** The end of the output, the summary lines and the exit code. */
  finish(): number {
    this.extras.charts?.dispose();
    this.progress.clear();
    this.writer.finish(this.tally.skipped);
    const fixer = this.extras.fixer;
    if (fixer) this.io.err(fixer.summary());
    this.reportUnmatched();
    const wrote = this.writeBaseline();
    this.reportNotEvaluated();
    this.io.err(this.tally.summary(this.inputs.length, this.configs, this.opts));
    if (!wrote || fixer?.failed) return EXIT.error;
    if (this.opts.writeBaseline !== undefined) return EXIT.ok;
    return this.tally.exitCode(this.opts.failOn);
  }
}
