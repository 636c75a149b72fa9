// The npm package: `npm pack` gives a tarball with the two bins, the bundles, the rule docs, README and
// licence, and nothing else; installed globally from that tarball alone (no registry: the bundles need
// no runtime dependency), `kubeward scan` and `kubeward-language-server --stdio` work.
import { execFile, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciExample } from '../support/doc-examples';
import { PRIVILEGED_POD } from '../support/manifests';
import { LspClient } from '../support/lsp-client';

const ROOT = resolve(__dirname, '../..');
const exec = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** npm's own environment variables (set when this runs under `npm test`) would steer the commands. */
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)),
);

const SHIPPED: RegExp[] = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^dist\/(cli|server|server-main|client)\.js$/,
  /^docs\/rules\/([a-z0-9-]+|README)\.md$/,
  /^docs\/images\/[a-z0-9-]+\.png$/,
  /^syntaxes\/[a-z0-9.-]+\.json$/,
  /^schemas\/[a-z0-9.-]+\.json$/,
];

/** What a bundle `require`s, other than Node's built-ins. */
function foreignRequires(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const m of text.matchAll(/require\(["']([^"']+)["']\)/g)) {
    const id = (m[1] ?? '').replace(/^node:/, '');
    if (!builtinModules.includes(id) && !builtinModules.includes(id.split('/')[0] ?? '')) found.add(id);
  }
  return [...found].sort();
}

describe('the npm package', () => {
  let dir: string;
  let tarball: string;
  let files: string[];
  let prefix: string;

  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'dist/cli.js')), 'dist/ is built (npm run build)').toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'kubeward-npm-'));
    // --ignore-scripts: the prepack build already ran (npm test builds first); rebuilding dist/ here
    // would race the other test files that run it.
    const { stdout } = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
      cwd: ROOT,
      env,
    });
    const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(dir, info!.filename);
    files = info!.files.map((f) => f.path).sort();
    prefix = join(dir, 'prefix');
    // From the tarball alone: --offline with an empty cache fails on any registry request.
    await exec(
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        '--offline',
        '--cache',
        join(dir, 'cache'),
        '--no-audit',
        '--no-fund',
        tarball,
      ],
      { cwd: dir, env, timeout: 120_000 },
    );
  }, 180_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('ships the bins, bundles, rule docs, README and licence, and no sources, tests or maps', () => {
    expect(files.filter((f) => !SHIPPED.some((r) => r.test(f)))).toEqual([]);
    for (const f of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/cli.js',
      'dist/server.js',
      'dist/server-main.js',
    ])
      expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith('docs/rules/')).length).toBeGreaterThan(50);
    console.log(`${pkg.name}-${pkg.version}.tgz: ${files.length} files`);
  });

  it('is publishable and names its two bins', () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.bin).toEqual({ kubeward: './dist/cli.js', 'kubeward-language-server': './dist/server.js' });
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it('has bundles with no runtime dependency (only Node built-ins, and vscode for the extension)', () => {
    for (const b of ['cli.js', 'server.js', 'server-main.js'])
      expect(foreignRequires(join(ROOT, 'dist', b)), b).toEqual([]);
    expect(foreignRequires(join(ROOT, 'dist', 'client.js'))).toEqual(['vscode']);
  });

  it('installs from the tarball alone, without devDependencies', () => {
    const installed = join(prefix, 'lib', 'node_modules', 'kubeward');
    expect(existsSync(join(installed, 'dist', 'cli.js'))).toBe(true);
    expect(existsSync(join(installed, 'node_modules'))).toBe(false);
    expect(existsSync(join(prefix, 'bin', 'kubeward'))).toBe(true);
    expect(existsSync(join(prefix, 'bin', 'kubeward-language-server'))).toBe(true);
  });

  it('`kubeward scan` works from the installed bin', async () => {
    writeFileSync(join(dir, 'pod.yaml'), PRIVILEGED_POD);
    const version = await exec(join(prefix, 'bin', 'kubeward'), ['--version'], { cwd: dir, env });
    expect(version.stdout.trim()).toBe(pkg.version);
    const scan = await exec(join(prefix, 'bin', 'kubeward'), ['scan', 'pod.yaml'], { cwd: dir, env }).then(
      () => ({ code: 0, stdout: '' }),
      (e: unknown) => e as { code: number; stdout: string },
    );
    expect(scan.code).toBe(1);
    expect(scan.stdout).toMatch(/^pod\.yaml:9:9 error privileged-container /m);
  });

  it('`kubeward-language-server --stdio` answers initialize and publishes diagnostics', async () => {
    const client = new LspClient({ server: join(prefix, 'bin', 'kubeward-language-server') });
    try {
      const init = (await client.initialize()) as {
        capabilities: Record<string, unknown>;
        serverInfo?: { name: string };
      };
      expect(init.capabilities.codeActionProvider).toBeTruthy();
      expect(init.capabilities.hoverProvider).toBe(true);
      const uri = pathToFileURL(join(dir, 'open.yaml')).href;
      client.open(uri, PRIVILEGED_POD);
      const published = await client.waitForDiagnostics(uri, 1, 10_000);
      expect(published.diagnostics.map((d) => d.code)).toContain('privileged-container');
    } finally {
      await client.shutdown();
    }
  });
});

describe("docs/ci.md's install example, from a copy of this checkout", () => {
  it('npm ci && npm pack builds the tarball; npm install -g installs it; kubeward scans a project', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeward-install-doc-'));
    try {
      // The checkout as git has it (tracked files of the working tree): no node_modules, no dist/.
      const checkout = join(dir, 'kubeward');
      const tracked = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).stdout.split(
        '\0',
      );
      for (const f of tracked.filter((t) => t !== '' && existsSync(join(ROOT, t)))) {
        mkdirSync(dirname(join(checkout, f)), { recursive: true });
        copyFileSync(join(ROOT, f), join(checkout, f));
      }
      const project = join(dir, 'project');
      mkdirSync(join(project, 'manifests'), { recursive: true });
      writeFileSync(join(project, 'manifests', 'pod.yaml'), PRIVILEGED_POD);
      const prefix = join(dir, 'prefix');
      const lines = ciExample('install')
        .code.split('\n')
        .filter((l) => l.trim() !== '');
      expect(lines).toHaveLength(3);
      const results = lines.map((line, i) =>
        spawnSync('bash', ['--noprofile', '--norc', '-o', 'pipefail', '-c', line], {
          // The first two lines run in the kubeward checkout, the last in the project.
          cwd: i < 2 ? checkout : project,
          encoding: 'utf8',
          // npm install -g goes to a temporary prefix, not this machine's global folder.
          env: { ...env, npm_config_prefix: prefix, PATH: `${join(prefix, 'bin')}:${env.PATH ?? ''}` },
          maxBuffer: 64 * 1024 * 1024,
          timeout: 300_000,
        }),
      );
      expect(results[0]?.status, results[0]?.stderr).toBe(0);
      expect(existsSync(join(checkout, `kubeward-${pkg.version}.tgz`))).toBe(true);
      expect(existsSync(join(checkout, 'dist', 'cli.js')), 'prepack built dist/').toBe(true);
      expect(results[1]?.status, results[1]?.stderr).toBe(0);
      expect(results[2]?.status).toBe(1);
      expect(results[2]?.stdout).toMatch(/^manifests\/pod\.yaml:9:9 error privileged-container /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
