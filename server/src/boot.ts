/**
 * The language server's entry (dist/server.js): loads the server bundle (dist/server-main.js)
 * through a V8 code cache kept beside it, so a start after the first skips compiling the bundle
 * (and the functions the first check compiled). Measured on this project's machine (bench, 7 runs):
 * `initialize` answered in ~70 ms instead of ~110 ms; the first check is not measurably faster (its
 * time is running cold code, not compiling it). Node 22 offers the same through
 * `module.enableCompileCache`; the editors' and this project's Node 20 does not, so this does it
 * with `vm.Script`'s `cachedData`.
 *
 * What it runs is only the bundle beside it: the cache file starts with the SHA-256 of the bundle it
 * was made from and is used only for that exact bundle (V8's own check compares the source's length,
 * its version and its flags, not the text), else the bundle is compiled from source and the cache
 * rewritten. The cache is a file in the bundle's own directory, so whoever can write it can already
 * change the bundle; a cache owned by another user is not used. `KUBEWARD_CODE_CACHE=off` turns it
 * off. Any failure here falls back to a plain compile; nothing in it can stop the server from
 * starting.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { CODE_CACHE, type CodeCache, type CodeCacheState } from './code-cache';

const main = join(__dirname, 'server-main.js');
const file = `${main}.${process.arch}-v8-${process.versions.v8}.cache`;

interface Compiled {
  state: CodeCacheState;
  /** SHA-256 of the bundle: the cache file's first 32 bytes. */
  digest: Buffer | undefined;
  script: Script;
}

/** Reads and compiles the bundle, from the cache when there is a good one (the buffers stay here). */
function compile(): Compiled {
  const bytes = readFileSync(main);
  let state: CodeCacheState = 'off';
  let digest: Buffer | undefined;
  let cachedData: Buffer | undefined;
  if (process.env.KUBEWARD_CODE_CACHE !== 'off') {
    state = 'miss';
    digest = createHash('sha256').update(bytes).digest();
    try {
      const st = statSync(file);
      if (process.getuid && st.uid !== process.getuid()) state = 'ignored';
      else {
        const data = readFileSync(file);
        // Made from another bundle (or cut short): compiled from source, and the cache rewritten.
        if (data.length > digest.length && data.subarray(0, digest.length).equals(digest))
          cachedData = data.subarray(digest.length);
        else state = 'rejected';
      }
    } catch {
      // no cache yet
    }
  }
  // The wrapper Node puts around a CommonJS file, on the first line so line numbers stay the bundle's.
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${bytes.toString('utf8')}\n})`,
    { filename: main, ...(cachedData ? { cachedData } : {}) },
  );
  if (cachedData) state = script.cachedDataRejected === true ? 'rejected' : 'hit';
  return { state, digest, script };
}

const { state, digest, script: compiled } = compile();
/** Kept only until the cache is written, and only when one is to be written. */
let script: Script | undefined = state === 'miss' || state === 'rejected' ? compiled : undefined;
let saved: string | undefined;
const cache: CodeCache = {
  state,
  file,
  save(): string {
    if (saved !== undefined) return saved;
    if (!script || !digest) return (saved = 'not needed');
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      const data = script.createCachedData();
      script = undefined;
      const fd = openSync(tmp, 'wx', 0o644);
      try {
        writeSync(fd, digest);
        writeSync(fd, data);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
      return (saved = `written (${Math.round(data.length / 1024)} KiB)`);
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing was written
      }
      return (saved = `not written: ${e instanceof Error ? e.message : String(e)}`);
    }
  },
};
(globalThis as { [CODE_CACHE]?: CodeCache })[CODE_CACHE] = cache;

(compiled.runInThisContext() as (...args: unknown[]) => void)(
  module.exports,
  require,
  module,
  main,
  __dirname,
);
