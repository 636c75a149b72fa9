import { runProgram } from '../run-program';
import { twinSource } from './instrument';

/** How to run the user's helm for one render. */
export interface RenderOptions {
  /** Absolute path of the helm binary (the user's own, found by the caller). */
  helm: string;
  chartDir: string;
  /** Release name (default `release`). */
  release?: string;
  namespace?: string;
  /** `-f` files, in precedence order (absolute paths, or relative to `cwd`). */
  valuesFiles?: readonly string[];
  /** `--set` expressions, in order. */
  set?: readonly string[];
  /** `--set-string` expressions, in order (after `set`). */
  setString?: readonly string[];
  /** `--kube-version`, e.g. `1.31` (also what `.Capabilities.KubeVersion` reports). */
  kubeVersion?: string;
  /** The process is killed after this long (default 30 s). */
  timeoutMs?: number;
  /** The process is killed when its standard output grows past this (default 64 MiB). */
  maxOutputBytes?: number;
  /** Aborting kills the process (a newer edit cancels an older render). */
  signal?: AbortSignal;
  /** Working folder of helm, against which relative `valuesFiles` resolve (default: this process's). */
  cwd?: string;
  /** Environment for helm (default: this process's, with plugins turned off). */
  env?: NodeJS.ProcessEnv;
}

/** One error helm reported, placed in the chart where it says. */
export interface HelmError {
  /** Chart-relative file (`templates/x.yaml`, `charts/db/templates/y.yaml`, `Chart.yaml`), when named. */
  file?: string;
  /** 1-based, when helm gives one. */
  line?: number;
  /** 1-based, when helm gives one. */
  column?: number;
  message: string;
  /** Helm named the traced twin of `file`: the twin, not the template, failed. */
  twin?: boolean;
}

/** helm's output, or why there is none (helm's errors placed in the chart when it says where). */
export type RenderResult =
  | { ok: true; stdout: string; stderr: string; ms: number }
  | {
      ok: false;
      reason: 'error' | 'timeout' | 'too-large' | 'aborted' | 'spawn';
      message: string;
      errors: HelmError[];
      /** Standard error, cut to a few kilobytes. */
      stderr: string;
      ms: number;
    };

const STDERR_LIMIT = 4096;

/** The command line for a render: `template <release> <dir>` and nothing that reaches the network. */
export function helmArgs(o: Omit<RenderOptions, 'helm'>): string[] {
  const args = ['template', o.release ?? 'release', o.chartDir];
  if (o.namespace) args.push('--namespace', o.namespace);
  if (o.kubeVersion) args.push('--kube-version', o.kubeVersion);
  for (const f of o.valuesFiles ?? []) args.push('--values', f);
  for (const s of o.set ?? []) args.push('--set', s);
  for (const s of o.setString ?? []) args.push('--set-string', s);
  return args;
}

/**
 * Runs `helm template` without a shell and with a time limit, an output limit and cancellation.
 * Never rejects: failures come back as `{ ok: false }` with helm's errors parsed.
 */
export async function renderChart(o: RenderOptions): Promise<RenderResult> {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const maxOut = o.maxOutputBytes ?? 64 * 1024 * 1024;
  const r = await runProgram({
    program: o.helm,
    args: helmArgs(o),
    ...(o.cwd ? { cwd: o.cwd } : {}),
    env: { ...(o.env ?? process.env), HELM_NO_PLUGINS: '1' },
    timeoutMs,
    maxOutputBytes: maxOut,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const stderr = shorten(r.stderr);
  if (r.ok) return { ok: true, stdout: r.stdout, stderr, ms: r.ms };
  const fail = (reason: Exclude<RenderResult, { ok: true }>['reason'], message: string): RenderResult => ({
    ok: false,
    reason,
    message,
    errors: [],
    stderr,
    ms: r.ms,
  });
  switch (r.reason) {
    case 'spawn':
      return fail('spawn', r.message);
    case 'timeout':
      return fail('timeout', `helm template did not finish within ${timeoutMs} ms.`);
    case 'too-large':
      return fail('too-large', `helm template wrote more than ${maxOut} bytes.`);
    case 'aborted':
      return fail('aborted', 'Render cancelled.');
    case 'exit': {
      const errors = parseHelmErrors(r.stderr);
      return {
        ok: false,
        reason: 'error',
        message: errors[0]?.message ?? (stderr.trim() || `helm exited with code ${String(r.code)}`),
        errors,
        stderr,
        ms: r.ms,
      };
    }
  }
}

function shorten(s: string): string {
  const t = s.replace(/\n*Use --debug flag to render out invalid YAML\s*$/, '').trim();
  return t.length > STDERR_LIMIT ? `${t.slice(0, STDERR_LIMIT)}…` : t;
}

/** `chart/templates/x.yaml` → `templates/x.yaml`, and a twin path to its template. */
function chartRelative(path: string): { file: string; twin: boolean } {
  const rel = path.split('/').slice(1).join('/');
  const src = twinSource(rel);
  return src ? { file: src, twin: true } : { file: rel, twin: false };
}

const PATTERNS: { re: RegExp; build: (m: RegExpExecArray) => HelmError }[] = [
  {
    // Error: template: webapp/templates/deployment.yaml:12:3: executing "…" at <…>: message
    re: /template: ([^\s:]+):(\d+):(\d+): (executing "[^"]*" at <[^>]*>: )?(.*)/,
    build: (m) => ({
      ...chartRelative(m[1] ?? ''),
      line: Number(m[2]),
      column: Number(m[3]),
      message: (m[5] ?? '').trim(),
    }),
  },
  {
    // Error: parse error at (webapp/templates/x.yaml:7): unexpected "}" in operand
    re: /parse error at \(([^:()]+):(\d+)\): (.*)/,
    build: (m) => ({ ...chartRelative(m[1] ?? ''), line: Number(m[2]), message: m[3] ?? '' }),
  },
  {
    // Error: execution error at (webapp/templates/x.yaml:7:5): message (required, fail)
    re: /execution error at \(([^:()]+):(\d+):(\d+)\): (.*)/,
    build: (m) => ({
      ...chartRelative(m[1] ?? ''),
      line: Number(m[2]),
      column: Number(m[3]),
      message: m[4] ?? '',
    }),
  },
  {
    // Error: YAML parse error on webapp/templates/x.yaml: error converting YAML to JSON: yaml: line 5: …
    re: /YAML parse error on ([^\s:]+): (.*)/,
    build: (m) => ({ ...chartRelative(m[1] ?? ''), message: m[2] ?? '' }),
  },
  {
    // found in Chart.yaml, but missing in charts/ directory: redis
    re: /(found in Chart\.yaml, but missing in charts\/ directory: .*)/,
    build: (m) => ({ file: 'Chart.yaml', twin: false, message: m[1] ?? '' }),
  },
];

/** Helm's errors from its standard error, each placed in the chart when helm says where. */
export function parseHelmErrors(stderr: string): HelmError[] {
  const out: HelmError[] = [];
  for (const raw of stderr.split(/\r?\n/)) {
    const line = raw.replace(/^Error: /, '').trim();
    if (!line || line.startsWith('Use --debug flag') || line.startsWith('WARNING:')) continue;
    let matched = false;
    for (const p of PATTERNS) {
      const m = p.re.exec(line);
      if (!m) continue;
      const e = p.build(m);
      if (!e.twin) delete e.twin;
      out.push(e);
      matched = true;
      break;
    }
    if (!matched && raw.startsWith('Error: ')) out.push({ message: line });
  }
  return out;
}
