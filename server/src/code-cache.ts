/**
 * What the server's loader (`boot.ts`, built to dist/server.js) tells the server it loaded
 * (dist/server-main.js) about its V8 code cache, through one global symbol.
 */
export const CODE_CACHE = Symbol.for('kubeward.codeCache');

/**
 * - `hit`: compiled from the cache beside the bundle;
 * - `miss`: no cache yet (first start after an install or update); one is written after the first check;
 * - `rejected`: V8 refused the cache (another Node/V8 build, a changed bundle, a damaged file); rewritten;
 * - `ignored`: the cache file belongs to another user, so it is neither read nor replaced;
 * - `off`: `KUBEWARD_CODE_CACHE=off`, or started without the loader.
 */
export type CodeCacheState = 'hit' | 'miss' | 'rejected' | 'ignored' | 'off';

export interface CodeCache {
  state: CodeCacheState;
  file: string;
  /** Writes the cache if it is missing or was rejected; once. Never throws. Returns what it did. */
  save(): string;
}

export function codeCache(): CodeCache | undefined {
  return (globalThis as { [CODE_CACHE]?: CodeCache })[CODE_CACHE];
}
