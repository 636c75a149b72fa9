// Stored copies of output (gzipped, under test/golden/) and the comparison against them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { expect } from 'vitest';

const goldenDir = join(__dirname, '..', 'golden');

/** `KUBEWARD_UPDATE_GOLDEN=1` stores the output instead of comparing it. */
export const updateGolden = process.env.KUBEWARD_UPDATE_GOLDEN === '1';

/** Compares `got` with the stored copy `name`; on a difference, names the first differing line. */
export function compareGolden(name: string, got: string): void {
  const file = join(goldenDir, `${name}.gz`);
  if (updateGolden) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, gzipSync(got, { level: 9 }));
    return;
  }
  const want = gunzipSync(readFileSync(file)).toString('utf8');
  if (got === want) return;
  const a = got.split('\n');
  const b = want.split('\n');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  expect(`${name} line ${i + 1}: ${a[i] ?? '<end>'}`).toBe(`${name} line ${i + 1}: ${b[i] ?? '<end>'}`);
}
