// Preload for the server memory test (test/server-memory-and-bursts.test.ts), the idea of scripts/bench.ts' heap probe:
//   node --expose-gc -r ./test/support/heap-probe.cjs dist/server.js --stdio
// On SIGUSR2 it runs full garbage collections and writes `KUBEWARD_HEAP <heapUsed> <rss>` (bytes)
// to stderr. The language server speaks LSP on stdin/stdout, so stderr is a free side channel, and
// the server's own code is not touched.
'use strict';
process.on('SIGUSR2', () => {
  if (typeof global.gc !== 'function') {
    process.stderr.write('KUBEWARD_HEAP unavailable: start node with --expose-gc\n');
    return;
  }
  for (let i = 0; i < 4; i++) global.gc();
  const m = process.memoryUsage();
  process.stderr.write(`KUBEWARD_HEAP ${m.heapUsed} ${m.rss}\n`);
});
