// `kubeward scan`: the same engine, rules, project config and suppressions as the editor, for CI.
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { TACTICS, TECHNIQUES } from './attack';
import { discover, globBase, isGlob, type DiscoverOptions } from './discover';
import { picomatch } from './engine/lazy-modules';
import { GLOB_OPTIONS } from './engine/glob';
import { docsUrl, type Severity } from './engine/rule';
import { Engine, type Finding, type SyntaxFinding } from './engine/run';
import { LineIndex } from './engine/text';
import { WorkspaceIndex, type IndexSnapshot } from './engine/workspace-index';
import { findingText } from './present/message';
import { Project } from './project';
import { DEFAULT_SETTINGS, PROFILES, type Profile, type RuleSetting, type Settings } from './protocol';
import { rules } from './rules/index';
import { indentedJson, SarifWriter, type SuppressedInput } from './sarif';

export const VERSION = '0.1.0';

const USAGE = `Usage: kubeward scan [options] <file|dir|glob|->...

Scans Kubernetes manifests for insecure settings. With no paths, scans the current directory.
Directories are walked for *.yaml, *.yml and *.json, honouring .gitignore and the exclude globs of
.kubeward.yaml; node_modules and .git are never entered. "-" reads one stream from standard input
(helm template … | kubeward scan -). Quote globs so the shell does not expand them.

Options:
  --format text|json|sarif    output format (default: text)
  --config <file>             use this config file instead of the nearest .kubeward.yaml
  --profile <p>               baseline | restricted | recommended | all (default: the config file's, else recommended)
  --kubernetes-version 1.N    target Kubernetes version (default: the config file's, else 1.37)
  --fail-on <s>               error | warning | info | hint | none (default: warning)
  --rule <id>=<setting>       off | on | error | warning | info | hint (repeatable)
  --no-syntax-errors          do not report YAML syntax errors
  --max-file-size <bytes>     skip larger files found in directories (default: 5242880)
  --no-progress               no progress line on a terminal
  -h, --help                  show this help
  --version                   print the version

Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage error, unreadable input or invalid config file`;

export interface CliOptions {
  format: 'text' | 'json' | 'sarif';
  config: string | undefined;
  settings: Partial<Settings>;
  failOn: Severity | 'none';
  maxFileSize: number;
  progress: boolean;
  paths: string[];
}

class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): CliOptions | 'help' | 'version' {
  const args = [...argv];
  if (args[0] === 'scan') args.shift();
  const o: CliOptions = {
    format: 'text',
    config: undefined,
    settings: {},
    failOn: 'warning',
    maxFileSize: DEFAULT_SETTINGS.maxFileSize,
    progress: true,
    paths: [],
  };
  const ruleSettings: Record<string, RuleSetting> = {};
  const value = (flag: string): string => {
    const v = args.shift();
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  while (args.length > 0) {
    const a = args.shift() ?? '';
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const v = (): string => inline ?? value(flag);
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--version':
        return 'version';
      case '--format': {
        const f = v();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}"`);
        o.format = f;
        break;
      }
      case '--config':
        o.config = v();
        break;
      case '--profile': {
        const p = v();
        if (!PROFILES.includes(p as Profile)) throw new UsageError(`unknown profile "${p}"`);
        o.settings.profile = p as Profile;
        break;
      }
      case '--kubernetes-version': {
        const k = v();
        if (!/^v?1\.\d+(\.\d+)?$/.test(k)) throw new UsageError(`--kubernetes-version takes 1.N, got "${k}"`);
        o.settings.kubernetesVersion = k;
        break;
      }
      case '--fail-on': {
        const s = v();
        if (!['error', 'warning', 'info', 'hint', 'none'].includes(s))
          throw new UsageError(`unknown --fail-on "${s}"`);
        o.failOn = s as Severity | 'none';
        break;
      }
      case '--rule': {
        const r = v();
        const m = /^([a-z0-9-]+)=(off|on|error|warning|info|hint)$/.exec(r);
        if (!m?.[1] || !m[2])
          throw new UsageError(`--rule takes <id>=off|on|error|warning|info|hint, got "${r}"`);
        if (!rules.some((x) => x.id === m[1])) throw new UsageError(`unknown rule "${m[1]}"`);
        ruleSettings[m[1]] = m[2] as RuleSetting;
        o.settings.rules = ruleSettings;
        break;
      }
      case '--no-syntax-errors':
        o.settings.reportSyntaxErrors = false;
        break;
      case '--max-file-size': {
        const n = Number(v());
        if (!Number.isFinite(n) || n <= 0)
          throw new UsageError('--max-file-size takes a positive number of bytes');
        o.maxFileSize = n;
        break;
      }
      case '--no-progress':
        o.progress = false;
        break;
      default:
        if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
        o.paths.push(a);
    }
  }
  return o;
}

