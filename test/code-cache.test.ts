// The server's loader (server/src/boot.ts → dist/server.js) and its V8 code cache, against the built
// bundles copied into a folder of the test's own (the cache lives beside the bundle).
import {
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, SERVER_JS } from './support/lsp-client';
import { PRIVILEGED_POD } from './support/manifests';

const DIST = join(__dirname, '..', 'dist');
const URI = 'file:///work/pod.yaml';
const POD = PRIVILEGED_POD;

interface Run {
  state: string | undefined;
  saved: string | undefined;
  codes: string[];
}

/** Starts the server from `dir`, checks POD, and reports the cache state it logged and what it saved. */
async function run(dir: string, env: Record<string, string> = {}): Promise<Run> {
  const client = new LspClient({ server: join(dir, 'server.js'), env });
  try {
    await client.initialize();
    client.open(URI, POD);
    const p = await client.waitForDiagnostics(URI, 1, 15_000);
    const logged = (re: RegExp): string | undefined =>
      client.logs.map((l) => re.exec(l)?.[1]).find((x) => x !== undefined);
    await client.waitFor(() => logged(/^code cache: (\w+)$/) !== undefined, 5000, 'the cache state');
    // Written right after the first check, when it is needed at all.
    if (['miss', 'rejected'].includes(logged(/^code cache: (\w+)$/) ?? ''))
      await client.waitFor(() => logged(/^code cache \S+: (.*)$/) !== undefined, 5000, 'the cache write');
    return {
      state: logged(/^code cache: (\w+)$/),
      saved: logged(/^code cache \S+: (.*)$/),
      codes: p.diagnostics.map((d) => String(d.code)).sort(),
    };
  } finally {
    await client.shutdown();
  }
}

const cacheFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.cache'));

describe.skipIf(!existsSync(SERVER_JS))('server code cache', () => {
  let dir: string;
  let expected: string[];
  let off: Run;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubeward-cache-'));
    for (const f of ['server.js', 'server-main.js']) copyFileSync(join(DIST, f), join(dir, f));
    off = await run(dir, { KUBEWARD_CODE_CACHE: 'off' });
    expected = off.codes;
    expect(expected).toContain('privileged-container');
  }, 30_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('KUBEWARD_CODE_CACHE=off writes nothing, and says so', () => {
    expect(off.state).toBe('off');
    expect(off.saved).toBeUndefined();
    expect(cacheFiles(dir)).toEqual([]);
  });

  it('the first start writes the cache after its first check, the next one compiles from it', async () => {
    const first = await run(dir);
    expect(first.state).toBe('miss');
    expect(first.saved).toMatch(/^written \(\d+ KiB\)$/);
    expect(first.codes).toEqual(expected);
    const [file] = cacheFiles(dir);
    expect(file).toBe(`server-main.js.${process.arch}-v8-${process.versions.v8}.cache`);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const second = await run(dir);
    expect(second.state).toBe('hit');
    expect(second.saved).toBeUndefined();
    expect(second.codes).toEqual(expected);

    // Turned off, an existing cache is not read either.
    expect((await run(dir, { KUBEWARD_CODE_CACHE: 'off' })).state).toBe('off');
  }, 30_000);

  it('a damaged cache is not used, the server starts from source and rewrites it', async () => {
    const file = join(dir, cacheFiles(dir)[0] ?? 'missing');
    const good = readFileSync(file);
    // Right bundle digest, garbage after it: V8 itself must refuse it.
    writeFileSync(file, Buffer.concat([good.subarray(0, 32), Buffer.alloc(4096, 7)]));
    const damaged = await run(dir);
    expect(damaged.state).toBe('rejected');
    expect(damaged.codes).toEqual(expected);
    expect(damaged.saved).toMatch(/^written/);
    expect(readFileSync(file).subarray(32, 4128).equals(Buffer.alloc(4096, 7))).toBe(false);
    expect((await run(dir)).state).toBe('hit');
  }, 60_000);

  it('a cache made from another bundle of the same length is not used', async () => {
    // V8 compares only the source's length; the loader compares the bundle's digest.
    const main = join(dir, 'server-main.js');
    const text = readFileSync(main, 'utf8');
    const same = text.replace('kubeward-language-server', 'kubeward-language-servex');
    expect(same.length).toBe(text.length);
    writeFileSync(main, same);
    try {
      const changed = await run(dir);
      expect(changed.state).toBe('rejected');
      expect(changed.codes).toEqual(expected);
    } finally {
      writeFileSync(main, text);
    }
  }, 30_000);

  it('a cache it cannot write (a folder in its place): the server runs and says so, leaving no file', async () => {
    for (const f of cacheFiles(dir)) rmSync(join(dir, f));
    const target = join(dir, `server-main.js.${process.arch}-v8-${process.versions.v8}.cache`);
    mkdirSync(target);
    try {
      const r = await run(dir);
      expect(r.state).toBe('miss');
      expect(r.saved).toMatch(/^not written: /);
      expect(r.codes).toEqual(expected);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      rmSync(target, { recursive: true });
    }
  }, 30_000);

  // Changing a file's owner needs root (as in CI); elsewhere this is reported as skipped.
  it.skipIf(process.getuid?.() !== 0)(
    'a cache owned by another user is neither used nor replaced',
    async () => {
      expect((await run(dir)).saved).toMatch(/^written/);
      const file = join(dir, cacheFiles(dir)[0] ?? 'missing');
      const before = readFileSync(file);
      chownSync(file, 1, 1);
      const r = await run(dir);
      expect(r.state).toBe('ignored');
      expect(r.saved).toBeUndefined();
      expect(r.codes).toEqual(expected);
      expect(readFileSync(file).equals(before)).toBe(true);
    },
    30_000,
  );
});
