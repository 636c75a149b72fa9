// `npm run scan`: builds dist/ when it is missing or older than any source file (so it works on a fresh clone), then runs the CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const outputs = ['dist/cli.js', 'dist/server.js', 'dist/client.js'];
const built = outputs.every((f) => existsSync(f)) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
const sources = Math.max(newest('server/src'), newest('client/src'), statSync('package.json').mtimeMs);
if (built < sources) {
  process.stderr.write('kubeward: building dist/ …\n');
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'inherit' });
}

// `npm run scan` with no paths scans the bundled examples.
const args = process.argv.slice(2);
const hasPath = args.some((a, i) =>
  !a.startsWith('-') || a === '-'
    ? !['--format', '--profile', '--kubernetes-version', '--fail-on', '--rule', '--config'].includes(
        args[i - 1] ?? '',
      )
    : false,
);
// The demo scan of examples/ shows findings without failing; give --fail-on to change that.
const demo = hasPath
  ? []
  : [...(args.some((a) => a.startsWith('--fail-on')) ? [] : ['--fail-on', 'none']), 'examples'];
const r = spawnSync(process.execPath, ['dist/cli.js', 'scan', ...args, ...demo], { stdio: 'inherit' });
process.exit(r.status ?? 2);