/** One input: a path on disk, or standard input. */
export interface Input {
  /** Absolute path, or `-` for stdin. */
  path: string;
  /** As shown in the output: relative to the working directory, `/`-separated; `<stdin>` for stdin. */
  display: string;
}

function display(cwd: string, p: string): string {
  const r = relative(cwd, p);
  return (r === '' ? p : r).split(sep).join('/');
}

/**
 * Expands the arguments into inputs, in argument order (each directory or glob in sorted order),
 * without duplicates. Explicit files are taken whatever their extension.
 */
export async function collectInputs(
  paths: readonly string[],
  cwd: string,
  project: Project,
  opts: DiscoverOptions,
): Promise<Input[]> {
  const out: Input[] = [];
  const seen = new Set<string>();
  const add = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    out.push({ path, display: path === '-' ? '<stdin>' : display(cwd, path) });
  };
  const skip = (p: string): boolean => project.plan(p, {}).skip === 'excluded';
  for (const arg of paths) {
    if (arg === '-') {
      add('-');
      continue;
    }
    if (isGlob(arg)) {
      const base = resolve(cwd, globBase(arg));
      const match = picomatch()(resolve(cwd, arg).split(sep).join('/'), GLOB_OPTIONS);
      let found = 0;
      for (const f of await discover(base, { ...opts, skip })) {
        if (!match(f.path.split(sep).join('/'))) continue;
        found++;
        add(f.path);
      }
      if (found === 0) opts.log?.(`no file matches ${arg}`);
      continue;
    }
    const abs = resolve(cwd, arg);
    const st = statSync(abs); // throws for a missing path: an I/O error (exit 2)
    if (st.isDirectory()) for (const f of await discover(abs, { ...opts, skip })) add(f.path);
    else add(abs);
  }
  return out;
}

export interface FileResult {
  input: Input;
  findings: Finding[];
  suppressed: SuppressedInput[];
  syntax: SyntaxFinding[];
  lines: LineIndex;
  skipped: 'helm' | 'excluded' | undefined;
  internalErrors: string[];
}

/**
 * Checks texts the way the editor does: every input is indexed first (cross-file rules see all of
 * them), then each is checked with the config of its nearest `.kubeward.yaml` plus the settings.
 * Results are in input order.
 */
export function scanTexts(
  inputs: readonly { input: Input; text: string }[],
  project: Project,
  settings: Partial<Settings>,
  cwd: string,
  onProgress?: (done: number, total: number) => void,
): FileResult[] {
  const engine = new Engine(rules, { cache: false });
  const index = new WorkspaceIndex({ memo: false });
  for (const { input, text } of inputs) index.update(keyOf(cwd, input), text);
  return inputs.map(({ input, text }, n) => {
    onProgress?.(n + 1, inputs.length);
    return checkOne(engine, index, project, settings, cwd, input, text);
  });
}

/** The path an input is indexed and planned under (stdin: `<stdin>` in the working directory). */
function keyOf(cwd: string, i: Input): string {
  return i.path === '-' ? join(cwd, '<stdin>') : i.path;
}

/** Checks one indexed input with the config of its nearest `.kubeward.yaml` plus the settings. */
function checkOne(
  engine: Engine,
  index: WorkspaceIndex,
  project: Project,
  settings: Partial<Settings>,
  cwd: string,
  input: Input,
  text: string,
): FileResult {
  const plan = project.plan(keyOf(cwd, input), settings, text);
  const lines = new LineIndex(text);
  if (plan.skip)
    return {
      input,
      findings: [],
      suppressed: [],
      syntax: [],
      lines,
      skipped: plan.skip,
      internalErrors: [],
    };
  const r = engine.check(text, plan.config, index, plan.file);
  const suppressed = ((r as { suppressed?: SuppressedInput[] }).suppressed ?? []).map((s) => s);
  return {
    input,
    findings: r.findings,
    suppressed,
    syntax: r.syntax,
    lines,
    skipped: undefined,
    internalErrors: r.internalErrors,
  };
}

