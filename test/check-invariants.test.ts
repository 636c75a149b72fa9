// The invariants every check keeps (test/fuzz/invariants.ts: ranges inside the text, fixes that apply
// and parse, every request answered, published diagnostics equal to a fresh check), in process and
// over stdio against dist/server.js, on seeded mutations of real manifests (test/fuzz/mutate.ts; a
// short pass here, long runs with `npm run fuzz -- --runs N`), and on every input a fuzz run ever
// found failing (test/fixtures/regressions/*.json).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubewardService } from '../server/src/service';
import { checkServer, checkService, freshCheck } from './fuzz/invariants';
import { applyCase, caseArb, loadSeeds } from './fuzz/mutate';
import { LspClient, SERVER_JS } from './support/lsp-client';

const REGRESSIONS = resolve(__dirname, 'fixtures/regressions');
const seeds = loadSeeds();
/** Timing on a shared CI machine is measured by the long runs; the replay checks everything else. */
const notTiming = (p: string): boolean => !/ took \d+ ms$| after \d+ ms$/.test(p);

describe('invariants on seeded mutations of real manifests', () => {
  it('in-process: 150 mutated manifests keep every invariant', { timeout: 90_000 }, () => {
    const service = new KubewardService();
    fc.assert(
      fc.property(caseArb(seeds.length), (c) => {
        const problems = checkService(service, applyCase(seeds, c)).filter(notTiming);
        expect(problems).toEqual([]);
      }),
      { seed: 8, numRuns: 150 },
    );
  });

  describe.skipIf(!existsSync(SERVER_JS))('over stdio against dist/server.js', () => {
    let client: LspClient;
    beforeAll(async () => {
      client = new LspClient();
      await client.initialize();
    });
    afterAll(async () => {
      await client.shutdown();
    });

    it(
      '40 mutated manifests: published diagnostics equal a fresh check, every request answers',
      { timeout: 90_000 },
      async () => {
        const service = new KubewardService();
        const cases = fc.sample(caseArb(seeds.length), { seed: 9, numRuns: 40 });
        let n = 0;
        for (const c of cases) {
          const text = applyCase(seeds, c);
          const expected = freshCheck(service, text);
          const uri = `file:///seeded/${++n}.yaml`;
          const problems = await checkServer(client, text, expected, { uri, version: 1, open: true });
          client.close(uri);
          expect(problems.filter(notTiming), `${seeds[c.seed]?.name ?? ''} ${JSON.stringify(c.ops)}`).toEqual(
            [],
          );
        }
        expect(client.exited).toBeUndefined();
      },
    );

    it('every regression found over stdio replays over stdio', { timeout: 60_000 }, async () => {
      const service = new KubewardService();
      const files = existsSync(REGRESSIONS)
        ? readdirSync(REGRESSIONS).filter((f) => f.endsWith('.json'))
        : [];
      let n = 0;
      for (const f of files) {
        const saved = JSON.parse(readFileSync(join(REGRESSIONS, f), 'utf8')) as {
          text: string;
          problems?: string[];
        };
        if (!saved.problems?.some((p) => p.startsWith('server: '))) continue;
        n++;
        const uri = `file:///replay/${f}.yaml`;
        const problems = await checkServer(client, saved.text, freshCheck(service, saved.text), {
          uri,
          version: 1,
          open: true,
        });
        client.close(uri);
        expect(problems.filter(notTiming), f).toEqual([]);
      }
      expect(n).toBeGreaterThan(0);
    });
  });
});

describe('invariants on every input a fuzz run found failing', () => {
  const files = existsSync(REGRESSIONS) ? readdirSync(REGRESSIONS).filter((f) => f.endsWith('.json')) : [];
  it('there are recorded regressions', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const f of files) {
    it(f, () => {
      const { text } = JSON.parse(readFileSync(join(REGRESSIONS, f), 'utf8')) as { text: string };
      expect(checkService(new KubewardService(), text).filter(notTiming)).toEqual([]);
    });
  }
});
