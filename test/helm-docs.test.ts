// docs/helm.md's examples, run with the real helm: the CLI examples in a folder holding copies of the
// fixture charts under charts/ (webapp is the `helm create` scaffold), with `kubeward` (the built
// dist/cli.js) and `helm` on the PATH; the YAML examples used as the files they show.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { docExamples, type DocExample } from './support/doc-examples';
import { tempTree } from './support/files';
import { helmBinary } from './support/tools';

const ROOT = resolve(__dirname, '..');
const CHARTS = join(ROOT, 'test', 'fixtures', 'charts');

function example(id: string): DocExample {
  const e = docExamples('docs/helm.md').get(id);
  if (!e) throw new Error(`docs/helm.md has no example "${id}"`);
  return e;
}

/** charts/webapp and charts/sidecars, env/prod.yaml, and bin/ with kubeward and helm. */
function workspace(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = tempTree('kubeward-helm-docs-', {
    'env/prod.yaml': 'podSecurityContext:\n  runAsNonRoot: true\n',
  });
  for (const c of ['webapp', 'sidecars'])
    cpSync(join(CHARTS, c), join(dir, 'charts', c), { recursive: true });
  mkdirSync(join(dir, 'bin'));
  writeFileSync(
    join(dir, 'bin', 'kubeward'),
    `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'dist', 'cli.js')}" "$@"\n`,
  );
  chmodSync(join(dir, 'bin', 'kubeward'), 0o755);
  symlinkSync(helmBinary(), join(dir, 'bin', 'helm'));
  return { dir, env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}` } };
}

/** Runs a shell example line by line, as a person would paste it; each line's result. */
function run(id: string, ws: { dir: string; env: NodeJS.ProcessEnv }) {
  const e = example(id);
  expect(e.lang).toBe('sh');
  return e.code
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const r = spawnSync('bash', ['--noprofile', '--norc', '-o', 'pipefail', '-c', line], {
        cwd: ws.dir,
        env: ws.env,
        encoding: 'utf8',
      });
      return { line, code: r.status, out: r.stdout, err: r.stderr };
    });
}

describe('docs/helm.md', () => {
  it('names, for every fenced block, this test, and this test runs each', () => {
    const ids = [...docExamples('docs/helm.md').keys()].sort();
    expect(ids).toEqual(['config', 'fix', 'output', 'scan', 'suppress']);
    const self = readFileSync(__filename, 'utf8');
    for (const e of docExamples('docs/helm.md').values()) {
      expect(e.runner).toMatch(/^test\/helm-docs\.test\.ts/);
      expect(self, e.id).toContain(`('${e.id}'`);
    }
  });

  it("scan and output: each command runs as shown; the output's first lines are what the page shows", () => {
    const ws = workspace();
    const [plain, values, sarif, noRender, pipe] = run('scan', ws);
    expect(plain?.code).toBe(1);
    expect(plain?.err).toMatch(/in 1 chart, profile recommended\n$/);
    const lines = plain?.out.split('\n') ?? [];
    for (const l of example('output').code.trimEnd().split('\n')) expect(lines).toContain(l);
    // env/prod.yaml sets runAsNonRoot: the finding on values.yaml:41 goes.
    expect(values?.code).toBe(1);
    expect(plain?.out).toMatch(/^charts\/webapp\/values\.yaml:41:1 warning run-as-non-root /m);
    expect(values?.out).not.toMatch(/^charts\/webapp\/values\.yaml:41:1 warning run-as-non-root /m);
    expect(values?.out).toMatch(/^env\/prod\.yaml:1:1 warning seccomp-profile-missing /m);
    expect(sarif?.code).toBe(1);
    const log = JSON.parse(readFileSync(join(ws.dir, 'kubeward.sarif'), 'utf8'));
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(noRender?.out).toBe('');
    expect(noRender?.err).toMatch(
      /charts\/webapp\/templates\/deployment\.yaml: Helm chart template, skipped/,
    );
    expect(pipe?.code).toBe(1);
    expect(pipe?.out).toMatch(/^<stdin>:\d+:\d+ warning run-as-non-root /m);
  });

  it('fix: the dry run prints the diff of values.yaml and writes nothing; --fix writes it', () => {
    const ws = workspace();
    const values = join(ws.dir, 'charts', 'webapp', 'values.yaml');
    const before = readFileSync(values, 'utf8');
    const [dry, fix] = run('fix', ws);
    expect(dry?.out).toMatch(
      /^--- a\/charts\/webapp\/values\.yaml\n\+\+\+ b\/charts\/webapp\/values\.yaml\n/m,
    );
    expect(dry?.out).toContain('-podSecurityContext: {}\n+podSecurityContext:\n+  seccompProfile:\n');
    expect(fix?.err).toMatch(/kubeward: applied \d+ fix(es)? in \d+ files?\n/);
    const after = readFileSync(values, 'utf8');
    expect(after).not.toBe(before);
    expect(after).toContain(
      'podSecurityContext:\n  seccompProfile:\n    type: RuntimeDefault\n  # fsGroup: 2000\n',
    );
    expect(fix?.out).not.toMatch(/seccomp-profile-missing/);
  });

  it('suppress: the comment, above privileged: true in the sidecars chart, suppresses the finding with its reason', () => {
    const e = example('suppress');
    const shown = parse(e.code) as {
      extraContainers: { name: string; securityContext: { privileged: boolean } }[];
    };
    expect(shown.extraContainers[0]).toMatchObject({ name: 'logger', securityContext: { privileged: true } });
    const comment = e.code.split('\n').find((l) => l.includes('kubeward-disable-next-line')) ?? '';
    const ws = workspace();
    const values = join(ws.dir, 'charts', 'sidecars', 'values.yaml');
    const text = readFileSync(values, 'utf8');
    expect(text).toContain('    securityContext:\n      privileged: true\n');
    writeFileSync(values, text.replace('      privileged: true\n', `${comment}\n      privileged: true\n`));
    const r = spawnSync('kubeward', ['scan', '--format', 'json', 'charts/sidecars'], {
      cwd: ws.dir,
      env: ws.env,
      encoding: 'utf8',
    });
    const out = JSON.parse(r.stdout) as {
      findings: { ruleId: string }[];
      suppressed: { ruleId: string; file: string; line: number; reason?: string }[];
    };
    expect(out.findings.map((f) => f.ruleId)).not.toContain('privileged-container');
    const s = out.suppressed.find((f) => f.ruleId === 'privileged-container');
    expect(s).toMatchObject({ file: 'charts/sidecars/values.yaml', line: 11 });
    expect(JSON.stringify(s)).toContain("reads the node's journal");
  });

  it('config: as .kubeward.yaml, valid, and its values file, set, release name reach the render', () => {
    const ws = workspace();
    writeFileSync(join(ws.dir, '.kubeward.yaml'), example('config').code);
    const r = spawnSync('kubeward', ['scan', '--format', 'json', 'charts/webapp'], {
      cwd: ws.dir,
      env: ws.env,
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/ config /);
    const out = JSON.parse(r.stdout) as {
      findings: { ruleId: string; file: string; object: { name: string } }[];
    };
    // releaseName: web → the objects are web-webapp; env/prod.yaml sets runAsNonRoot.
    expect(out.findings.some((f) => f.object.name === 'web-webapp')).toBe(true);
    expect(out.findings.some((f) => f.object.name.startsWith('release-'))).toBe(false);
    expect(out.findings.filter((f) => f.ruleId === 'run-as-non-root').map((f) => f.file)).toEqual([
      'charts/webapp/templates/tests/test-connection.yaml',
    ]);
    // image.tag=1.27.0 from the set entry: the image of the Deployment is pinned.
    expect(out.findings.filter((f) => f.ruleId === 'image-tag-latest').map((f) => f.file)).toEqual([
      'charts/webapp/templates/tests/test-connection.yaml',
    ]);
  });
});
