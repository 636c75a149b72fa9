// `kubeward scan --fix`, `--fix-unsafe` and `--fix-dry-run`: the editor's fix-all rounds, written in
// place without losing comments, quoting, line endings or the file's mode, never over a file that
// changed during the run, and never half-written.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileFixer, readSnapshot, writeAtomically, writeIfUnchanged } from '../../server/src/cli/fix';
import { collectInputs } from '../../server/src/cli/inputs';
import { defaultIo } from '../../server/src/cli/io';
import { parseOptions } from '../../server/src/cli/options';
import { projectFor, scanFor } from '../../server/src/cli/scan-run';
import { engineConfig } from '../../server/src/engine/config';
import { SAFE_FIXES, ALL_FIXES, fixAll } from '../../server/src/engine/fix-all';
import { Engine } from '../../server/src/engine/run';
import { splitLines, unifiedDiff } from '../../server/src/present/diff';
import { rules } from '../../server/src/rules/index';
import { runCli } from '../support/cli-run';
import { tempTree } from '../support/files';

const CRLF_POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: "p" # quoted, with a comment',
  'spec:',
  '  containers:',
  "  - name: 'app'",
  '    image: nginx:1.27 # pinned later',
  '    securityContext:',
  '      privileged: true',
  '',
].join('\r\n');

