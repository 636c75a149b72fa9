// Stored copies of output (gzipped, under test/golden/) and the comparison against them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { expect } from 'vitest';

const goldenDir = join(__dirname, '..', 'golden');

/** `KUBEWARD_UPDATE_GOLDEN=1` stores the output instead of comparing it. */
export const updateGolden = process.env.KUBEWARD_UPDATE_GOLDEN === '1';

/**
 * Compares `produced` with the stored copy `name`; on a difference, names the first differing line.
 * `normalise` is applied to both sides first (the stored copy is written as it was produced).
 */
export function compareGolden(name: string, produced: string, normalise = (s: string): string => s): void {
  const file = join(goldenDir, `${name}.gz`);
  if (updateGolden) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, gzipSync(produced, { level: 9 }));
    return;
  }
  const got = normalise(produced);
  const want = normalise(gunzipSync(readFileSync(file)).toString('utf8'));
  if (got === want) return;
  const a = got.split('\n');
  const b = want.split('\n');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  expect(`${name} line ${i + 1}: ${a[i] ?? '<end>'}`).toBe(`${name} line ${i + 1}: ${b[i] ?? '<end>'}`);
}
