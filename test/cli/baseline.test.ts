// `kubeward scan --write-baseline` / `--baseline`: findings recorded by fingerprint (rule, object,
// field path, file), so unrelated edits keep them recorded; only new findings are reported and
// counted; entries that no longer match are listed; SARIF carries the same fingerprints.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBaseline, serializeBaseline } from '../../server/src/cli/baseline';
import { fingerprint } from '../../server/src/present/fingerprint';
import { runCli } from '../support/cli-run';
import { tempTree } from '../support/files';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1.4.2
          securityContext:
            privileged: true
`;

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      hostPID: true
      containers:
        - name: migrate
          image: migrate:1
`;

const project = () => tempTree('kubeward-baseline-', { 'deploy/web.yaml': WEB, 'jobs/migrate.yaml': JOB });

describe('kubeward scan --write-baseline / --baseline', () => {
  it("records today's findings in a versioned, sorted file, and exits 0", async () => {
    const dir = project();
    const r = await runCli(['scan', '--write-baseline', 'kubeward-baseline.json', '.'], dir);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'kubeward-baseline.json'), 'utf8');
    const file = JSON.parse(text);
    expect(file).toMatchObject({ kubeward: 'baseline', version: 1 });
    const entries = parseBaseline(text);
    const total = entries.reduce((s, e) => s + e.count, 0);
    expect(r.err).toContain(`kubeward: wrote ${total} findings to baseline kubeward-baseline.json`);
    expect(r.err).toMatch(new RegExp(`kubeward: ${total} findings \\(`));
    expect(entries).toContainEqual(
      expect.objectContaining({
        ruleId: 'privileged-container',
        file: 'deploy/web.yaml',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        path: 'spec.template.spec.containers[name="web"].securityContext.privileged',
        count: 1,
      }),
    );
    for (const e of entries) expect(e.fingerprint).toBe(fingerprint(e));
    const keys = entries.map(
      (e) => `${e.ruleId}\0${e.file}\0${e.kind}\0${e.namespace}\0${e.name}\0${e.path}`,
    );
    expect(keys).toEqual([...keys].sort());
    // Written again from the same findings, the file is byte for byte the same.
    expect(serializeBaseline(entries.flatMap((e) => Array.from({ length: e.count }, () => e)))).toBe(text);
    // The baseline file itself is not scanned.
    expect(r.err).toContain('in 2 files');
  });

  it('reports and counts only new findings, through unrelated edits', async () => {
    const dir = project();
    await runCli(['scan', '--write-baseline', 'b.json', '.'], dir);
    const clean = await runCli(['scan', '--baseline', 'b.json', '.'], dir);
    expect(clean.code).toBe(0);
    expect(clean.out).toBe('');
    expect(clean.err).toMatch(
      /kubeward: 0 findings \(0 error, 0 warning, 0 info, 0 hint\), 0 suppressed, \d+ baselined, in 2 files/,
    );
    // Lines added above, a container added before the recorded one, keys reordered around it.
    writeFileSync(
      join(dir, 'deploy/web.yaml'),
      WEB.replace('metadata:\n', '# Owned by team shop.\n# Reviewed 2026-01.\nmetadata:\n').replace(
        '        - name: web\n',
        '        - name: proxy\n          image: envoy:1.30.0\n          securityContext:\n            privileged: true\n        - name: web\n',
      ),
    );
    const r = await runCli(['scan', '--baseline', 'b.json', '--format', 'json', '.'], dir);
    const rows = JSON.parse(r.out).findings as { ruleId: string; line: number; message: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.message).toContain('"proxy"');
    expect(rows.map((x) => x.ruleId)).toContain('privileged-container');
    expect(r.code).toBe(1);
    expect(r.err).not.toContain('no longer found');
  });

  it('lists entries that no longer match, in scanned or deleted files only, and --write-baseline shrinks it', async () => {
    const dir = project();
    await runCli(['scan', '--write-baseline', 'b.json', '.'], dir);
    writeFileSync(join(dir, 'deploy/web.yaml'), WEB.replace('privileged: true', 'privileged: false'));
    const r = await runCli(['scan', '--baseline', 'b.json', 'deploy'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'kubeward: 1 baseline finding no longer found (fixed or changed); kubeward scan --write-baseline b.json shrinks the baseline:\n' +
        'kubeward:   deploy/web.yaml: privileged-container Deployment shop/web spec.template.spec.containers[name="web"].securityContext.privileged\n',
    );
    // jobs/ was not scanned: its entries are not claimed stale.
    expect(r.err).not.toContain('jobs/migrate.yaml');
    rmSync(join(dir, 'jobs'), { recursive: true });
    const gone = await runCli(['scan', '--baseline', 'b.json', 'deploy'], dir);
    expect(gone.err).toContain(
      'kubeward:   jobs/migrate.yaml: host-pid Job migrate spec.template.spec.hostPID',
    );
    const before = parseBaseline(readFileSync(join(dir, 'b.json'), 'utf8')).length;
    await runCli(['scan', '--write-baseline', 'b.json', '.'], dir);
    const after = parseBaseline(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(after.length).toBeLessThan(before);
    expect(after.some((e) => e.ruleId === 'privileged-container' || e.file.startsWith('jobs/'))).toBe(false);
    const quiet = await runCli(['scan', '--baseline', 'b.json', '.'], dir);
    expect(quiet.err).not.toContain('no longer found');
  });

  it('gives SARIF results the same fingerprints as the baseline', async () => {
    const dir = project();
    await runCli(['scan', '--write-baseline', 'b.json', '.'], dir);
    const entries = parseBaseline(readFileSync(join(dir, 'b.json'), 'utf8'));
    const prints = new Set(entries.map((e) => e.fingerprint));
    const sarif = JSON.parse((await runCli(['scan', '--format', 'sarif', '.'], dir)).out);
    const results = sarif.runs[0].results as { partialFingerprints: Record<string, string> }[];
    expect(results.length).toBe(entries.reduce((s, e) => s + e.count, 0));
    for (const r of results) expect(prints.has(r.partialFingerprints['kubewardFinding/v1']!)).toBe(true);
    const filtered = JSON.parse(
      (await runCli(['scan', '--baseline', 'b.json', '--format', 'sarif', '.'], dir)).out,
    );
    expect(filtered.runs[0].results).toEqual([]);
  });

  it.each([
    ['missing.json', undefined, /^kubeward: cannot read baseline file missing\.json: ENOENT/m],
    ['b.json', 'not json', /^kubeward: baseline file b\.json: not JSON: /m],
    ['b.json', '{"findings": []}', /^kubeward: baseline file b\.json: not a Kubeward baseline/m],
    [
      'b.json',
      '{"kubeward": "baseline", "version": 2, "findings": []}',
      /baseline version 2 is not supported/,
    ],
    [
      'b.json',
      '{"kubeward": "baseline", "version": 1, "findings": [{"fingerprint": "x", "ruleId": "r", "file": "f", "kind": "k", "namespace": "", "name": "n", "path": "", "count": 1}]}',
      /findings\[0\]\.fingerprint does not match its fields/,
    ],
    [
      'b.json',
      '{"kubeward": "baseline", "version": 1, "findings": [{"ruleId": "r"}]}',
      /findings\[0\]\.file is not a string/,
    ],
  ])('exits 2 on a bad baseline file (%s: %s)', async (name, content, message) => {
    const dir = project();
    if (content !== undefined) writeFileSync(join(dir, name), content);
    const r = await runCli(['scan', '--baseline', name, '.'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });
});

describe('a baseline with worker threads (the built CLI over ../shared/corpus/real)', () => {
  it('takes the same findings when files are checked in worker threads', () => {
    const root = resolve(__dirname, '../..');
    const dir = tempTree('kubeward-baseline-pool-', {});
    const file = join(dir, 'corpus-baseline.json');
    const cli = (args: string[], env: Record<string, string>) =>
      spawnSync(
        process.execPath,
        [join(root, 'dist/cli.js'), 'scan', '--profile', 'all', ...args, '../shared/corpus/real'],
        {
          cwd: root,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
          env: { ...process.env, ...env },
        },
      );
    const wrote = cli(['--write-baseline', file, '--format', 'json'], { KUBEWARD_WORKERS: '0' });
    expect(wrote.status, wrote.stderr).toBe(0);
    const recorded = parseBaseline(readFileSync(file, 'utf8')).reduce((s, e) => s + e.count, 0);
    expect(recorded).toBe(
      JSON.parse(wrote.stdout).findings.filter((f: { ruleId: string }) => f.ruleId !== 'yaml-syntax').length,
    );
    const pooled = cli(['--baseline', file, '--format', 'json'], { KUBEWARD_WORKERS: '2' });
    const rows = JSON.parse(pooled.stdout).findings as { ruleId: string }[];
    expect(rows.filter((f) => f.ruleId !== 'yaml-syntax')).toEqual([]);
    expect(pooled.stderr).toContain(`, ${recorded} baselined, `);
  });
});
