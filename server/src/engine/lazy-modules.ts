/**
 * Modules only some paths need, required on first use: picomatch (globs of config exceptions,
 * workspace excludes, CLI path globs) and ignore (.gitignore files of the workspace scan). A server
 * that checks open files without a glob in sight never evaluates them: ~8 ms of every start
 * (docs/performance.md). The bundler still bundles them; nothing is loaded from outside.
 */
import type IgnoreFactory from 'ignore';
import type Picomatch from 'picomatch';

let picomatchModule: typeof Picomatch | undefined;
let ignoreModule: typeof IgnoreFactory | undefined;

export function picomatch(): typeof Picomatch {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see above
  return (picomatchModule ??= require('picomatch') as typeof Picomatch);
}

export function ignore(): typeof IgnoreFactory {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see above
  return (ignoreModule ??= require('ignore') as typeof IgnoreFactory);
}