interface Row {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: Severity;
  message: string;
  attack: { tactic: string; tacticName: string; technique: string; techniqueName: string }[];
  pss?: { level: string; check: string };
  object?: { kind: string; name: string; namespace?: string };
  fixable: boolean;
  docs: string;
  suppression?: { how: string; reason: string | null; until?: string };
}

function rowOf(r: FileResult, f: Finding): Row {
  const s = r.lines.position(f.start);
  const e = r.lines.position(f.end);
  return {
    file: r.input.display,
    line: s.line + 1,
    column: s.character + 1,
    endLine: e.line + 1,
    endColumn: e.character + 1,
    ruleId: f.ruleId,
    severity: f.severity,
    message: findingText(f),
    attack: f.attack.flatMap((t) =>
      TECHNIQUES[t].tactics.map((ta) => ({
        tactic: ta,
        tacticName: TACTICS[ta],
        technique: t,
        techniqueName: TECHNIQUES[t].name,
      })),
    ),
    ...(f.pss ? { pss: { level: f.pss.level, check: f.pss.check } } : {}),
    object: {
      kind: f.object.kind,
      name: f.object.name,
      ...(f.object.namespace ? { namespace: f.object.namespace } : {}),
    },
    fixable: f.fixes.length > 0,
    docs: docsUrl(f.ruleId),
  };
}

export function rowsOf(results: readonly FileResult[]): { findings: Row[]; suppressed: Row[] } {
  const findings: Row[] = [];
  const suppressed: Row[] = [];
  for (const r of results) {
    for (const s of r.syntax) {
      const a = r.lines.position(s.start);
      const b = r.lines.position(s.end);
      findings.push({
        file: r.input.display,
        line: a.line + 1,
        column: a.character + 1,
        endLine: b.line + 1,
        endColumn: b.character + 1,
        ruleId: 'yaml-syntax',
        severity: 'error',
        message: `YAML syntax error (${s.code}): ${s.message.split('\n')[0] ?? ''}`,
        attack: [],
        fixable: false,
        docs: '',
      });
    }
    for (const f of r.findings) findings.push(rowOf(r, f));
    for (const s of r.suppressed)
      suppressed.push({
        ...rowOf(r, s.finding),
        suppression: { how: s.how, reason: s.reason ?? null, ...(s.until ? { until: s.until } : {}) },
      });
  }
  return { findings, suppressed };
}

const RANK: Record<Severity, number> = { error: 4, warning: 3, info: 2, hint: 1 };

/** One file's output: plain rows (what crosses from a worker thread). */
interface CheckedRows {
  findings: Row[];
  suppressed: Row[];
  internalErrors: string[];
  skipped: 'helm' | 'excluded' | undefined;
}

/** Scans with fewer files run in one thread: a worker costs ~0.1 s to start. */
const WORKER_MIN_FILES = 200;
/** Chunk parses and results the CLI keeps (LRU): bounds memory whatever the number of files. */
const CLI_CACHE_ENTRIES = 500;
/** Files per message to a worker. */
const WORKER_BATCH = 16;

interface WorkerSetup {
  cwd: string;
  roots: string[];
  explicitConfig: string | undefined;
  settings: Partial<Settings>;
  inputs: Input[];
}

type ToWorker = { index: IndexSnapshot } | { batch: number[] };
interface FromWorker {
  results: { n: number; rows?: CheckedRows; error?: string }[];
}

interface Pool {
  /** Checks every input; `consume` gets each file's rows in input order. Resolves to an error message, if any. */
  run(index: IndexSnapshot, consume: (n: number, r: CheckedRows) => void): Promise<string | undefined>;
  stop(): Promise<void>;
}

/**
 * Worker threads, when running from the bundle (dist/cli.js) on a machine with two or more cores
 * (`KUBEWARD_WORKERS=0` turns them off). Undefined otherwise: the caller checks in this thread.
 */
