// Smoke run of Helm mapping over the public charts in ../shared/charts (rendered with real helm):
// every scalar path of every rendered document locates inside a file of that chart, within its
// bounds, on line 1 only where the template's object starts there, and nothing throws. The counts
// per origin kind are printed so a change in mapping coverage shows up in review.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pathString, scalarPaths } from '../server/src/sources/helm/map';
import { lineCol, renderAndMap } from './support/helm';

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
