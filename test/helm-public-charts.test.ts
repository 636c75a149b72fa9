// Smoke run of Helm mapping over the public charts in ../shared/charts (rendered with real helm):
// every scalar path of every rendered document locates inside a file of that chart, within its
// bounds, on line 1 only where the template's object starts there, and nothing throws. The counts
// per origin kind are printed so a change in mapping coverage shows up in review. Then the same
// charts end to end through the built CLI (dist/cli.js, checkChart as `kubeward scan` runs it):
// every finding in a file of its chart, at text that is there, never on line 1 of a template
// whose object starts lower, no crash, no render failure; counts printed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pathString, scalarPaths } from '../server/src/sources/helm/map';
import { tempTree } from './support/files';
import { lineCol, renderAndMap } from './support/helm';
import { helmBinary } from './support/tools';

const SHARED = join(__dirname, '..', '..', 'shared', 'charts');

const CASES: { chart: string; valuesFiles?: string[]; set?: string[] }[] = [
  { chart: 'ingress-nginx' },
  { chart: 'ingress-nginx', valuesFiles: ['ci/controller-daemonset-metrics-values.yaml'] },
  { chart: 'metrics-server' },
  // genSelfSignedCert: the twin renders other random certificates, so those documents trace partially.
  { chart: 'metrics-server', valuesFiles: ['ci/tls-helm-values.yaml'] },
  { chart: 'fluent-bit' },
  { chart: 'cert-manager' },
  { chart: 'cert-manager', set: ['crds.enabled=true'] },
];

describe.skipIf(!existsSync(SHARED))('Helm mapping over public charts', () => {
  it.each(CASES)(
    '$chart $valuesFiles $set: every path maps inside the chart',
    async ({ chart, valuesFiles, set }) => {
      const dir = join(SHARED, chart);
      const files = valuesFiles?.map((f) => join(dir, f));
      const m = await renderAndMap(dir, {
        ...(files ? { valuesFiles: files } : {}),
        ...(set ? { set } : {}),
      });
      const texts = m.shadow.chartFiles().files;
      const counts: Record<string, number> = { template: 0, values: 0, set: 0, fallback: 0 };
      let missing = 0;
      for (const d of m.map.docs) {
        const tpl = texts.get(d.template) ?? '';
        const firstContent = /^\s*(?:\{\{[^]*?\}\}\s*)*\S/.exec(tpl)?.[0].length ?? 0;
        const startsOnLine1 = !tpl.slice(0, firstContent).includes('\n');
        for (const p of scalarPaths(parseAllDocuments(d.text)[0]?.contents)) {
          const o = d.locate(p);
          counts[o.via] = (counts[o.via] ?? 0) + 1;
          const m2 = d.locate([...p, 'kubewardMissingField'], { missing: true });
          missing++;
          for (const x of [o, m2]) {
            const text = x.file.startsWith('/') ? undefined : texts.get(x.file);
            expect(text, `${d.template} ${pathString(p)} → ${x.file}`).toBeDefined();
            expect(x.start).toBeGreaterThanOrEqual(0);
            expect(x.start).toBeLessThanOrEqual(x.end);
            expect(x.end).toBeLessThanOrEqual(text?.length ?? 0);
            if (x.file === d.template && lineCol(text ?? '', x.start).line === 1) {
              expect(startsOnLine1, `${d.template} ${pathString(p)} on line 1`).toBe(true);
            }
          }
        }
      }
      const traced = m.map.docs.filter((d) => d.trace === 'exact').length;
      if (valuesFiles?.includes('ci/tls-helm-values.yaml')) {
        expect(m.map.docs.filter((d) => d.trace === 'partial').map((d) => d.template)).toEqual([
          'templates/apiservice.yaml',
          'templates/apiservice.yaml',
        ]);
      }
      process.stdout.write(
        `helm mapping ${chart}${valuesFiles?.length ? ` -f ${valuesFiles.join(' ')}` : ''}${set ? ` --set ${set.join(' ')}` : ''}: ${m.map.docs.length} documents (${traced} traced exactly), ` +
          `paths via template ${counts.template}, values ${counts.values}, set ${counts.set}, fallback ${counts.fallback}; ` +
          `${missing} missing-field lookups; untraced templates: ${m.untraced.join(', ') || 'none'}\n`,
      );
      expect(m.map.docs.length).toBeGreaterThan(0);
      expect(counts.values).toBeGreaterThan(0);
      // The trace covers nearly everything; fallbacks are the exception.
      expect(
        (counts.fallback ?? 0) / Math.max(1, (counts.template ?? 0) + (counts.values ?? 0)),
      ).toBeLessThan(0.05);
    },
  );
});