function startPool(setup: WorkerSetup): Pool | undefined {
  // Measured on a 2-core machine: workers pay only when a core is actually free (with the machine
  // busy, two workers were ~15 % slower than one thread), so the default follows the load average.
  const env = process.env.KUBEWARD_WORKERS;
  const cores = availableParallelism();
  const idle = cores - (loadavg()[0] ?? 0);
  const count = Math.min(env !== undefined && env !== '' ? Number(env) : idle >= 1.5 ? cores : 0, 4);
  if (!(count >= 2) || !__filename.endsWith('.js')) return undefined;
  const workers: Worker[] = [];
  for (let i = 0; i < count; i++) workers.push(new Worker(__filename, { workerData: setup }));
  const stop = async (): Promise<void> => {
    await Promise.all(workers.map((w) => w.terminate()));
  };
  return {
    stop,
    run: (index, consume) =>
      new Promise((resolveRun) => {
        const total = setup.inputs.length;
        const ready = new Map<number, CheckedRows>();
        let next = 0;
        let flushed = 0;
        let failed: string | undefined;
        let finished = false;
        const finish = (error?: string): void => {
          if (finished) return;
          finished = true;
          void stop().then(() => resolveRun(error));
        };
        const feed = (w: Worker): void => {
          if (next >= total) return;
          const batch: number[] = [];
          for (; batch.length < WORKER_BATCH && next < total; next++) batch.push(next);
          w.postMessage({ batch } satisfies ToWorker);
        };
        for (const w of workers) {
          w.on('message', (m: FromWorker) => {
            for (const r of m.results) {
              if (r.error !== undefined) failed ??= r.error;
              else if (r.rows) ready.set(r.n, r.rows);
            }
            if (failed !== undefined) return finish(failed);
            for (let rows = ready.get(flushed); rows; rows = ready.get(flushed)) {
              ready.delete(flushed);
              consume(flushed, rows);
              flushed++;
            }
            if (flushed >= total) return finish();
            feed(w);
          });
          w.on('error', (e) => finish(`internal error in a worker thread: ${e.stack ?? e.message}`));
          w.postMessage({ index } satisfies ToWorker);
          // Two batches in flight per worker, so it never waits for the main thread.
          feed(w);
          feed(w);
        }
        if (total === 0) finish();
      }),
  };
}

/** A worker thread of {@link startPool}: checks the batches of files it is sent. */
function workerMain(setup: WorkerSetup): void {
  const port = parentPort;
  if (!port) return;
  const project = new Project(setup.roots, new Set(rules.map((r) => r.id)));
  project.explicitSettings = true;
  if (setup.explicitConfig) {
    project.load(setup.explicitConfig);
    project.explicitConfig = setup.explicitConfig;
  }
  const engine = new Engine(rules, { cache: true, maxCacheEntries: CLI_CACHE_ENTRIES });
  let index = new WorkspaceIndex({ memo: false });
  port.on('message', (m: ToWorker) => {
    if ('index' in m) {
      index = WorkspaceIndex.fromSnapshot(m.index);
      return;
    }
    const results: FromWorker['results'] = [];
    for (const n of m.batch) {
      const input = setup.inputs[n] as Input;
      let text: string;
      try {
        text = decodeBytes(readFileSync(input.path));
      } catch (e) {
        results.push({ n, error: `cannot read ${input.display}: ${(e as Error).message}` });
        break;
      }
      const r = checkOne(engine, index, project, setup.settings, setup.cwd, input, text);
      results.push({ n, rows: { ...rowsOf([r]), internalErrors: r.internalErrors, skipped: r.skipped } });
    }
    port.postMessage({ results } satisfies FromWorker);
  });
}

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Standard error is a terminal: show a progress line. */
  isTTY: boolean;
  readStdin: () => string;
  cwd: string;
}

/**
 * Decodes a manifest's bytes: a UTF-16 byte order mark (LE or BE) selects UTF-16, a UTF-8 one is
 * dropped, anything else is UTF-8 with invalid bytes as U+FFFD (lines stay where they were).
 */
export function decodeBytes(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const body = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    return body.swap16().toString('utf16le');
  }
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return buf.subarray(3).toString('utf8');
  return buf.toString('utf8');
}

/**
 * A reader that stops early (`kubeward scan . | head`) closes the pipe: the rest of the output is
 * dropped, the scan still finishes, and the exit code still says what it found.
 */
let stdoutClosed: boolean | undefined;
function writeStdout(s: string): void {
  if (stdoutClosed === undefined) {
    stdoutClosed = false;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      stdoutClosed = true;
    });
  }
  if (!stdoutClosed) process.stdout.write(s);
}

