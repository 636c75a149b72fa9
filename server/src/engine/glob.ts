// Globs of config-file exceptions, workspace excludes and CLI path arguments: one matcher (picomatch)
// with one set of options, so a pattern means the same wherever it is written.
import { picomatch } from './lazy-modules';

/** The one set of glob options for excludes, CLI path globs and exceptions (`posix` gives `[!…]`). */
export const GLOB_OPTIONS = { dot: true, posix: true } as const;

/** `file:///a/b%20c.yaml` → `/a/b c.yaml`; backslashes → slashes. */
export function normalizePath(file: string): string {
  let p = file;
  if (/^file:\/\//i.test(p)) {
    p = p.replace(/^file:\/\//i, '');
    try {
      p = decodeURIComponent(p);
    } catch {
      // keep the raw text
    }
    if (/^\/[A-Za-z]:/.test(p)) p = p.slice(1);
  }
  return p.replace(/\\/g, '/').replace(/^\.\//, '');
}

/**
 * Matches globs with the same matcher the workspace scan and the CLI use (picomatch): `**` any path
 * (also none), `*` and `?` within one segment, `[…]` classes, `{a,b}` alternatives. Compiled globs
 * are kept by the instance (the Engine holds one for the config exceptions it applies), not in
 * module state.
 */
export class Globs {
  private readonly compiled = new Map<string, RegExp>();

  constructor(private readonly maxEntries = 1000) {}

  /** The glob as a RegExp over a whole string; a glob picomatch rejects matches nothing. */
  regExp(glob: string): RegExp {
    const hit = this.compiled.get(glob);
    if (hit) return hit;
    let out: RegExp;
    try {
      out = picomatch().makeRe(glob, GLOB_OPTIONS);
    } catch {
      out = /(?!)/;
    }
    if (this.compiled.size > this.maxEntries) this.compiled.clear();
    this.compiled.set(glob, out);
    return out;
  }

  /** A glob matches a whole plain string (namespaces, kinds, names). */
  matches(glob: string, s: string): boolean {
    return this.regExp(glob).test(s);
  }

  /**
   * A path glob matches the path (relative to the config file's folder, as the caller should pass
   * it), or, for absolute paths and URIs, any trailing part of it that starts at a `/`.
   */
  pathMatches(glob: string, path: string): boolean {
    const g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
    const re = this.regExp(g.startsWith('/') ? g.slice(1) : g);
    const p = path.startsWith('/') ? path.slice(1) : path;
    if (re.test(p)) return true;
    if (g.startsWith('/') || !(path.startsWith('/') || /^[A-Za-z]:\//.test(path))) return false;
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
      if (re.test(p.slice(i + 1))) return true;
    }
    return false;
  }
}
