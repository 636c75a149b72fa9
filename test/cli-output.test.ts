// The CLI's output (text, JSON, SARIF, and stderr) over fixed inputs, byte for byte, against a stored
// copy in test/golden/. The inputs are ../shared/corpus/real and ../shared/conformance (read at run
// time), examples/ and every rule's docs examples. The architecture change (issue 14) moved who
// writes each text; this test proves no output changed. A change in output that is meant (a new
// rule, a reworded message) is stored again with KUBEWARD_UPDATE_GOLDEN=1, and the diff of the stored
// copies shows it in review.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../server/src/rules/index';
import { compareGolden } from './support/golden';

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'cli.js');

/** Every rule's documented example and its fixed version, as files (paths relative to the root). */
function writeDocsExamples(): string {
  const dir = join('test', '.generated', 'docs-examples');
  rmSync(join(root, dir), { recursive: true, force: true });
  for (const r of rules) {
    mkdirSync(join(root, dir, r.id), { recursive: true });
    writeFileSync(join(root, dir, r.id, 'example.yaml'), r.docs.example);
    writeFileSync(join(root, dir, r.id, 'use-instead.yaml'), r.docs.useInstead);
  }
  return dir;
}

const sets: Record<string, () => string[]> = {
  corpus: () => ['../shared/corpus/real'],
  conformance: () => ['../shared/conformance/pss', '../shared/conformance/peers'],
  examples: () => ['examples'],
  'docs-examples': () => [writeDocsExamples()],
};

function run(args: string[], env: Record<string, string> = {}): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'scan', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, stderr: r.stderr };
}

describe('CLI output is unchanged over fixed inputs', () => {
  for (const [set, paths] of Object.entries(sets)) {
    for (const format of ['json', 'sarif', 'text']) {
      it(`${set} --format ${format}`, () => {
        const r = run([
          '--profile',
          'all',
          '--format',
          format,
          '--fail-on',
          'none',
          '--no-progress',
          ...paths(),
        ]);
        // SARIF names the folder its paths are relative to: the clone's, wherever it is.
        const base = `"uri": ${JSON.stringify(`${pathToFileURL(root).href}/`)}`;
        compareGolden(`${set}.${format}`, r.stdout.split(base).join('"uri": "file:///<project>/"'));
        compareGolden(`${set}.${format}.stderr`, r.stderr);
      });
    }
  }

  it('worker threads write the same JSON as one thread', () => {
    const args = ['--profile', 'all', '--format', 'json', '--fail-on', 'none', '../shared/corpus/real'];
    const one = run(args, { KUBEWARD_WORKERS: '0' });
    const two = run(args, { KUBEWARD_WORKERS: '2' });
    expect(two.stdout).toBe(one.stdout);
    compareGolden('corpus.json', two.stdout);
  });
});