interface CliFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  rendered?: { template: string; path: string; via: string };
}

/** Where a template's first object starts: the line of its first text that is not an action or a comment. */
function firstContentLine(text: string): number {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => {
    const rest = l.replace(/\{\{[^]*?\}\}/g, '').trim();
    return rest !== '' && !rest.startsWith('#') && rest !== '---';
  });
  return i + 1;
}

describe.skipIf(!existsSync(SHARED))('kubeward scan over the public charts (built CLI, real helm)', () => {
  const CLI = resolve(__dirname, '..', 'dist', 'cli.js');
  let bin: string | undefined;
  const kubeward = (args: string[]) => {
    if (!bin) {
      bin = tempTree('kubeward-public-charts-bin-', {});
      symlinkSync(helmBinary(), join(bin, 'helm'));
    }
    return spawnSync(process.execPath, [CLI, 'scan', '--format', 'json', '--fail-on', 'none', ...args], {
      cwd: SHARED,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  };

  it.each(CASES)(
    '$chart $valuesFiles $set: every finding inside its chart, at its text',
    ({ chart, valuesFiles, set }) => {
      const args = [
        ...(valuesFiles ?? []).flatMap((f) => ['--helm-values', join(chart, f)]),
        ...(set ?? []).flatMap((x) => ['--set', x]),
        chart,
      ];
      const r = kubeward(args);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.stderr).toMatch(/in 1 chart, profile recommended\n$/);
      const findings = (JSON.parse(r.stdout) as { findings: CliFinding[] }).findings;
      const counts: Record<string, number> = {};
      for (const f of findings) {
        const where = `${f.file}:${f.line}:${f.column} ${f.ruleId}`;
        // Not a render failure or a missing dependency: these charts render offline.
        expect(f.ruleId, where).not.toMatch(/^helm-/);
        expect(f.file.startsWith(`${chart}/`), where).toBe(true);
        const text = readFileSync(join(SHARED, f.file), 'utf8');
        const line = text.split('\n')[f.line - 1];
        expect(line, where).toBeDefined();
        // At text that is there: not past the end of the line, not on blank space.
        expect(f.column, where).toBeLessThanOrEqual((line ?? '').length);
        expect((line ?? '').charAt(f.column - 1), where).toMatch(/\S/);
        if (f.line === 1 && f.file.includes('/templates/')) expect(firstContentLine(text), where).toBe(1);
        const via = f.rendered?.via ?? 'none';
        counts[via] = (counts[via] ?? 0) + 1;
      }
      process.stdout.write(
        `kubeward scan ${args.join(' ')}: ${findings.length} findings (${Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})\n`,
      );
      expect(findings.length).toBeGreaterThan(0);
    },
  );

  it('a scan of the whole folder renders each chart once and places each finding in its own chart', () => {
    const r = kubeward(['.']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/in (\d+ files? and )?4 charts/);
    const findings = (JSON.parse(r.stdout) as { findings: CliFinding[] }).findings;
    const charts = new Set(findings.map((f) => f.file.split('/')[0]));
    expect([...charts].sort()).toEqual(['cert-manager', 'fluent-bit', 'ingress-nginx', 'metrics-server']);
    process.stdout.write(`kubeward scan ../shared/charts: ${findings.length} findings in 4 charts\n`);
  });
});
