// One build for the three bundles: the VS Code client, the language server and the CLI.
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  legalComments: 'none',
  // The one place the version is written is package.json (server/src/version.ts).
  define: { KUBEWARD_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
  // `yaml` ships the same code twice: CommonJS for the `node` condition and ES modules for every
  // other. The ES build is hoisted into the bundle's top level instead of being wrapped in one
  // function per module (which V8 scans once when it loads the bundle and parses again when the
  // wrapper runs), so a server or CLI process starts ~10 ms sooner (see docs/performance.md). Its
  // only runtime difference is that warnings go to `console.warn` instead of `process.emitWarning`:
  // both write to stderr, never to the LSP channel on stdout.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // dist/server.js is the server's entry: a loader that runs dist/server-main.js through a V8 code
  // cache (server/src/boot.ts).
  { entryPoints: ['server/src/boot.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}
