// File helpers the tests share: a walker over manifests under a folder (in a stable order), and
// temporary folder trees removed after the test file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

export { manifestFiles } from './walk';

const trees: string[] = [];
let cleanup = false;

/** A new temporary folder holding `files` (path → text), removed after the test file's tests. */
export function tempTree(prefix: string, files: Record<string, string>): string {
  if (!cleanup) {
    cleanup = true;
    afterAll(() => {
      for (const t of trees.splice(0)) rmSync(t, { recursive: true, force: true });
    });
  }
  const root = mkdtempSync(join(tmpdir(), prefix));
  trees.push(root);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}
