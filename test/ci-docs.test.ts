// docs/ci.md's examples, run: every fenced block names the test that runs it; the shell examples
// that need only the CLI run here, with `kubeward` on the PATH (the built dist/cli.js) in a folder
// with manifests/ holding an insecure Deployment.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBaseline } from '../server/src/cli/baseline';
import { USAGE } from '../server/src/cli/options';
import { ciExample, docExamples } from './support/doc-examples';
import { tempTree } from './support/files';

const ROOT = resolve(__dirname, '..');
const DEPLOYMENT = join(ROOT, 'examples', 'insecure', 'deployment.yaml');

/** A folder with manifests/ and a bin/ holding `kubeward` (and any `stubs`), as the examples assume. */
function workspace(stubs: Record<string, string> = {}): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = tempTree('kubeward-ci-docs-', {});
  mkdirSync(join(dir, 'manifests'));
  copyFileSync(DEPLOYMENT, join(dir, 'manifests', 'deployment.yaml'));
  mkdirSync(join(dir, 'bin'));
  const bins = { kubeward: `exec "${process.execPath}" "${join(ROOT, 'dist', 'cli.js')}" "$@"`, ...stubs };
  for (const [name, body] of Object.entries(bins)) {
    writeFileSync(join(dir, 'bin', name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, 'bin', name), 0o755);
  }
  return { dir, env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}` } };
}

/** Runs an example's shell code line by line as a person would paste it; each line's result. */
function runExample(id: string, ws: { dir: string; env: NodeJS.ProcessEnv }) {
  const e = ciExample(id);
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

describe('docs/ci.md', () => {
  it('names, for every fenced block, a test that runs it, and that test names the example', () => {
    const examples = docExamples('docs/ci.md');
    expect([...examples.keys()].sort()).toEqual(
      [
        'baseline',
        'baseline-file',
        'fix',
        'install',
        'navigator',
        'pre-commit',
        'rendered',
        'usage',
        'workflow',
      ].sort(),
    );
    for (const e of examples.values()) {
      const file = /^(test\/[\w/.-]+\.test\.ts)/.exec(e.runner)?.[1];
      expect(file, `${e.id}: ${e.runner}`).toBeDefined();
      expect(readFileSync(join(ROOT, file!), 'utf8'), `${file} runs "${e.id}"`).toContain(`('${e.id}'`);
    }
  });

  it('fix: the dry run writes a diff that git applies, then --fix applies the same fixes', () => {
    const ws = workspace();
    const before = readFileSync(join(ws.dir, 'manifests', 'deployment.yaml'), 'utf8');
    const [dry, fix] = runExample('fix', ws);
    expect(dry?.code).toBe(1);
    const diff = readFileSync(join(ws.dir, 'kubeward-fixes.diff'), 'utf8');
    expect(diff).toMatch(/^--- a\/manifests\/deployment\.yaml\n/);
    expect(fix?.err).toMatch(/kubeward: applied \d+ fix(es)? in 1 file/);
    const fixed = readFileSync(join(ws.dir, 'manifests', 'deployment.yaml'), 'utf8');
    expect(fixed).not.toBe(before);
    writeFileSync(join(ws.dir, 'manifests', 'deployment.yaml'), before);
    const git = spawnSync('git', ['apply', 'kubeward-fixes.diff'], { cwd: ws.dir, encoding: 'utf8' });
    expect(git.stderr).toBe('');
    expect(readFileSync(join(ws.dir, 'manifests', 'deployment.yaml'), 'utf8')).toBe(fixed);
  });

  it('baseline: the first command records, the second passes with everything baselined', () => {
    const ws = workspace();
    const [write, check] = runExample('baseline', ws);
    expect(write?.code).toBe(0);
    expect(
      parseBaseline(readFileSync(join(ws.dir, 'kubeward-baseline.json'), 'utf8')).length,
    ).toBeGreaterThan(5);
    expect(check?.code).toBe(0);
    expect(check?.out).toBe('');
    expect(check?.err).toMatch(/kubeward: 0 findings .*, \d+ baselined, in 1 file/);
  });

  it('baseline-file: the documented file is valid and is what --write-baseline writes for its finding', () => {
    const e = ciExample('baseline-file');
    const [entry] = parseBaseline(e.code);
    const ws = workspace();
    runExample('baseline', ws);
    const written = parseBaseline(readFileSync(join(ws.dir, 'kubeward-baseline.json'), 'utf8'));
    expect(written).toContainEqual(entry);
  });

  it('navigator: writes a layer for the findings, and exits 0 with --fail-on none', () => {
    const ws = workspace();
    const [nav] = runExample('navigator', ws);
    expect(nav?.code).toBe(0);
    const layer = JSON.parse(readFileSync(join(ws.dir, 'kubeward-layer.json'), 'utf8'));
    expect(layer).toMatchObject({ domain: 'enterprise-attack', versions: { layer: '4.5', attack: '18' } });
    expect(layer.techniques.length).toBeGreaterThan(0);
  });

  it('rendered: what helm and kustomize print is scanned from standard input', () => {
    // Stand-ins: helm and kustomize are not installed here; each prints a rendered manifest.
    const print = `cat "${DEPLOYMENT}"`;
    const ws = workspace({ helm: print, kustomize: print });
    const [helm, kustomize] = runExample('rendered', ws);
    expect(helm?.code).toBe(1);
    expect(helm?.out).toMatch(/^<stdin>:\d+:\d+ error privileged-container /m);
    expect(kustomize?.code).toBe(1);
    const sarif = JSON.parse(readFileSync(join(ws.dir, 'kubeward.sarif'), 'utf8'));
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    expect(existsSync(join(ws.dir, 'kubeward.sarif'))).toBe(true);
  });

  it('usage: lists exactly the options of kubeward scan --help', () => {
    const options = (text: string) => [...new Set(text.match(/--[a-z][a-z-]+/g))].sort();
    expect(options(ciExample('usage').code)).toEqual(
      options(USAGE).filter((o) => o !== '--help' && o !== '--version'),
    );
  });
});
