// action.yml, the composite GitHub Action. There is no GitHub runner here: runAction() does what the
// runner does for a composite action (substitutes `${{ inputs.* }}`, `${{ github.* }}` and
// `${{ steps.*.outputs.* }}`, sets GITHUB_ACTION_PATH, GITHUB_WORKSPACE, GITHUB_OUTPUT, INPUT_* and the
// rest, runs each `run:` step with `bash --noprofile --norc -eo pipefail`, stops at the first failing
// step) and the tests check what the action leaves behind. The first test runs it from a fresh copy of
// this repository (no dist/, no node_modules), as `uses: kubeward/kubeward@…` would.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBaseline } from '../../server/src/cli/baseline';
import { ciExample } from '../support/doc-examples';
import { PRIVILEGED_POD } from '../support/manifests';

const ROOT = resolve(__dirname, '../..');
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)),
);

interface Step {
  name?: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface ActionFile {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionFile;

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
function temp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

interface ActionRun {
  /** The exit code of the step that failed, or 0. */
  code: number;
  failedStep: string | undefined;
  outputs: Record<string, string>;
  log: string;
}

/** `key=value` lines and `key<<DELIM` blocks, as the runner reads GITHUB_OUTPUT. */
function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(file)) return out;
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc?.[1] && heredoc[2]) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

/** Runs action.yml from `actionPath` in `workspace` with `inputs`, as the runner would. */
function runAction(actionPath: string, workspace: string, inputs: Record<string, string>): ActionRun {
  for (const k of Object.keys(inputs)) expect(Object.keys(action.inputs), `input ${k}`).toContain(k);
  const value = (k: string): string => inputs[k] ?? action.inputs[k]?.default ?? '';
  const runnerTemp = temp('kubeward-runner-');
  const steps: Record<string, Record<string, string>> = {};
  const expand = (text: string): string => {
    const done = text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
      let m = /^inputs\.([\w-]+)$/.exec(expr);
      if (m?.[1]) return value(m[1]);
      if (expr === 'github.action_path') return actionPath;
      if (expr === 'github.workspace') return workspace;
      m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
      if (m?.[1] && m[2]) return steps[m[1]]?.[m[2]] ?? '';
      throw new Error(`runAction does not know \${{ ${expr} }}`);
    });
    return done;
  };
  const inputEnv = Object.fromEntries(
    Object.keys(action.inputs).map((k) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, value(k)]),
  );
  let log = '';
  for (const [n, step] of action.runs.steps.entries()) {
    if (step.uses !== undefined || step.run === undefined)
      throw new Error(`step ${n}: runAction runs only run: steps`);
    if (step.if !== undefined) throw new Error(`step ${n}: runAction does not evaluate if:`);
    expect(step.shell, `step ${n} names its shell (composite actions must)`).toBe('bash');
    const outputFile = join(runnerTemp, `output-${n}`);
    writeFileSync(outputFile, '');
    const script = join(runnerTemp, `step-${n}.sh`);
    writeFileSync(script, expand(step.run));
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)]));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: step['working-directory'] ? expand(step['working-directory']) : workspace,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000,
      env: {
        ...env,
        ...inputEnv,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_ACTION_PATH: actionPath,
        GITHUB_ACTION_REPOSITORY: 'kubeward/kubeward',
        GITHUB_OUTPUT: outputFile,
        GITHUB_ENV: join(runnerTemp, 'env'),
        GITHUB_PATH: join(runnerTemp, 'path'),
        GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary'),
        RUNNER_TEMP: runnerTemp,
        RUNNER_OS: 'Linux',
        ...stepEnv,
      },
    });
    log += `## ${step.name ?? n}\n${r.stdout}${r.stderr}`;
    if (step.id) steps[step.id] = readOutputs(outputFile);
    if (r.status !== 0) return { code: r.status ?? -1, failedStep: step.name, outputs: {}, log };
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, expand(o.value)]));
  return { code: 0, failedStep: undefined, outputs, log };
}

