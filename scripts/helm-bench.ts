// `npm run bench:helm [-- --runs N]`: Helm mapping over the public charts in ../shared/charts and the
// test charts, beside helm's own render time, in one run on one machine. Not part of `npm test`.
// helm comes from the pinned test dependency (test/support/tools.ts). Times are medians of N runs;
// the machine's load is printed because a shared machine moves them a lot.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { mapRender, scalarPaths, type HelmMap } from '../server/src/sources/helm/map';
import { ChartShadow, renderTraced } from '../server/src/sources/helm/shadow';
import { helmBinary } from '../test/support/tools';

const ROOT = process.cwd();
const argv = process.argv.slice(2);
const RUNS = Number(argv[argv.indexOf('--runs') + 1]) > 0 ? Number(argv[argv.indexOf('--runs') + 1]) : 5;
const SHARED = resolve(ROOT, '../shared/charts');
const FIXTURES = join(ROOT, 'test/fixtures/charts');

const CHARTS: { name: string; dir: string; set?: string[] }[] = [
  { name: 'ingress-nginx', dir: join(SHARED, 'ingress-nginx') },
  { name: 'metrics-server', dir: join(SHARED, 'metrics-server') },
  { name: 'fluent-bit', dir: join(SHARED, 'fluent-bit') },
  { name: 'cert-manager', dir: join(SHARED, 'cert-manager') },
  { name: 'cert-manager (CRDs on)', dir: join(SHARED, 'cert-manager'), set: ['crds.enabled=true'] },
  { name: 'webapp (helm create)', dir: join(FIXTURES, 'webapp') },
  { name: 'sidecars', dir: join(FIXTURES, 'sidecars') },
  { name: 'platform (subchart)', dir: join(FIXTURES, 'platform') },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function ms(x: number): string {
  return `${Math.round(x)} ms`;
}

async function main(): Promise<void> {
  const helm = helmBinary();
  const load = loadavg()[0]?.toFixed(1) ?? '?';
  const rows: string[] = [];
  for (const c of CHARTS) {
    const setArgs = (c.set ?? []).flatMap((s) => ['--set', s]);
    const plain: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const r = spawnSync(helm, ['template', 'release', c.dir, ...setArgs], { maxBuffer: 256 * 1024 * 1024 });
      if (r.status !== 0) throw new Error(`helm failed on ${c.name}: ${r.stderr.toString()}`);
      plain.push(performance.now() - t);
    }
    const shadow = ChartShadow.create(c.dir);
    try {
      const traced: number[] = [];
      let stdout = '';
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const { result } = await renderTraced(shadow, { helm, ...(c.set ? { set: c.set } : {}) });
        traced.push(performance.now() - t);
        if (!result.ok) throw new Error(`traced render failed on ${c.name}: ${result.message}`);
        stdout = result.stdout;
      }
      const chart = shadow.chartFiles();
      const docs = parseAllDocumentsOnce(stdout);
      const counts = { literal: 0, computed: 0, values: 0, set: 0, fallback: 0 };
      const times: number[] = [];
      let paths = 0;
      let previous: HelmMap | undefined;
      for (let i = 0; i < RUNS + 1; i++) {
        const t = performance.now();
        // After the first run, as in the editor: the previous render's map is handed on.
        const map = mapRender({ chart, stdout, nonce: shadow.nonce, ...(previous ? { previous } : {}) });
        previous = map;
        let n = 0;
        for (const d of map.docs) {
          for (const p of docs.get(d.offset) ?? []) {
            const o = d.locate(p);
            n++;
            if (i > 0) continue;
            if (o.via === 'template') {
              const ex = d.explain(p);
              if (ex.kind === 'template' && ex.literal) counts.literal++;
              else counts.computed++;
            } else counts[o.via]++;
          }
        }
        paths = n;
        times.push(performance.now() - t);
      }
      const [first = 0, ...warm] = times;
      rows.push(
        `| ${c.name} | ${paths} | ${counts.literal} / ${counts.computed} | ${counts.values + counts.set} | ${counts.fallback} | ${ms(median(plain))} | ${ms(median(traced))} | ${ms(first)} | ${ms(median(warm))} |`,
      );
    } finally {
      shadow.dispose();
    }
  }
  process.stdout.write(
    [
      `Helm mapping, ${RUNS} runs per row, load average ${load} at start (helm ${helmVersion(helm)}).`,
      '',
      '| chart | scalar paths | via template (literal / computed) | via values or --set | fallback | helm template | helm template with twins | map + locate all, first | map + locate all, next renders |',
      '|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

/** Scalar paths of each document of helm's output, by the offset mapping reports for it. */
function parseAllDocumentsOnce(stdout: string): Map<number, ReturnType<typeof scalarPaths>> {
  const out = new Map<number, ReturnType<typeof scalarPaths>>();
  const re = /^---\r?\n# Source: [^\r\n]*\r?\n/gm;
  const heads: number[] = [];
  for (let m = re.exec(stdout); m; m = re.exec(stdout)) heads.push(m.index + m[0].length);
  heads.forEach((start, i) => {
    const end = i + 1 < heads.length ? stdout.lastIndexOf('---', heads[i + 1]) : stdout.length;
    out.set(start, scalarPaths(parseAllDocuments(stdout.slice(start, end))[0]?.contents));
  });
  return out;
}

function helmVersion(helm: string): string {
  return spawnSync(helm, ['version', '--short']).stdout.toString().trim();
}

main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(1);
});
