// `kubeward scan`: the same pipeline, engine, rules, project config and suppressions as the editor,
// for CI. The steps live in cli/; this is the entry (and the entry of its worker threads).
import { isMainThread, workerData } from 'node:worker_threads';
import { rules } from './rules/index';
import { VERSION } from './version';
import type { Input } from './cli/inputs';
import { defaultIo, ProgressLine, type CliIo } from './cli/io';
import { parseOptions, UsageError, USAGE } from './cli/options';
import { startPool, WORKER_MIN_FILES, workerMain, type WorkerSetup } from './cli/pool';
import { presentSource, type SourceOutput } from './cli/present';
import {
  checkConfigs,
  EXIT,
  inputsFor,
  projectFor,
  readErrorMessage,
  scanFor,
  Tally,
  writerFor,
} from './cli/scan-command';

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], ioIn: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = { ...defaultIo(), ...ioIn };
  const log = (m: string): void => io.err(`kubeward: ${m}\n`);
  let opts: ReturnType<typeof parseOptions>;
  try {
    opts = parseOptions(argv, (id) => rules.some((r) => r.id === id));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`kubeward: ${e.message}\n\n${USAGE}\n`);
    return EXIT.error;
  }
  if (opts === 'help' || opts === 'version') {
    io.out(`${opts === 'help' ? USAGE : VERSION}\n`);
    return EXIT.ok;
  }
  const project = projectFor(opts, io.cwd);
  if (typeof project === 'string') {
    log(project);
    return EXIT.error;
  }
  let inputs;
  try {
    inputs = await inputsFor(opts, io.cwd, project, log);
  } catch (e) {
    log((e as Error).message);
    return EXIT.error;
  }
  const progress = ProgressLine.for(io, opts.progress, inputs.length);
  const writer = writerFor(opts, io, progress);
  // Worker threads check files in parallel (they load while the files are indexed here). Not for
  // writers that need whole results (SARIF), stdin or small scans (~0.1 s per worker).
  const setup: WorkerSetup = {
    cwd: io.cwd,
    roots: project.roots as string[],
    explicitConfig: project.explicitConfig,
    settings: opts.settings,
    inputs,
  };
  const pool =
    !writer.needsResults && !inputs.some((i) => i.kind === 'stdin') && inputs.length >= WORKER_MIN_FILES
      ? startPool(setup, __filename)
      : undefined;
  const { scan, index } = scanFor(inputs, project, opts, io, (done, total) =>
    progress.show('indexing', done, total),
  );
  const failed = (e: unknown): number => {
    progress.clear();
    log(readErrorMessage(e));
    void pool?.stop();
    return EXIT.error;
  };
  try {
    await scan.index();
  } catch (e) {
    return failed(e);
  }
  const { ok, configs } = checkConfigs(inputs, project, io.cwd, (s) => {
    progress.clear();
    io.err(s);
  });
  if (!ok) {
    void pool?.stop();
    return EXIT.error;
  }
  const tally = new Tally();
  const consume = (n: number, out: SourceOutput): void => {
    const input = inputs[n];
    if (!input) return;
    progress.show('scanning', n + 1, inputs.length);
    if (out.internalErrors.length > 0) progress.clear();
    for (const e of out.internalErrors) log(`internal error in ${input.display}: ${e}`);
    tally.add(input, out);
    writer.file(out.rows, out.checked);
  };
  if (pool) {
    const error = await pool.run(index.snapshot(), consume);
    if (error) {
      progress.clear();
      log(error);
      return EXIT.error;
    }
  } else {
    try {
      await scan.check((r) => consume(r.n, presentSource(r.source as Input, r, writer.needsResults)));
    } catch (e) {
      return failed(e);
    }
  }
  progress.clear();
  writer.finish(tally.skipped);
  io.err(tally.summary(inputs.length, configs, opts));
  return tally.exitCode(opts.failOn);
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
