// Worker threads for large scans: the main thread indexes every file, the workers check them in
// parallel through the same pipeline, and their rows come back in input order.
import { availableParallelism, loadavg } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import { Engine } from '../engine/run';
import { WorkspaceIndex, type IndexSnapshot } from '../engine/workspace-index';
import { Scan } from '../pipeline/scan';
import { Project } from '../project';
import type { Settings } from '../protocol';
import { rules } from '../rules/index';
import { readDecoded } from './io';
import type { Input } from './inputs';
import { presentSource, type SourceOutput } from './present';

/** Scans with fewer files run in one thread: a worker costs ~0.1 s to start. */
export const WORKER_MIN_FILES = 200;
/** Chunk parses and results the CLI keeps (LRU): bounds memory whatever the number of files. */
export const CLI_CACHE_ENTRIES = 500;
/** Files per message to a worker. */
const WORKER_BATCH = 16;

/** What a worker needs to check files as the main thread would. */
export interface WorkerSetup {
  cwd: string;
  roots: string[];
  explicitConfig: string | undefined;
  settings: Partial<Settings>;
  inputs: Input[];
}

type ToWorker = { index: IndexSnapshot } | { batch: number[] };
interface FromWorker {
  results: { n: number; out?: SourceOutput; error?: string }[];
}

export interface Pool {
  /** Checks every input; `consume` gets each file's output in input order. Resolves to an error message, if any. */
  run(index: IndexSnapshot, consume: (n: number, out: SourceOutput) => void): Promise<string | undefined>;
  stop(): Promise<void>;
}

/**
 * Worker threads, when running from the bundle (dist/cli.js) on a machine with two or more cores
 * (`KUBEWARD_WORKERS=0` turns them off). Undefined otherwise: the caller checks in this thread.
 */
export function startPool(setup: WorkerSetup, script: string): Pool | undefined {
  // Measured on a 2-core machine: workers pay only when a core is actually free (with the machine
  // busy, two workers were ~15 % slower than one thread), so the default follows the load average.
  const env = process.env.KUBEWARD_WORKERS;
  const cores = availableParallelism();
  const idle = cores - (loadavg()[0] ?? 0);
  const count = Math.min(env !== undefined && env !== '' ? Number(env) : idle >= 1.5 ? cores : 0, 4);
  if (!(count >= 2) || !script.endsWith('.js')) return undefined;
  const workers: Worker[] = [];
  for (let i = 0; i < count; i++) workers.push(new Worker(script, { workerData: setup }));
  const stop = async (): Promise<void> => {
    await Promise.all(workers.map((w) => w.terminate()));
  };
  return {
    stop,
    run: (index, consume) =>
      new Promise((resolveRun) => {
        const total = setup.inputs.length;
        const ready = new Map<number, SourceOutput>();
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
              else if (r.out) ready.set(r.n, r.out);
            }
            if (failed !== undefined) return finish(failed);
            for (let out = ready.get(flushed); out; out = ready.get(flushed)) {
              ready.delete(flushed);
              consume(flushed, out);
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
export function workerMain(setup: WorkerSetup): void {
  const port = parentPort;
  if (!port) return;
  const project = new Project(setup.roots, new Set(rules.map((r) => r.id)));
  project.explicitSettings = true;
  if (setup.explicitConfig) {
    project.load(setup.explicitConfig);
    project.explicitConfig = setup.explicitConfig;
  }
  const engine = new Engine(rules, { cache: true, maxCacheEntries: CLI_CACHE_ENTRIES });
  const ctx = { engine, index: new WorkspaceIndex({ memo: false }), project };
  const scan = (): Scan =>
    new Scan(ctx, setup.inputs, { read: (s) => readDecoded(s.path), settingsOf: () => setup.settings });
  let current = scan();
  port.on('message', (m: ToWorker) => {
    if ('index' in m) {
      ctx.index = WorkspaceIndex.fromSnapshot(m.index);
      current = scan();
      return;
    }
    const results: FromWorker['results'] = [];
    for (const n of m.batch) {
      const input = setup.inputs[n] as Input;
      try {
        const [out] = presentSource(input, current.checkSource(input, n), false, setup.cwd);
        if (out) results.push({ n, out });
      } catch (e) {
        results.push({ n, error: `cannot read ${input.display}: ${(e as Error).message}` });
        break;
      }
    }
    port.postMessage({ results } satisfies FromWorker);
  });
}
