// Long fuzz runs: `npm run fuzz -- --runs 100000 [--seed 1] [--server-every 1] [--no-server]`.
// Mutates real manifests and the rules' docs examples (test/fuzz/mutate.ts), checks every input
// in-process and (every --server-every'th input) against the built server over stdio, prints the
// inputs run and each failure, and stores failing inputs in test/fixtures/regressions/ (replayed by
// `npm test`). Exit code 1 when anything failed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { KubewardService } from '../server/src/service';
import { checkServer, checkService, freshCheck } from '../test/fuzz/invariants';
import { applyCase, caseArb, loadSeeds, type Case } from '../test/fuzz/mutate';
import { LspClient, SERVER_JS } from '../test/support/lsp-client';

const REGRESSIONS = resolve(__dirname, '../test/fixtures/regressions');

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isFinite(v)) throw new Error(`--${name} takes a number`);
  return v;
}

const isTiming = (p: string): boolean => / took \d+ ms$| after \d+ ms$/.test(p);

async function main(): Promise<number> {
  const runs = arg('runs', 10_000);
  const seed = arg('seed', 1);
  const serverEvery = process.argv.includes('--no-server') ? 0 : arg('server-every', 1);
  const seeds = loadSeeds();
  const arb = caseArb(seeds.length);
  const service = new KubewardService();
  let client: LspClient | undefined;
  if (serverEvery > 0) {
    if (!existsSync(SERVER_JS)) throw new Error('run `npm run build` first');
    client = new LspClient();
    await client.initialize();
  }
  const started = performance.now();
  let run = 0;
  let serverRuns = 0;
  let failures = 0;
  let slowest = 0;
  let slowRetried = 0;
  const persistent = 'file:///fuzz/persistent.yaml';
  let persistentVersion = 0;
  let docN = 0;
  const BATCH = 500;
  for (let batch = 0; run < runs; batch++) {
    const cases: Case[] = fc.sample(arb, {
      seed: seed * 1_000_003 + batch,
      numRuns: Math.min(BATCH, runs - run),
    });
    for (const c of cases) {
      run++;
      const text = applyCase(seeds, c);
      const t0 = performance.now();
      let problems = checkService(service, text);
      if (problems.length > 0 && problems.every(isTiming)) {
        // A slow answer on a loaded machine is re-measured once; only a repeat counts as a failure.
        const again = checkService(service, text);
        if (again.length === 0) slowRetried++;
        problems = again;
      }
      if (client && serverEvery > 0 && run % serverEvery === 0 && !client.exited) {
        serverRuns++;
        const expected = freshCheck(service, text);
        // Alternate between opening a fresh document and changing one long-lived document.
        const viaChange = run % 2 === 0;
        const how = viaChange
          ? { uri: persistent, version: ++persistentVersion, open: persistentVersion === 1 }
          : { uri: `file:///fuzz/doc-${++docN}.yaml`, version: 1, open: true };
        let fromServer = await checkServer(client, text, expected, how);
        if (fromServer.length > 0 && fromServer.every(isTiming)) {
          if (!viaChange) client.close(how.uri);
          const again = { uri: `file:///fuzz/retry-${++docN}.yaml`, version: 1, open: true };
          fromServer = await checkServer(client, text, expected, again);
          client.close(again.uri);
          if (fromServer.length === 0) slowRetried++;
        }
        problems.push(...fromServer.map((p) => `server: ${p}`));
        if (!viaChange) client.close(how.uri);
      }
      slowest = Math.max(slowest, performance.now() - t0);
      if (problems.length > 0) {
        failures++;
        const id = createHash('sha1').update(text).digest('hex').slice(0, 10);
        mkdirSync(REGRESSIONS, { recursive: true });
        const file = join(REGRESSIONS, `fuzz-${id}.json`);
        writeFileSync(
          file,
          `${JSON.stringify({ seed: seeds[c.seed]?.name, ops: c.ops, problems, text }, null, 2)}\n`,
        );
        console.log(`FAIL #${run} ${seeds[c.seed]?.name ?? '?'} -> ${file}\n  ${problems.join('\n  ')}`);
        if (client?.exited) {
          console.log(`server died (${JSON.stringify(client.exited)}); restarting`);
          client = new LspClient();
          await client.initialize();
          persistentVersion = 0;
        }
      }
    }
    if (run % 5_000 < BATCH || run === runs) {
      const s = ((performance.now() - started) / 1000).toFixed(0);
      console.log(`${run} inputs (${serverRuns} also over stdio), ${failures} failing, ${s} s`);
    }
  }
  await client?.shutdown();
  const seconds = (performance.now() - started) / 1000;
  const summary = {
    inputs: run,
    serverInputs: serverRuns,
    failures,
    seeds: seeds.length,
    seed,
    seconds: Math.round(seconds),
    slowestInputMs: Math.round(slowest),
    slowOnceThenWithinLimit: slowRetried,
  };
  console.log(`SUMMARY ${JSON.stringify(summary)}`);
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 2;
  },
);
