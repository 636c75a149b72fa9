/**
 * Modules only some paths need, required on first use: picomatch (globs of config exceptions,
 * workspace excludes, CLI path globs), ignore (.gitignore files of the workspace scan), and the CEL
 * interpreter and RE2 regular expressions (admission policies, when a workspace has any). A server
 * that checks open files without a glob in sight never evaluates them: ~8 ms of every start
 * (docs/performance.md). The bundler still bundles them; nothing is loaded from outside.
 */
import type IgnoreFactory from 'ignore';
import type Picomatch from 'picomatch';
import type * as CelJs from '@marcbachmann/cel-js';
import type * as Re2js from 're2js';

let picomatchModule: typeof Picomatch | undefined;
let ignoreModule: typeof IgnoreFactory | undefined;
let celModule: typeof CelJs | undefined;
let re2Module: typeof Re2js | undefined;

export function picomatch(): typeof Picomatch {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see above
  return (picomatchModule ??= require('picomatch') as typeof Picomatch);
}

export function ignore(): typeof IgnoreFactory {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see above
  return (ignoreModule ??= require('ignore') as typeof IgnoreFactory);
}

/** @marcbachmann/cel-js: its evaluation builds its function registry (~20 ms of a start without policies). */
export function celJs(): typeof CelJs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see above
  return (celModule ??= require('@marcbachmann/cel-js') as typeof CelJs);
}

/** re2js: its evaluation builds Unicode tables. */
export function re2js(): typeof Re2js {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see above
  return (re2Module ??= require('re2js') as typeof Re2js);
}
