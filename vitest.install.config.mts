// The tests that install Kubeward the ways users do (npm tarball, pre-commit, the GitHub Action): npm
// installs and builds, minutes each, one file at a time after the main suite (`npm run test:install`).
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  define: { KUBEWARD_VERSION: JSON.stringify(version) },
  test: {
    include: ['test/install/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    pool: 'threads',
  },
});
