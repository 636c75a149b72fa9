// The .vsix as shipped: only the bundles, the manifest files and the docs the extension shows;
// and package.json as the marketplace expects it. Builds the package itself (vsce runs
// `vscode:prepublish`, i.e. the production build) into a temp folder.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../server/src/protocol';

const ROOT = resolve(__dirname, '..');
const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The names in a zip's central directory (enough of the format for a listing). */
export function zipEntries(zip: Buffer): string[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    names.push(zip.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** Schemas package.json's contributes point at (yamlValidation/jsonValidation) ship too. */
const contributedSchemas: string[] = [
  ...((pkg.contributes?.yamlValidation ?? []) as { url: string }[]),
  ...((pkg.contributes?.jsonValidation ?? []) as { url: string }[]),
]
  .map((v) => v.url)
  .filter((u) => !/^https?:/.test(u))
  .map((u) => `extension/${u.replace(/^\.\//, '')}`);

const ALLOWED: RegExp[] = [
  // vsce's own manifest files
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  // vsce may rename these (LICENSE → LICENSE.txt, CHANGELOG.md → changelog.md)
  /^extension\/readme\.md$/i,
  /^extension\/license(\.txt|\.md)?$/i,
  /^extension\/changelog\.md$/i,
  /^extension\/dist\/(client|server|server-main|cli)\.js$/,
  /^extension\/docs\/rules\/[^/]+\.md$/,
  /^extension\/docs\/images\/[^/]+\.(png|svg|gif)$/,
  /^extension\/syntaxes\/[^/]+\.json$/,
];

describe('the .vsix', () => {
  let dir: string;
  let vsix: string;
  let entries: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubeward-vsix-'));
    vsix = join(dir, 'kubeward.vsix');
    await run(join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '-o', vsix], {
      cwd: ROOT,
      timeout: 90_000,
    });
    entries = zipEntries(await readFile(vsix));
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('holds nothing but the bundles, manifest, docs and grammars', () => {
    const stray = entries.filter((e) => !ALLOWED.some((r) => r.test(e)) && !contributedSchemas.includes(e));
    expect(stray).toEqual([]);
  });

  it('holds no node_modules, sources, tests or source maps', () => {
    const bad = entries.filter((e) =>
      /node_modules\/|\.ts$|\.map$|(^|\/)test\/|\/(client|server)\/src\//.test(e),
    );
    expect(bad).toEqual([]);
  });

  it('holds what the extension needs at run time', () => {
    for (const f of [
      'extension/package.json',
      'extension/dist/client.js',
      'extension/dist/server.js',
      'extension/dist/server-main.js',
      'extension/dist/cli.js',
      `extension/${String(pkg.icon)}`,
      ...contributedSchemas,
    ])
      expect(entries).toContain(f);
    expect(entries.some((e) => /^extension\/readme\.md$/i.test(e))).toBe(true);
    expect(entries.some((e) => /^extension\/license/i.test(e))).toBe(true);
  });

  it('is smaller than 1 MB', async () => {
    const { size } = await stat(vsix);
    console.log(`kubeward.vsix: ${entries.length} files, ${(size / 1024).toFixed(1)} KiB`);
    expect(size).toBeLessThan(1024 * 1024);
  });
});

describe('package.json (marketplace conventions)', () => {
  it('names and describes the extension', () => {
    expect(pkg.publisher).toMatch(/^[a-z0-9][a-z0-9-]*$/i);
    expect(pkg.displayName).toBeTruthy();
    expect(String(pkg.description).length).toBeGreaterThan(20);
    expect(pkg.categories).toContain('Linters');
    expect(pkg.keywords?.length).toBeGreaterThan(0);
    expect(pkg.keywords.length).toBeLessThanOrEqual(30); // the marketplace limit
    expect(pkg.license).toBeTruthy();
    expect(pkg.repository?.url).toMatch(/^https:\/\//);
    expect(pkg.engines?.vscode).toMatch(/^\^1\.\d+\.\d+$/);
  });

  it('has an icon that exists and is a PNG', () => {
    expect(pkg.icon).toMatch(/\.png$/);
    expect(existsSync(join(ROOT, pkg.icon))).toBe(true);
  });

  it('activates on YAML', () => {
    expect(pkg.activationEvents).toContain('onLanguage:yaml');
  });

  it('declares untrusted and virtual workspace support, with reasons', () => {
    for (const key of ['untrustedWorkspaces', 'virtualWorkspaces'] as const) {
      const c = pkg.capabilities?.[key];
      expect(c, key).toBeDefined();
      expect([true, false, 'limited'], key).toContain(c.supported);
      if (c.supported !== true) expect(c.description, key).toBeTruthy();
    }
  });

  it('puts every command under the category "Kubeward" with a kubeward.* id', () => {
    for (const c of pkg.contributes.commands as { command: string; title: string; category: string }[]) {
      expect(c.category, c.command).toBe('Kubeward');
      expect(c.command).toMatch(/^kubeward\.[A-Za-z]+$/);
      expect(c.title, c.command).toBeTruthy();
    }
  });

  it('gives every kubeward.* setting a description and a default, and has kubeward.trace.server', () => {
    const props = pkg.contributes.configuration.properties as Record<string, Record<string, unknown>>;
    for (const [key, schema] of Object.entries(props)) {
      expect(key).toMatch(/^kubeward\./);
      expect(schema.description ?? schema.markdownDescription, key).toBeTruthy();
      expect('default' in schema, `${key} has a default`).toBe(true);
    }
    expect(props['kubeward.trace.server']?.enum).toEqual(['off', 'messages', 'verbose']);
  });

  it('contributes every server setting with its default; programs to run are machine-scoped', () => {
    const props = pkg.contributes.configuration.properties as Record<string, Record<string, unknown>>;
    const leaves = (o: Record<string, unknown>, prefix: string): [string, unknown][] =>
      Object.entries(o).flatMap(([k, v]) =>
        v !== null && typeof v === 'object' && !Array.isArray(v) && k !== 'rules'
          ? leaves(v as Record<string, unknown>, `${prefix}${k}.`)
          : [[`${prefix}${k}`, v] as [string, unknown]],
      );
    for (const [key, value] of leaves({ ...DEFAULT_SETTINGS }, 'kubeward.'))
      expect(props[key]?.default, key).toEqual(value);
    expect(props['kubeward.helm.path']?.scope).toBe('machine');
  });

  it('contributes exactly the commands in the client command table (client/src/commands.ts)', () => {
    // Read the source: importing it would need the `vscode` module. The table's keys are
    // `[Commands.x]`, resolved through server/src/protocol.ts.
    const client = readFileSync(join(ROOT, 'client/src/commands.ts'), 'utf8');
    const protocol = readFileSync(join(ROOT, 'server/src/protocol.ts'), 'utf8');
    const table = /export function commandTable[\s\S]*?return \{([\s\S]*?)\n {2}\};\n\}/.exec(client)?.[1];
    expect(table, 'commandTable found in client/src/commands.ts').toBeDefined();
    const ids = [...table!.matchAll(/^ {4}\[Commands\.(\w+)\]:/gm)].map((m) => {
      const id = new RegExp(`\\b${m[1]}: '([^']+)'`).exec(protocol)?.[1];
      expect(id, `Commands.${m[1]} in server/src/protocol.ts`).toBeDefined();
      return id!;
    });
    const contributed = (pkg.contributes.commands as { command: string }[]).map((c) => c.command);
    expect(ids.length).toBeGreaterThan(0);
    expect([...ids].sort()).toEqual([...contributed].sort());
  });
});
