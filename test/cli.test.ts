import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'cli.js');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', input });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.skipIf(!existsSync(cli))('kubeward scan (built CLI)', () => {
  it('prints path:line:col severity rule-id message and exits 1 on findings', () => {
    const r = run(['scan', 'examples/insecure/deployment.yaml']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /^examples\/insecure\/deployment\.yaml:29:13 error privileged-container Container "web" runs privileged/m,
    );
    expect(r.err).toMatch(/findings? \(/);
  });

  it('exits 0 on hardened manifests and on non-Kubernetes YAML', () => {
    const r = run(['scan', 'examples/hardened', 'examples/not-kubernetes.yaml']);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('writes JSON with 1-based positions, ATT&CK and PSS', () => {
    const r = run(['scan', '--format', 'json', 'examples/insecure/cronjob.yaml']);
    const rows = (JSON.parse(r.out) as { findings: unknown[] }).findings as {
      file: string;
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
      ruleId: string;
      severity: string;
      attack: { tactic: string; technique: string }[];
      pss?: { level: string; check: string };
      fixable: boolean;
    }[];
    const hostPid = rows.find((x) => x.ruleId === 'host-pid');
    expect(hostPid).toMatchObject({
      file: 'examples/insecure/cronjob.yaml',
      line: 12,
      column: 11,
      endLine: 12,
      endColumn: 24,
      severity: 'error',
      pss: { level: 'baseline', check: 'hostNamespaces' },
      fixable: true,
    });
    expect(hostPid?.attack).toContainEqual(expect.objectContaining({ tactic: 'TA0004', technique: 'T1611' }));
    // A host escape in a CronJob also maps to Container Orchestration Job.
    expect(hostPid?.attack.map((a) => a.technique)).toContain('T1053.007');
  });

  it('baseline profile means exactly the Pod Security Standards Baseline level', () => {
    const r = run(['scan', '--format', 'json', '--profile', 'baseline', 'examples/insecure']);
    const rows = (JSON.parse(r.out) as { findings: unknown[] }).findings as {
      ruleId: string;
      pss?: { level: string };
    }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const x of rows) expect(x.pss?.level).toBe('baseline');
  });

  it('honours --fail-on and --rule', () => {
    expect(run(['scan', '--fail-on', 'none', 'examples/insecure']).code).toBe(0);
    const r = run([
      'scan',
      '--format',
      'json',
      '--rule',
      'privileged-container=off',
      'examples/insecure/deployment.yaml',
    ]);
    expect(
      (JSON.parse(r.out) as { findings: { ruleId: string }[] }).findings.some(
        (x) => x.ruleId === 'privileged-container',
      ),
    ).toBe(false);
  });

  it('a reader that stops early (`| head`) gets no stack trace, and the exit code still counts', async () => {
    const corpus = join(root, '..', 'shared', 'corpus', 'real');
    for (const format of ['text', 'json', 'sarif']) {
      const p = spawn(process.execPath, [cli, 'scan', '--format', format, corpus], { cwd: root });
      let err = '';
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      // Close our end after the first chunk, as `head -c 100` does.
      p.stdout.once('data', () => p.stdout.destroy());
      const code = await new Promise<number | null>((r) => p.on('close', r));
      expect(err).not.toMatch(/EPIPE|Error|at /);
      expect(err).toMatch(/^kubeward: \d+ findings/m);
      expect(code).toBe(1);
    }
  }, 60_000);

  it('exits 2 on usage and I/O errors', () => {
    expect(run(['scan', '--profile', 'paranoid']).code).toBe(2);
    expect(run(['scan', 'no/such/file.yaml']).code).toBe(2);
    expect(run(['scan', '--rule', 'no-such-rule=off', 'examples']).code).toBe(2);
  });
});
