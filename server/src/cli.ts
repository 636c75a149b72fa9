// `kubeward scan`: the same pipeline, engine, rules, project config and suppressions as the editor,
// for CI. The steps live in cli/; this is the entry (and the entry of its worker threads).
import { isMainThread, workerData } from 'node:worker_threads';
import { defaultIo, type CliIo } from './cli/io';
import { parseOptions, UsageError, USAGE } from './cli/options';
import { workerMain, type WorkerSetup } from './cli/pool';
import { EXIT, ScanRun } from './cli/scan-run';
import { rules } from './rules/index';
import { VERSION } from './version';

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], ioIn: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = { ...defaultIo(), ...ioIn };
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
  const run = await ScanRun.prepare(opts, io, __filename);
  if (typeof run === 'number') return run;
  if (!(await run.index())) return EXIT.error;
  if (!run.configsValid()) return EXIT.error;
  if (!(await run.check())) return EXIT.error;
  return run.finish();
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
