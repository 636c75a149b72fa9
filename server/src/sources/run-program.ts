// The one place Kubeward starts a program: the user's own helm, kustomize or kubectl (found by
// programs.ts from a machine-scoped setting, a CLI flag or PATH), without a shell, in its own process
// group, with a time limit, an output limit and cancellation. Never rejects.
import { spawn } from 'node:child_process';

/** How to run one program. */
export interface RunOptions {
  /** Absolute path of the program (the user's own, found by the caller). */
  program: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The process (and everything it started) is killed after this long. */
  timeoutMs: number;
  /** The process is killed when its standard output grows past this. */
  maxOutputBytes: number;
  /** Aborting kills the process (a newer edit cancels an older run). */
  signal?: AbortSignal;
}

/** What a run gave: its output, or why it stopped. `stderr` is whole up to a limit (callers shorten it). */
export type RunResult =
  | { ok: true; code: number; stdout: string; stderr: string; ms: number }
  | {
      ok: false;
      reason: 'exit' | 'timeout' | 'too-large' | 'aborted' | 'spawn';
      /** The exit code for `exit`. */
      code: number | null;
      /** For `spawn`: why it could not start. */
      message: string;
      stderr: string;
      ms: number;
    };

/** Standard error is kept up to this many characters (callers cut it shorter for messages). */
export const STDERR_KEEP = 16_384;

export function runProgram(o: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    if (o.signal?.aborted) {
      resolve({ ok: false, reason: 'aborted', code: null, message: 'cancelled', stderr: '', ms: 0 });
      return;
    }
    const group = process.platform !== 'win32';
    let child;
    try {
      child = spawn(o.program, [...o.args], {
        ...(o.cwd ? { cwd: o.cwd } : {}),
        env: o.env ?? process.env,
        // Its own process group, so a kill also ends anything it started (git, a plugin).
        detached: group,
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
      });
    } catch (e) {
      resolve({ ok: false, reason: 'spawn', code: null, message: String(e), stderr: '', ms: ms() });
      return;
    }
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let stopped: 'timeout' | 'too-large' | 'aborted' | undefined;
    const stop = (why: 'timeout' | 'too-large' | 'aborted'): void => {
      if (stopped) return;
      stopped = why;
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => stop('timeout'), o.timeoutMs);
    const onAbort = (): void => stop('aborted');
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > o.maxOutputBytes) stop('too-large');
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < STDERR_KEEP) err += b.toString('utf8');
    });
    let finished = false;
    const finish = (code: number | null, spawnError?: Error): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      const stderr = err.slice(0, STDERR_KEEP);
      if (spawnError)
        resolve({ ok: false, reason: 'spawn', code: null, message: spawnError.message, stderr, ms: ms() });
      else if (stopped) resolve({ ok: false, reason: stopped, code, message: stopped, stderr, ms: ms() });
      else if (code !== 0) resolve({ ok: false, reason: 'exit', code, message: '', stderr, ms: ms() });
      else resolve({ ok: true, code, stdout: Buffer.concat(out).toString('utf8'), stderr, ms: ms() });
    };
    child.on('error', (e) => finish(null, e));
    child.on('close', (code) => finish(code));
    // Once killed, the result is known: do not wait for pipes a grandchild may still hold.
    child.on('exit', (code) => {
      if (stopped) finish(code);
    });
  });
}
