// .pre-commit-hooks.yaml with Debian's pre-commit: `pre-commit try-repo` on a staged insecure
// manifest fails and prints the finding; with docs/ci.md's .pre-commit-config.yaml installed as a git
// hook, the commit is refused, a hardened manifest commits, and the manual kubeward-fix hook applies
// the safe fixes. pre-commit builds the hook from a clone of this repository at HEAD (so what is
// tested is what is committed), with npm, on first use: minutes. CI must have pre-commit (.ci/run
// installs it) and fails without it; elsewhere the test is skipped with a message.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciExample } from '../support/doc-examples';
import { PRIVILEGED_POD } from '../support/manifests';

const ROOT = resolve(__dirname, '../..');
const available = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
if (!available && !inCi)
  console.warn(
    'test/install/pre-commit.test.ts skipped: pre-commit is not installed (apt-get install -y pre-commit); in CI this fails',
  );

describe.skipIf(!available && !inCi)('pre-commit hooks', () => {
  let dir: string;
  let clone: string;
  let sha: string;
  let project: string;
  let env: NodeJS.ProcessEnv;

  const run = (cmd: string, args: string[], cwd = project): SpawnSyncReturns<string> =>
    spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 480_000, maxBuffer: 64 * 1024 * 1024 });
  const git = (...args: string[]) => run('git', args);
  const output = (r: SpawnSyncReturns<string>): string => `${r.stdout}${r.stderr}`;

  beforeAll(() => {
    expect(available, 'pre-commit is installed (.ci/run installs it with apt-get)').toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'kubeward-pre-commit-'));
    env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|PRE_COMMIT|GIT_)/i.test(k))),
      PRE_COMMIT_HOME: join(dir, 'cache'),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    };
    sha = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
    clone = join(dir, 'kubeward');
    expect(run('git', ['clone', '--quiet', ROOT, clone], dir).status).toBe(0);
    expect(run('git', ['checkout', '--quiet', sha], clone).status).toBe(0);
    project = join(dir, 'project');
    mkdirSync(join(project, 'deploy'), { recursive: true });
    expect(git('init', '--quiet').status).toBe(0);
    writeFileSync(join(project, 'deploy', 'pod.yaml'), PRIVILEGED_POD);
    expect(git('add', 'deploy/pod.yaml').status).toBe(0);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('try-repo: the kubeward hook fails on the staged manifest and prints the finding', () => {
    const r = run('pre-commit', ['try-repo', clone, 'kubeward', '--ref', sha, '--color', 'never']);
    expect(r.status, output(r)).toBe(1);
    expect(r.stdout).toMatch(/^kubeward\.+Failed$/m);
    expect(r.stdout).toMatch(
      /^deploy\/pod\.yaml:9:9 error privileged-container Container "app" runs privileged/m,
    );
  });

  it("docs/ci.md's config as a git hook: the commit is refused, then a hardened manifest commits", () => {
    const config = parse(ciExample('pre-commit').code) as { repos: { repo: string; rev: string }[] };
    expect(config.repos[0]?.repo).toBe('https://github.com/kubeward/kubeward');
    config.repos[0]!.repo = clone;
    config.repos[0]!.rev = sha;
    writeFileSync(join(project, '.pre-commit-config.yaml'), stringify(config));
    expect(git('add', '.pre-commit-config.yaml').status).toBe(0);
    expect(run('pre-commit', ['install']).status).toBe(0);
    const refused = git('commit', '--quiet', '-m', 'add a privileged pod');
    expect(refused.status, output(refused)).not.toBe(0);
    expect(output(refused)).toMatch(/^kubeward\.+Failed$/m);
    expect(output(refused)).toMatch(/^deploy\/pod\.yaml:9:9 error privileged-container /m);
    expect(git('rev-parse', '--verify', '--quiet', 'HEAD').status).not.toBe(0);
    const hardened = readFileSync(join(ROOT, 'examples', 'hardened', 'deployment.yaml'), 'utf8');
    writeFileSync(join(project, 'deploy', 'pod.yaml'), hardened);
    expect(git('add', 'deploy/pod.yaml').status).toBe(0);
    const ok = git('commit', '--quiet', '-m', 'add a hardened deployment');
    expect(ok.status, output(ok)).toBe(0);
    expect(output(ok)).toMatch(/^kubeward\.+Passed$/m);
  });

  it('kubeward-fix (manual stage) applies the safe fixes, and pre-commit reports the changed file', () => {
    writeFileSync(join(project, 'deploy', 'pod.yaml'), PRIVILEGED_POD);
    expect(git('add', 'deploy/pod.yaml').status).toBe(0);
    const r = run('pre-commit', ['run', '--hook-stage', 'manual', 'kubeward-fix', '--color', 'never']);
    expect(r.status, output(r)).toBe(1);
    expect(r.stdout).toContain('files were modified by this hook');
    expect(r.stdout).toMatch(/kubeward: applied \d+ fix(es)? in 1 file/);
    const fixed = readFileSync(join(project, 'deploy', 'pod.yaml'), 'utf8');
    expect(fixed).toContain('seccompProfile:\n      type: RuntimeDefault');
    // Unsafe fixes are not the hook's to apply.
    expect(fixed).toContain('privileged: true');
  });
});