const defaultIo = (): CliIo => ({
  out: writeStdout,
  err: (s) => process.stderr.write(s),
  isTTY: process.stderr.isTTY,
  readStdin: () => decodeBytes(readFileSync(0)),
  cwd: process.cwd(),
});

/** Show a progress line only for scans of at least this many files. */
const PROGRESS_MIN_FILES = 50;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], ioIn: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = { ...defaultIo(), ...ioIn };
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    io.err(`kubeward: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === 'help') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (opts === 'version') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const cwd = io.cwd;
  const paths = opts.paths.length > 0 ? opts.paths : ['.'];
  const roots = [
    cwd,
    ...paths.filter((p) => p !== '-').map((p) => resolve(cwd, isGlob(p) ? globBase(p) : p)),
  ];
  const project = new Project(roots, new Set(rules.map((r) => r.id)));
  project.explicitSettings = true;
  if (opts.config) {
    const file = resolve(cwd, opts.config);
    const loaded = project.load(file);
    if (!loaded) {
      io.err(`kubeward: cannot read config file ${opts.config}\n`);
      return 2;
    }
    project.explicitConfig = file;
  }
  const log = (m: string): void => io.err(`kubeward: ${m}\n`);
  let inputs: Input[];
  try {
    inputs = await collectInputs(paths, cwd, project, { maxFileSize: opts.maxFileSize, log });
  } catch (e) {
    log((e as Error).message);
    return 2;
  }
  // Two streaming passes, so memory does not grow with the number of files: every input is read and
  // indexed (cross-file rules see all of them), then read again and checked, and its findings
  // written (text, JSON or SARIF) before the next file is read.
  let stdinText: string | undefined;
  const read = (input: Input): string =>
    input.path === '-' ? (stdinText ??= io.readStdin()) : decodeBytes(readFileSync(input.path));
  const showProgress = opts.progress && io.isTTY && inputs.length >= PROGRESS_MIN_FILES;
  let lastDraw = 0;
  let drawn = false;
  const progress = (what: string, done: number, total: number): void => {
    if (!showProgress) return;
    const now = Date.now();
    if (done !== total && now - lastDraw < 80) return;
    lastDraw = now;
    io.err(`\rkubeward: ${what} ${done}/${total} files`);
    drawn = true;
  };
  const clearProgress = (): void => {
    if (drawn) io.err('\r\x1b[K');
    drawn = false;
  };
  // Worker threads check files in parallel (they load while the files are indexed here). Not for
  // SARIF (it needs each file's results, not just rows), stdin or small scans (~0.1 s per worker).
  const pool =
    opts.format !== 'sarif' && !inputs.some((i) => i.path === '-') && inputs.length >= WORKER_MIN_FILES
      ? startPool({
          cwd,
          roots,
          explicitConfig: project.explicitConfig,
          settings: opts.settings,
          inputs,
        })
      : undefined;
  // A bounded chunk cache: the check pass reuses the index pass's parses, and documents repeated
  // across files (install.yaml variants, copied manifests) are parsed and checked once.
  const engine = new Engine(rules, { cache: true, maxCacheEntries: CLI_CACHE_ENTRIES });
  const index = new WorkspaceIndex({ memo: false, parse: (t) => engine.parse(t) });
  for (let n = 0; n < inputs.length; n++) {
    const input = inputs[n] as Input;
    let text: string;
    try {
      text = read(input);
    } catch (e) {
      clearProgress();
      log(`cannot read ${input.display}: ${(e as Error).message}`);
      void pool?.stop();
      return 2;
    }
    index.update(keyOf(cwd, input), text);
    progress('indexing', n + 1, inputs.length);
  }
  // Config files in use must be valid: CI fails loudly rather than scanning with half a config.
  const configs = new Map<string, ReturnType<Project['load']>>();
  for (const input of inputs) {
    const c = project.configFor(keyOf(cwd, input));
    if (c) configs.set(c.file, c);
  }
  let badConfig = false;
  for (const c of configs.values()) {
    if (!c) continue;
    const lines = new LineIndex(c.text);
    for (const p of c.problems) {
      const pos = lines.position(p.start);
      clearProgress();
      io.err(
        `${display(cwd, c.file)}:${pos.line + 1}:${pos.character + 1} ${p.severity} config ${p.message}\n`,
      );
      if (p.severity === 'error') badConfig = true;
    }
  }
  if (badConfig) {
    clearProgress();
    void pool?.stop();
    return 2;
  }

  // JSON and SARIF are written as the files are checked, like text: nothing grows with the number of
  // findings but the suppressed rows (JSON lists them after the findings).
  const out = io.out;
  let jsonFindings = 0;
  if (opts.format === 'json') out(`{\n  "version": ${JSON.stringify(VERSION)},\n  "findings": [`);
  const sarif =
    opts.format === 'sarif'
      ? new SarifWriter({ version: VERSION, rules, baseUri: `${pathToFileURL(cwd).href}/` }, out)
      : undefined;
  const suppressed: Row[] = [];
  const skipped: { input: Input; skipped: 'helm' | 'excluded' }[] = [];
  const by = { error: 0, warning: 0, info: 0, hint: 0 };
  let findingCount = 0;
  /** Takes one file's rows, in input order. */
  const consume = (n: number, r: CheckedRows): void => {
    const input = inputs[n] as Input;
    progress('scanning', n + 1, inputs.length);
    if (r.internalErrors.length > 0) clearProgress();
    for (const e of r.internalErrors) log(`internal error in ${input.display}: ${e}`);
    if (r.skipped !== undefined) skipped.push({ input, skipped: r.skipped });
    findingCount += r.findings.length;
    for (const row of r.findings) by[row.severity]++;
    if (opts.format === 'text') {
      if (r.findings.length > 0) clearProgress();
      for (const row of r.findings)
        io.out(`${row.file}:${row.line}:${row.column} ${row.severity} ${row.ruleId} ${row.message}\n`);
    } else if (opts.format === 'json') {
      for (const row of r.findings) out(`${jsonFindings++ === 0 ? '\n' : ',\n'}    ${indentedJson(row, 4)}`);
    }
    suppressed.push(...r.suppressed);
  };
  if (pool) {
    const failed = await pool.run(index.snapshot(), consume);
    if (failed) {
      clearProgress();
      log(failed);
      return 2;
    }
  } else {
    for (let n = 0; n < inputs.length; n++) {
      const input = inputs[n] as Input;
      let text: string;
      try {
        text = read(input);
      } catch (e) {
        clearProgress();
        log(`cannot read ${input.display}: ${(e as Error).message}`);
        return 2;
      }
      const r = checkOne(engine, index, project, opts.settings, cwd, input, text);
      consume(n, { ...rowsOf([r]), internalErrors: r.internalErrors, skipped: r.skipped });
      sarif?.addFile({
        uri: r.input.display,
        lines: r.lines,
        findings: r.findings,
        suppressed: r.suppressed,
        syntax: r.syntax,
      });
    }
  }
  clearProgress();
  const notes = skipped.map((r) => ({
    uri: r.input.display,
    message:
      r.skipped === 'helm'
        ? `${r.input.display}: Helm chart template, skipped (render it with \`helm template … | kubeward scan -\`)`
        : `${r.input.display}: excluded by the config file`,
  }));
  if (opts.format === 'json') {
    const skippedRows = skipped.map((r) => ({ file: r.input.display, reason: r.skipped }));
    out(
      `${jsonFindings === 0 ? ']' : '\n  ]'},\n  "suppressed": ${indentedJson(suppressed, 2)},\n  "skipped": ${indentedJson(skippedRows, 2)}\n}\n`,
    );
  } else if (sarif) {
    sarif.finish(notes);
  } else {
    for (const n of notes) log(n.message);
  }
  const profile =
    opts.settings.profile ?? [...configs.values()][0]?.config.profile ?? DEFAULT_SETTINGS.profile;
  io.err(
    `kubeward: ${plural(findingCount, 'finding')} (${by.error} error, ${by.warning} warning, ${by.info} info, ${by.hint} hint), ${suppressed.length} suppressed, in ${plural(inputs.length - skipped.length, 'file')}${skipped.length > 0 ? ` (${skipped.length} skipped)` : ''}, profile ${profile}\n`,
  );
  const threshold = opts.failOn;
  if (threshold === 'none') return 0;
  return (Object.keys(by) as Severity[]).some((s) => by[s] > 0 && RANK[s] >= RANK[threshold]) ? 1 : 0;
}

if (!isMainThread && (workerData as { inputs?: unknown } | null)?.inputs !== undefined) {
  workerMain(workerData as WorkerSetup);
} else if (require.main === module) {
  void main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`kubeward: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