/** A workspace (the user's checkout) holding these files. */
function workspace(files: Record<string, string>): string {
  const dir = temp('kubeward-workspace-');
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

const HARDENED = readFileSync(join(ROOT, 'examples', 'hardened', 'deployment.yaml'), 'utf8');
const INSECURE = readFileSync(join(ROOT, 'examples', 'insecure', 'deployment.yaml'), 'utf8');

interface Sarif {
  version: string;
  runs: {
    results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
  }[];
}
const sarifAt = (file: string): Sarif => JSON.parse(readFileSync(file, 'utf8')) as Sarif;

describe('action.yml', () => {
  it('is a composite action with the documented inputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs).sort()).toEqual([
      'baseline',
      'fail-on',
      'paths',
      'profile',
      'sarif-file',
    ]);
    for (const [k, i] of Object.entries(action.inputs)) expect(i.description, k).toBeTruthy();
    // Inputs reach the scripts only through env: a value cannot become shell code.
    for (const s of action.runs.steps) expect(s.run ?? '').not.toContain('${{');
  });

  it("runs docs/ci.md's workflow step from a fresh copy of this repository: builds, scans, writes SARIF", () => {
    const workflow = parse(ciExample('workflow').code) as {
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
    };
    const jobSteps = Object.values(workflow.jobs)[0]?.steps ?? [];
    const use = jobSteps.find((s) => s.uses?.startsWith('kubeward/kubeward@'));
    const upload = jobSteps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(use?.with).toBeDefined();
    const inputs = use!.with!;
    // The action as `uses:` fetches it: the repository's tracked files, nothing built.
    const actionPath = temp('kubeward-action-');
    const tracked = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0');
    for (const f of tracked.filter((t) => t !== '' && existsSync(join(ROOT, t)))) {
      mkdirSync(dirname(join(actionPath, f)), { recursive: true });
      copyFileSync(join(ROOT, f), join(actionPath, f));
    }
    expect(existsSync(join(actionPath, 'dist'))).toBe(false);
    // The project: a manifest recorded in the baseline, and a new one with a privileged container.
    const ws = workspace({ 'manifests/web.yaml': INSECURE });
    const record = spawnSync(
      process.execPath,
      [
        join(ROOT, 'dist', 'cli.js'),
        'scan',
        '--write-baseline',
        inputs.baseline!,
        '--profile',
        inputs.profile!,
        inputs.paths!,
      ],
      { cwd: ws, encoding: 'utf8' },
    );
    expect(record.status, record.stderr).toBe(0);
    expect(parseBaseline(readFileSync(join(ws, inputs.baseline!), 'utf8')).length).toBeGreaterThan(0);
    writeFileSync(join(ws, 'manifests', 'new.yaml'), PRIVILEGED_POD);
    const r = runAction(actionPath, ws, inputs);
    expect(existsSync(join(actionPath, 'dist', 'cli.js')), r.log).toBe(true);
    // fail-on: error, and the new manifest has an error: the scan step fails, the SARIF is written.
    expect(r.code, r.log).toBe(1);
    expect(r.failedStep).toBe('Kubeward scan');
    expect(r.log).toContain(', 0 suppressed, ');
    expect(r.log).toMatch(/\d+ baselined/);
    expect(upload?.with?.sarif_file).toBe(inputs['sarif-file']);
    const sarif = sarifAt(join(ws, inputs['sarif-file']!));
    expect(sarif.version).toBe('2.1.0');
    const files = new Set(
      sarif.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri),
    );
    expect([...files]).toEqual(['manifests/new.yaml']);
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toContain('privileged-container');
  });

  it('with its defaults: scans the workspace, writes kubeward.sarif, succeeds when nothing is found', () => {
    const ws = workspace({ 'k8s/web.yaml': HARDENED });
    const r = runAction(ROOT, ws, {});
    expect(r.code, r.log).toBe(0);
    expect(r.outputs['sarif-file']).toBe('kubeward.sarif');
    expect(sarifAt(join(ws, 'kubeward.sarif')).runs[0]!.results).toEqual([]);
  });

  it('fails on findings at or above fail-on (warning by default), and never with none', () => {
    const ws = workspace({ 'k8s/web.yaml': INSECURE });
    expect(runAction(ROOT, ws, {}).code).toBe(1);
    const ok = runAction(ROOT, ws, { 'fail-on': 'none', 'sarif-file': 'out/scan.sarif' });
    expect(ok.code, ok.log).toBe(0);
    expect(ok.outputs['sarif-file']).toBe('out/scan.sarif');
    expect(sarifAt(join(ws, 'out', 'scan.sarif')).runs[0]!.results.length).toBeGreaterThan(0);
  });

  it('takes several paths and quoted globs, and a profile', () => {
    const ws = workspace({
      'a/web.yaml': INSECURE,
      'b/x/pod.yaml': PRIVILEGED_POD,
      'c/skipped.yaml': INSECURE,
    });
    const r = runAction(ROOT, ws, {
      paths: 'a/web.yaml\nb/**/*.yaml',
      profile: 'baseline',
      'fail-on': 'none',
    });
    expect(r.code, r.log).toBe(0);
    const results = sarifAt(join(ws, 'kubeward.sarif')).runs[0]!.results;
    const uris = new Set(results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris].sort()).toEqual(['a/web.yaml', 'b/x/pod.yaml']);
    expect(r.log).toContain('profile baseline');
  });

  it('passes input values as data, never as shell code', () => {
    const ws = workspace({ 'web.yaml': HARDENED });
    const r = runAction(ROOT, ws, { paths: '$(touch pwned) `touch pwned2`', profile: '' });
    expect(existsSync(join(ws, 'pwned'))).toBe(false);
    expect(existsSync(join(ws, 'pwned2'))).toBe(false);
    expect(r.code).toBe(2);
    expect(r.log).toContain('kubeward: ENOENT');
  });
});