const LF_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1
`;

const engine = new Engine(rules);
const config = engineConfig({ profile: 'recommended' });
const editorFix = (text: string, unsafe = false): string =>
  fixAll(
    text,
    engine.check(text, config).findings,
    (t) => engine.check(t, config).findings,
    unsafe ? ALL_FIXES : SAFE_FIXES,
  ).text;

const files = (): Record<string, string> => ({ 'pod.yaml': CRLF_POD, 'deploy/web.yaml': LF_DEPLOYMENT });

describe('kubeward scan --fix', () => {
  it('applies the safe fixes as the editor does, keeps comments, quoting, CRLF and mode, and reports what remains', async () => {
    const dir = tempTree('kubeward-fix-', files());
    chmodSync(join(dir, 'pod.yaml'), 0o640);
    const r = await runCli(['scan', '--fix', '--no-progress', '.'], dir);
    const pod = readFileSync(join(dir, 'pod.yaml'), 'utf8');
    expect(pod).toBe(editorFix(CRLF_POD));
    expect(pod).not.toBe(CRLF_POD);
    expect(pod).toContain('  name: "p" # quoted, with a comment\r\n');
    expect(pod).toContain("  - name: 'app'\r\n");
    expect(pod.replace(/\r\n/g, '')).not.toContain('\n');
    expect(pod).toContain('privileged: true');
    expect(readFileSync(join(dir, 'deploy/web.yaml'), 'utf8')).toBe(editorFix(LF_DEPLOYMENT));
    expect(statSync(join(dir, 'pod.yaml')).mode & 0o777).toBe(0o640);
    expect(r.err).toMatch(/^kubeward: applied \d+ fixes in 2 files$/m);
    // The exit code and the output are those of a fresh scan of the fixed files.
    const again = await runCli(['scan', '--no-progress', '.'], dir);
    expect(r.code).toBe(again.code);
    expect(r.out).toBe(again.out);
    expect(r.code).toBe(1);
    expect(readdirSync(dir).filter((n) => n.includes('.kubeward-'))).toEqual([]);
  });

  it('--fix-unsafe applies the unsafe fixes too', async () => {
    const dir = tempTree('kubeward-fix-', files());
    const r = await runCli(['scan', '--fix-unsafe', '.'], dir);
    const pod = readFileSync(join(dir, 'pod.yaml'), 'utf8');
    expect(pod).toBe(editorFix(CRLF_POD, true));
    expect(pod).toContain('privileged: false');
    expect(r.out).not.toContain('privileged-container');
  });

  it('--fix-dry-run prints a unified diff that git applies to the same result, and writes nothing', async () => {
    const dir = tempTree('kubeward-fix-', files());
    const before = readdirSync(dir).map((n) => [n, statSync(join(dir, n)).mtimeMs]);
    const dry = await runCli(['scan', '--fix-dry-run', '.'], dir);
    expect(readFileSync(join(dir, 'pod.yaml'), 'utf8')).toBe(CRLF_POD);
    expect(readdirSync(dir).map((n) => [n, statSync(join(dir, n)).mtimeMs])).toEqual(before);
    expect(dry.out).toMatch(/^--- a\/deploy\/web\.yaml\n\+\+\+ b\/deploy\/web\.yaml\n@@ /);
    expect(dry.out).toContain('--- a/pod.yaml\n+++ b/pod.yaml\n');
    expect(dry.err).toMatch(
      /^kubeward: \d+ fixes would be applied in 2 files \(dry run: nothing written\)$/m,
    );
    writeFileSync(join(dir, 'fix.diff'), dry.out);
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    expect(git('apply', '--check', 'fix.diff').stderr).toBe('');
    expect(git('apply', 'fix.diff').status).toBe(0);
    expect(readFileSync(join(dir, 'pod.yaml'), 'utf8')).toBe(editorFix(CRLF_POD));
    expect(readFileSync(join(dir, 'deploy/web.yaml'), 'utf8')).toBe(editorFix(LF_DEPLOYMENT));
    // The dry run's exit code is that of the fixed files.
    const fixed = await runCli(['scan', 'pod.yaml', 'deploy'], dir);
    expect(dry.code).toBe(fixed.code);
  });

  it('refuses standard input with exit 2 and says why', async () => {
    const r = await runCli(['scan', '--fix', '-'], tempTree('kubeward-fix-', {}), CRLF_POD);
    expect(r.code).toBe(2);
    expect(r.err).toContain('kubeward: standard input (-) cannot be fixed: --fix writes files in place');
  });

  it('keeps a UTF-16 file UTF-16 with its byte order mark, and leaves invalid UTF-8 alone', async () => {
    const dir = tempTree('kubeward-fix-', {});
    const bom = Buffer.from([0xff, 0xfe]);
    writeFileSync(join(dir, 'u16.yaml'), Buffer.concat([bom, Buffer.from(LF_DEPLOYMENT, 'utf16le')]));
    const bad = Buffer.concat([
      Buffer.from(LF_DEPLOYMENT.replace('web:1\n', 'web:1 # caf')),
      Buffer.from([0xe9, 0x0a]),
    ]);
    writeFileSync(join(dir, 'latin1.yaml'), bad);
    const r = await runCli(['scan', '--fix', '.'], dir);
    const u16 = readFileSync(join(dir, 'u16.yaml'));
    expect(u16.subarray(0, 2)).toEqual(bom);
    expect(u16.subarray(2).toString('utf16le')).toBe(editorFix(LF_DEPLOYMENT));
    expect(readFileSync(join(dir, 'latin1.yaml'))).toEqual(bad);
    expect(r.err).toContain('kubeward: latin1.yaml: not fixed: its bytes are not valid UTF-8 or UTF-16');
  });

  it("replaces a symbolic link's target and keeps the link", async () => {
    const dir = tempTree('kubeward-fix-', { 'real/web.yaml': LF_DEPLOYMENT, 'link/.keep': '' });
    symlinkSync(join(dir, 'real/web.yaml'), join(dir, 'link/web.yaml'));
    await runCli(['scan', '--fix', 'link/web.yaml'], dir);
    expect(readFileSync(join(dir, 'real/web.yaml'), 'utf8')).toBe(editorFix(LF_DEPLOYMENT));
    expect(statSync(join(dir, 'link/web.yaml')).isFile()).toBe(true);
    expect(readdirSync(join(dir, 'link'))).toEqual(['.keep', 'web.yaml']);
  });
});

describe('writing a fixed file', () => {
  it('does not overwrite a file whose content, size or time changed since it was read', () => {
    const dir = tempTree('kubeward-write-', { 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n' });
    const a = join(dir, 'a.yaml');
    const snap = readSnapshot(a);
    writeFileSync(a, 'a: 2\n');
    expect(writeIfUnchanged(a, snap, Buffer.from('fixed\n'))).toBe('changed');
    expect(readFileSync(a, 'utf8')).toBe('a: 2\n');
    const b = join(dir, 'b.yaml');
    const snapB = readSnapshot(b);
    utimesSync(b, new Date(), new Date(Date.now() + 5000));
    expect(writeIfUnchanged(b, snapB, Buffer.from('fixed\n'))).toBe('changed');
    expect(readFileSync(b, 'utf8')).toBe('b: 1\n');
    const fresh = readSnapshot(b);
    expect(writeIfUnchanged(b, fresh, Buffer.from('fixed\n'))).toBe('written');
    expect(readFileSync(b, 'utf8')).toBe('fixed\n');
  });

  it('says so when a file changes on disk between the check and the write, and keeps the change', async () => {
    const dir = tempTree('kubeward-race-', { 'web.yaml': LF_DEPLOYMENT });
    const opts = parseOptions(['--fix', '.'], () => true);
    if (typeof opts === 'string') throw new Error(opts);
    const io = { ...defaultIo(), cwd: dir };
    const project = projectFor(opts, dir);
    if (typeof project === 'string') throw new Error(project);
    const inputs = await collectInputs(['.'], dir, project, {});
    const logged: string[] = [];
    const fixer = new FileFixer(
      'safe',
      false,
      () => undefined,
      (m) => logged.push(m),
    );
    const { scan } = scanFor(
      inputs,
      project,
      opts,
      io,
      () => undefined,
      (p) => fixer.read(p),
    );
    await scan.index();
    const edited = LF_DEPLOYMENT.replace('image: web:1', 'image: web:2 # edited meanwhile');
    await scan.check((r) => {
      writeFileSync(join(dir, 'web.yaml'), edited);
      fixer.fixSource(scan, r, inputs[0]!);
    });
    expect(readFileSync(join(dir, 'web.yaml'), 'utf8')).toBe(edited);
    expect(logged).toEqual(['web.yaml: not fixed: it changed on disk during the run (run kubeward again)']);
    expect(fixer.files).toBe(0);
  });

  it('goes through a temporary file in the same folder, renamed into place with the old mode', () => {
    const dir = tempTree('kubeward-atomic-', { 'x.yaml': 'x: 1\n' });
    const x = join(dir, 'x.yaml');
    chmodSync(x, 0o600);
    const ino = statSync(x).ino;
    writeAtomically(x, Buffer.from('x: 2\n'));
    expect(readFileSync(x, 'utf8')).toBe('x: 2\n');
    expect(statSync(x).mode & 0o777).toBe(0o600);
    expect(statSync(x).ino).not.toBe(ino);
    expect(readdirSync(dir)).toEqual(['x.yaml']);
  });
});

describe('unifiedDiff', () => {
  it('writes hunks with context, merges near ones, and marks a missing final newline', () => {
    const a = 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\nl11\nl12\nl13\nl14\nl15\nl16\nl17\nl18\nl19\nl20';
    const b = a.replace('l2\n', 'L2\n').replace('l5\n', 'l5\nnew\n').replace('l20', 'l20\n');
    expect(unifiedDiff(a, b, 'f.yaml')).toBe(
      [
        '--- a/f.yaml',
        '+++ b/f.yaml',
        '@@ -1,8 +1,9 @@',
        ' l1',
        '-l2',
        '+L2',
        ' l3',
        ' l4',
        ' l5',
        '+new',
        ' l6',
        ' l7',
        ' l8',
        '@@ -17,4 +18,4 @@',
        ' l17',
        ' l18',
        ' l19',
        '-l20',
        '\\ No newline at end of file',
        '+l20',
        '',
      ].join('\n'),
    );
    expect(unifiedDiff('same\n', 'same\n', 'f')).toBe('');
    expect(unifiedDiff('', 'a\n', 'f')).toBe('--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+a\n');
  });
});

/** Applies a unified diff of one file to `before` (what `patch` does, with no fuzz). */
function applyDiff(before: string, diff: string): string {
  const src = splitLines(before);
  const lines = diff.split('\n');
  const out: string[] = [];
  let at = 0;
  for (let i = 2; i < lines.length; i++) {
    const h = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(lines[i] ?? '');
    if (!h) continue;
    const start = Number(h[2]) === 0 ? Number(h[1]) : Number(h[1]) - 1;
    while (at < start) out.push(src[at++] ?? '');
    for (i++; i < lines.length && !(lines[i] ?? '').startsWith('@@'); i++) {
      const l = lines[i] ?? '';
      if (l === '') continue;
      const noEol = lines[i + 1] === '\\ No newline at end of file';
      const text = `${l.slice(1)}${noEol ? '' : '\n'}`;
      if (noEol) i++;
      if (l.startsWith('+')) out.push(text);
      else {
        expect(src[at]).toBe(text);
        if (l.startsWith(' ')) out.push(text);
        at++;
      }
    }
    i--;
  }
  while (at < src.length) out.push(src[at++] ?? '');
  return out.join('');
}

describe('unifiedDiff, for any two texts', () => {
  it('turns the first into the second when applied', () => {
    const text = fc
      .array(fc.constantFrom('a', 'b', 'c', 'd', 'e', ''), { maxLength: 40 })
      .chain((ls) => fc.boolean().map((eol) => ls.join('\n') + (eol && ls.length > 0 ? '\n' : '')));
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 3 }), (a, b, context) => {
        const d = unifiedDiff(a, b, 'f', context);
        expect(d === '').toBe(a === b);
        if (d !== '') expect(applyDiff(a, d)).toBe(b);
      }),
      { numRuns: 2000 },
    );
  });
});
