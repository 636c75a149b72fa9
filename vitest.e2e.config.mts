// `npm run test:e2e`: the browser suite (test/e2e/browser) — the packaged extension in code-server,
// driven by headless Chromium. Steps share one editor session, so files and tests run in order.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/browser/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    sequence: { concurrent: false },
    bail: 1,
    reporters: ['verbose'],
  },
});
