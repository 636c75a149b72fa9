import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  // As esbuild.mjs: the version comes from package.json (server/src/version.ts).
  define: { KUBEWARD_VERSION: JSON.stringify(version) },
  test: {
    include: ['server/src/**/*.test.ts', 'test/**/*.test.ts'],
    // test/install/: npm installs and builds, run after this suite, one file at a time
    // (vitest.install.config.mts), so they do not slow the timing-sensitive tests beside them.
    exclude: ['test/e2e/**', 'test/install/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'threads',
  },
});
